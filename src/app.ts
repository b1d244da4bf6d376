/**
 * The composition root: one HTTP server carrying Apollo (POST/GET /graphql),
 * graphql-ws on the same path, health checks and the IDE; and an orderly
 * shutdown (stop accepting, finish in-flight work, close sockets with 1001,
 * close the ORM and Redis).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { WebSocketServer } from 'ws';
import type { Config } from './config';
import { createTokenVerifier } from './auth/tokens';
import { createOrm, type Orm } from './db/orm';
import type { HubContext } from './graphql/context';
import { formatHubError } from './graphql/format-error';
import { createHttpApp } from './http/express';
import { attachWebSocket } from './http/websocket';
import { createRealtimeBus, type RealtimeBus } from './realtime/pubsub';
import type { Logger } from './logger';
import { createSchema, entities } from './schema';
import { requestLogging } from './http/request-logging';
import { createGraphQLContext } from './http/context';
import { createRateLimiters } from './http/rate-limit';
import { assertAffordable, limitRules } from './graphql/limits';

export interface HubOptions {
  config: Config;
  databaseUrl: string;
  logger: Logger;
  /** Called with each SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
}

export interface Hub {
  url: string;
  port: number;
  orm: Orm;
  bus: RealtimeBus;
  httpServer: http.Server;
  close(): Promise<void>;
}

/** Starts the hub on `config.port` (0: any free port). */
export async function startHub(options: HubOptions): Promise<Hub> {
  const { config, logger } = options;
  const orm = await createOrm({ clientUrl: options.databaseUrl, entities, logger, onQuery: options.onQuery });
  const bus = await createRealtimeBus(config.redisUrl, logger).catch(async (error) => {
    await orm.close();
    throw error;
  });
  const schema = await createSchema(bus.pubsub);
  const verify = createTokenVerifier(config.auth);
  const httpServer = http.createServer();
  const formatOptions = { production: config.production, logger, schema };

  const limiters = createRateLimiters(config.rateLimits, bus.redis);
  const webSocket = attachWebSocket({ httpServer, schema, orm, verify, pubsub: bus.pubsub, logger, config, limiters });

  const apollo = new ApolloServer<HubContext>({
    schema,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: limitRules(config.limits),
    formatError: (formatted, error) => formatHubError(formatted, error, formatOptions),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 10_000 }),
      { serverWillStart: async () => ({ drainServer: () => webSocket.dispose() }) },
      ApolloServerPluginLandingPageDisabled(),
      requestLogging(),
      {
        requestDidStart: async () => ({
          didResolveOperation: async ({ document, request, operationName }) =>
            assertAffordable(schema, document, request.variables, operationName, config.limits),
        }),
      },
    ],
  });
  await apollo.start();

  const graphql = expressMiddleware(apollo, {
    context: ({ req }) => createGraphQLContext({ req, orm, verify, pubsub: bus.pubsub, logger, limiters }),
  });
  httpServer.on('request', createHttpApp({ config, orm, graphql, limiters }));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info('hub stopping: finishing in-flight requests and closing sockets');
      await apollo.stop();
      logger.debug('graphql stopped');
      await bus.close();
      await orm.close();
      logger.info('hub stopped');
    })());

  return { url, port, orm, bus, httpServer, close };
}
