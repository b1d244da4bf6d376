/**
 * The read peer: PostGraphile v4 over the bench's scratch database, as a
 * child process (DATABASE_URL is the data set; it reports its port over IPC
 * and answers `cpu` and `stop`, like the floor). Its schema is generated from
 * the tables of `public`; the two root fields the bench asks for that v4
 * cannot express with its own `condition` argument (full-text search ranked
 * by relevance, a name `ilike`) are two SQL functions the bench adds to the
 * scratch database (`BENCH_FUNCTIONS` in postgraphile-queries.ts), which PostGraphile exposes as
 * `Query.benchSearchLearningModules` and `Query.benchOrganizations`.
 *
 * No authorization: no roles, no row-level security, no JWT. Every row is
 * visible to every request (a deployment would add row-level security
 * policies, which PostGraphile evaluates in each statement, at a cost the
 * bench does not measure).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Module from 'node:module';
import path from 'node:path';
import pg from 'pg';

/**
 * One graphql-js for PostGraphile. As installed here, PostGraphile,
 * graphile-build-pg and graphql-parse-resolve-info each find a different copy
 * (two of 15.11, the hub's 16), and graphql-js refuses types "from another
 * module or realm"; every `graphql` import of this process is pointed at
 * PostGraphile's own copy before PostGraphile loads.
 */
function oneGraphql() {
  const root = path.dirname(require.resolve('graphql/package.json', { paths: [path.dirname(require.resolve('postgraphile/package.json'))] }));
  const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = resolver._resolveFilename.bind(Module);
  resolver._resolveFilename = (request, ...rest) =>
    request === 'graphql' || request.startsWith('graphql/') ? resolve(request.replace(/^graphql/, root), ...rest) : resolve(request, ...rest);
}

async function run() {
  oneGraphql();
  const { postgraphile } = await import('postgraphile');
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const handler = postgraphile(pool, 'public', {
    graphqlRoute: '/graphql',
    disableDefaultMutations: true,
    disableQueryLog: true,
    retryOnInitFail: false,
    extendedErrors: [],
    showErrorStack: false,
    setofFunctionsContainNulls: false,
    ignoreRBAC: false,
    enableQueryBatching: false,
    legacyRelations: 'omit',
  });
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
  process.on('message', (message: { type: string }) => {
    if (message.type === 'cpu') process.send?.({ type: 'cpu', ...process.cpuUsage() });
    if (message.type === 'stop') server.close(() => void pool.end().then(() => process.exit(0)));
  });
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
