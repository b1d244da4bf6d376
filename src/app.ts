/**
 * The composition root: one HTTP server carrying Apollo (POST/GET /graphql),
 * graphql-ws on the same path, health checks and the IDE; and an orderly
 * shutdown (stop accepting, finish in-flight work, close sockets with 1001,
 * close the ORM and Redis).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Config } from './config';
import { createTokenVerifier } from './auth/tokens';
import { createOrm, type Orm } from './db/orm';
import { preparedStatements } from './db/select';
import type { HubContext } from './graphql/context';
import { formatHubError } from './graphql/format-error';
import { BadUserInputError } from './errors';
import { createHttpApp } from './http/express';
import { attachWebSocket } from './http/websocket';
import type { Clock } from './domain/clock';
import { createRealtimeBus, type RealtimeBus } from './realtime/pubsub';
import type { Logger } from './logger';
import { entities } from './entities';
import { createSchema } from './schema';
import { requestLogging } from './http/request-logging';
import { createGraphQLContext } from './http/context';
import { createRateLimiters } from './http/rate-limit';
import { boundedDocumentStore } from './graphql/document-cache';
import { assertStorableText } from './http/storable-text';
import { assertAffordable, limitRules } from './graphql/limits';
import { compiledExecution } from './graphql/compiled-execution';
import { configureTextMerge } from './text/merge';
import { configureDocuments } from './text/yjs';
import { boundResponses } from './graphql/response-bounds';
import { startNotificationQueue, type NotificationQueue } from './modules/notifications/notification.queue';
import { documentsRouter } from './http/documents';
import { exportsRouter } from './http/exports';
import { PostgresDocumentStore, type DocumentStore } from './modules/documents/document.store';
import { startDocumentSweep } from './modules/documents/document.sweep';

/** Marks an error refused before execution with its HTTP status (Apollo answers 500 otherwise; the `http` extension never reaches the client). */
function withHttpStatus(error: unknown, status: number): unknown {
  if (error instanceof GraphQLError) Object.assign(error.extensions, { http: { status } });
  return error;
}

/** What a socket gets when Node's HTTP parser refuses a request (a malformed request line, headers too large): a coded JSON error. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'HPE_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ errors: [{ message: 'The HTTP request is malformed', extensions: { code: 'BAD_USER_INPUT' } }] });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Memory for parsed documents over HTTP (source text included). */
const DOCUMENT_STORE_BYTES = 32 * 2 ** 20;

export interface HubOptions {
  config: Config;
  databaseUrl: string;
  logger: Logger;
  /** Called with each SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  /** The clock deadlines are judged by: the real one unless a test gives its own. */
  clock?: Clock;
}

export interface Hub {
  url: string;
  port: number;
  orm: Orm;
  bus: RealtimeBus;
  /** The executable schema the hub serves (tests watch its resolvers). */
  schema: GraphQLSchema;
  /** The job queue (pg-boss) that mails notifications. */
  notifications: NotificationQueue;
  httpServer: http.Server;
  /** Where uploaded documents' bytes are kept. */
  documentStore: DocumentStore;
  close(): Promise<void>;
}

/** Starts the hub on `config.port` (0: any free port). */
export async function startHub(options: HubOptions): Promise<Hub> {
  const { config, logger } = options;
  configureTextMerge(config.limits.mergeSteps);
  configureDocuments({
    updateBytes: config.limits.yjsUpdateBytes,
    documentBytes: config.limits.yjsDocumentBytes,
    compactEvery: config.limits.yjsCompactEvery,
    burstIdleMs: config.limits.yjsBurstIdleMs,
    burstMaxMs: config.limits.yjsBurstMaxMs,
    burstSweepMs: config.limits.yjsBurstSweepMs,
    updatesPerSecond: config.limits.yjsUpdatesPerSecond,
  });
  // The migrator is loaded only if the readiness check needs it (main.ts migrates with an ORM of its own).
  const orm = await createOrm({ clientUrl: options.databaseUrl, entities, logger, onQuery: options.onQuery, migrator: false });
  preparedStatements(orm.em, config.preparedStatements);
  const bus = await createRealtimeBus(config.redisUrl, logger).catch(async (error) => {
    await orm.close();
    throw error;
  });
  const notifications = await startNotificationQueue({
    config: config.notifications,
    databaseUrl: options.databaseUrl,
    orm,
    pubsub: bus.pubsub,
    logger,
    publicUrl: config.notifications.publicUrl,
  }).catch(async (error) => {
    await bus.close();
    await orm.close();
    throw error;
  });
  const schema = boundResponses(await createSchema(bus.pubsub), config.limits);
  const verify = createTokenVerifier(config.auth);
  // Idle keep-alive sockets stay open longer than a client or proxy keeps them (nginx, undici: 4-60 s), so the
  // hub never closes a socket at the instant a client sends its next request on it (ECONNRESET under load).
  const httpServer = http.createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 });
  httpServer.on('clientError', answerClientError);
  const formatOptions = { production: config.production, logger, schema };

  const limiters = createRateLimiters(config.rateLimits, bus.redis);
  const webSocket = attachWebSocket({ httpServer, schema, orm, verify, pubsub: bus.pubsub, logger, config, limiters });

  const apollo = new ApolloServer<HubContext>({
    // The schema, executed by compiled queries (see compiled-execution.ts).
    gateway: compiledExecution(schema),
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    documentStore: boundedDocumentStore(DOCUMENT_STORE_BYTES),
    validationRules: limitRules(config.limits),
    formatError: (formatted, error) => formatHubError(formatted, error, formatOptions),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 10_000 }),
      { serverWillStart: async () => ({ drainServer: () => webSocket.dispose() }) },
      ApolloServerPluginLandingPageDisabled(),
      // The hub sets no cache hints; Apollo's default cache-control plugin would wrap every field resolver to look for them.
      ApolloServerPluginCacheControlDisabled(),
      requestLogging(),
      {
        requestDidStart: async () => ({
          didResolveOperation: async ({ document, request, operationName, operation }) => {
            if (operation?.operation === 'subscription') {
              throw withHttpStatus(
                BadUserInputError.field('query', 'subscriptions are served over WebSocket (graphql-transport-ws) on this same /graphql path'),
                400,
              );
            }
            try {
              assertStorableText(document, request.variables);
              assertAffordable(schema, document, request.variables, operationName, config.limits);
            } catch (error) {
              // Apollo answers errors thrown here with 500 unless they carry their own status.
              throw withHttpStatus(error, 400);
            }
          },
        }),
      },
    ],
  });
  await apollo.start();

  const graphql = expressMiddleware(apollo, {
    context: ({ req }) => createGraphQLContext({ req, orm, verify, pubsub: bus.pubsub, logger, limiters, clock: options.clock }),
  });
  const documentStore: DocumentStore = new PostgresDocumentStore();
  const documents = documentsRouter({
    documents: config.documents,
    corsOrigins: config.corsOrigins,
    orm,
    verify,
    limiters,
    pubsub: bus.pubsub,
    logger,
    store: documentStore,
  });
  const exports = exportsRouter({ schema, orm, verify, pubsub: bus.pubsub, logger, limiters, corsOrigins: config.corsOrigins, clock: options.clock });
  httpServer.on('request', createHttpApp({ config, orm, graphql, limiters, documents, exports }));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const documentSweep = await startDocumentSweep({
    rootEm: orm.em,
    store: documentStore,
    pubsub: bus.pubsub,
    logger,
    unattachedHours: config.documents.unattachedHours,
  });
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
  if (config.notifications.publicUrl.endsWith(':0')) notifications.setPublicUrl(url.replace(/\/graphql$/, ''));

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info('hub stopping: finishing in-flight requests and closing sockets');
      // WebSockets first: Apollo's HTTP drain ends every socket it sees as idle, upgraded ones included.
      await webSocket.dispose();
      await apollo.stop();
      logger.debug('graphql stopped');
      await notifications.stop();
      logger.debug('job queue stopped');
      await documentSweep.stop();
      await bus.close();
      await orm.close();
      logger.info('hub stopped');
    })());

  return { url, port, orm, bus, schema, notifications, httpServer, documentStore, close };
}
