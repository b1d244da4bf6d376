/**
 * A GraphiQL IDE served from the installed packages (no CDN), so
 * `GET /graphql` in a browser works offline. Off in production.
 * Queries and mutations go over HTTP; subscriptions over graphql-ws on the
 * same path, authenticated with the Authorization header set in the IDE's
 * headers pane (sent as the connection_init payload, as the hub expects).
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
  'graphql-ws.js': packageFile('graphql-ws', 'umd/graphql-ws.min.js'),
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
  <script src="/ide/graphql-ws.js"></script>
  <script>
    const url = new URL('/graphql', window.location.href).toString();
    const wsUrl = url.replace(/^http/, 'ws');
    // The headers pane's Authorization, whatever its case.
    const authorizationOf = (headers) => {
      const key = Object.keys(headers || {}).find((name) => name.toLowerCase() === 'authorization');
      return key === undefined ? undefined : String(headers[key]);
    };
    // A WebSocket carries no headers from the page: the token goes in connection_init,
    // and a changed header means a new connection (the old one keeps the old viewer).
    let current;
    const fetcher = (params, options) => {
      const authorization = authorizationOf(options && options.headers);
      if (!current || current.authorization !== authorization) {
        if (current) current.wsClient.dispose();
        const wsClient = graphqlWs.createClient({ url: wsUrl, connectionParams: authorization === undefined ? {} : { authorization } });
        current = { authorization, wsClient, fetch: GraphiQL.createFetcher({ url, wsClient }) };
      }
      return current.fetch(params, options);
    };
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
