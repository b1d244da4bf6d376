/**
 * A GraphiQL IDE served from the installed packages (no CDN), so
 * `GET /graphql` in a browser works offline. Off in production.
 */
import path from 'node:path';
import express, { type Router } from 'express';

/** A file inside an installed package (its `exports` may hide it from require.resolve). */
function packageFile(pkg: string, file: string): string {
  const packageJson = require.resolve(`${pkg}/package.json`);
  return path.join(path.dirname(packageJson), file);
}

const ASSETS: Record<string, string> = {
  'react.js': packageFile('react', 'umd/react.production.min.js'),
  'react-dom.js': packageFile('react-dom', 'umd/react-dom.production.min.js'),
  'graphiql.js': packageFile('graphiql', 'graphiql.min.js'),
  'graphiql.css': packageFile('graphiql', 'graphiql.min.css'),
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>CNZ hub · GraphQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <link rel="stylesheet" href="/ide/graphiql.css" />
  <style>html, body, #ide { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="ide">Loading the GraphQL IDE…</div>
  <script src="/ide/react.js"></script>
  <script src="/ide/react-dom.js"></script>
  <script src="/ide/graphiql.js"></script>
  <script>
    const url = new URL('/graphql', window.location.href).toString();
    const fetcher = GraphiQL.createFetcher({ url });
    const defaultQuery = '# Welcome to the CNZ hub. Get a token with: npm run token -- <email>\\n# and add it under Headers: {"Authorization": "Bearer <token>"}\\n\\nquery Network {\\n  organizations(first: 10) {\\n    totalCount\\n    edges { node { name kind region zones } }\\n  }\\n}\\n';
    ReactDOM.createRoot(document.getElementById('ide')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery, shouldPersistHeaders: true }),
    );
  </script>
</body>
</html>`;

/** True when a request is a browser asking for a page. */
export function wantsPage(accept: string | undefined): boolean {
  return typeof accept === 'string' && accept.includes('text/html');
}

export function ideRouter(): Router {
  const router = express.Router();
  router.get('/ide/:asset', (req, res, next) => {
    // Own keys only: `/ide/constructor` must not reach Object.prototype.
    const file = Object.hasOwn(ASSETS, req.params.asset) ? ASSETS[req.params.asset] : undefined;
    if (!file) return next();
    res.sendFile(file, { maxAge: '1d' });
  });
  router.get('/graphql', (req, res, next) => {
    if (!wantsPage(req.headers.accept)) return next();
    res.type('html').send(PAGE);
  });
  return router;
}
