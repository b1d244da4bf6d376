/**
 * The house's floors: imports run one way, down, with no exception.
 *
 *   ground    errors.ts config.ts logger.ts domain/ text/
 *   db        db/
 *   auth      auth/
 *   realtime  realtime/      (event transport: pubsub, channels, topics)
 *   graphql   graphql/       (context, connections, limits, execution)
 *   delivery  delivery/      (subscription delivery: channel -> decide -> execute -> sockets)
 *   features  modules/<feature>/
 *   top       schema.ts entities.ts app.ts main.ts http/ cli/ demo/
 *   web/      the browser app: imports nothing of the server, and the server nothing of it
 *
 * A floor imports only floors below it (and itself). A feature never imports
 * another feature's resolver; it shares through entities, services and events.
 * `npm run lint:imports` runs this; CI runs it through `npm run lint`.
 */
const floors = [
  ['ground', '^src/(errors|config|logger)\\.ts$|^src/(domain|text)/'],
  ['db', '^src/db/'],
  ['auth', '^src/auth/'],
  ['realtime', '^src/realtime/'],
  ['graphql', '^src/graphql/'],
  ['delivery', '^src/delivery/'],
  ['features', '^src/modules/'],
];

const forbidden = floors.map(([name, path], index) => ({
  name: `${name}-imports-upward`,
  comment: `${name} may import only ${floors
    .slice(0, index + 1)
    .map(([n]) => n)
    .join(', ')} (and packages)`,
  severity: 'error',
  from: { path },
  to: {
    path: '^src/',
    pathNot: floors
      .slice(0, index + 1)
      .map(([, p]) => `(${p})`)
      .join('|'),
  },
}));

module.exports = {
  forbidden: [
    ...forbidden,
    {
      name: 'feature-imports-another-features-resolver',
      comment: "a feature shares through entities, services and events, never another feature's resolver",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/.*\\.resolver\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'no-circular',
      comment: 'a cycle means two files are one concern, or one is on the wrong floor',
      severity: 'error',
      // Entities name each other in their relations (MikroORM's bidirectional
      // references); a cycle made only of entities is the model, not a mistake.
      from: { path: '^src/', pathNot: '\\.entity\\.ts$' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-app-stands-alone',
      comment: 'the browser app (src/web) talks to the hub through its public API only, never by importing server code',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/', pathNot: '^src/web/' },
    },
    {
      name: 'server-never-imports-the-web-app',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/web/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'src-never-imports-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|node_modules)/' },
  },
};
