/**
 * GraphQL over WebSocket (graphql-transport-ws) on the HTTP server's /graphql.
 * The token in `connection_init` is checked once (4403 on failure); every
 * operation gets its own scope; errors are coded as on HTTP.
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { TokenVerifier } from '../auth/tokens';
import { Viewer, viewerFromAuthorization } from '../auth/viewer';
import type { Orm } from '../db/orm';
import { createScope } from '../graphql/context';
import { formatHubError } from '../graphql/format-error';
import { assertAffordable, limitRules } from '../graphql/limits';
import type { PubSub } from '../realtime/pubsub';
import { consumeForUser, type RateLimiters } from './rate-limit';

export interface WebSocketOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  orm: Orm;
  verify: TokenVerifier;
  pubsub: PubSub;
  logger: Logger;
  config: Config;
  limiters: RateLimiters;
}

interface ConnectionState extends Record<PropertyKey, unknown> {
  viewer: Viewer;
  connectionId: string;
  /** Counted against the user's connection limit (released on close). */
  counted: boolean;
}

/** Close code for a user over their connection limit. */
export const TOO_MANY_CONNECTIONS = 4429;

const NON_NULL_BUG = /^Cannot return null for non-nullable field/;

export function attachWebSocket(options: WebSocketOptions) {
  const { orm, logger, config } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: config.limits.wsMessageBytes });
  const formatOptions = { production: config.production, logger, schema: options.schema };

  /** Errors without a cause are the client's mistakes (validation, variables); the rest go through formatHubError. */
  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => {
      const formatted = error.toJSON();
      if (!error.originalError && !formatted.extensions?.code && !NON_NULL_BUG.test(error.message)) {
        return formatHubError({ ...formatted, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error, formatOptions);
      }
      return formatHubError(formatted, error, formatOptions);
    });

  const rules = [...specifiedRules, ...limitRules(config.limits), ...(config.production ? [NoSchemaIntrospectionCustomRule] : [])];

  /** The same parse limits, validation rules and cost check as over HTTP. */
  const prepare = (payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }) => {
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: config.limits.maxTokens });
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError('Syntax Error: the document cannot be parsed')];
    }
    const errors = validate(options.schema, document, rules);
    if (errors.length) return errors;
    try {
      assertAffordable(options.schema, document, payload.variables ?? undefined, payload.operationName, config.limits);
    } catch (error) {
      return [error as GraphQLError];
    }
    return { schema: options.schema, document, variableValues: payload.variables, operationName: payload.operationName };
  };

  const connectionsByUser = new Map<string, number>();
  const release = (userId: string) => {
    const left = (connectionsByUser.get(userId) ?? 1) - 1;
    if (left > 0) connectionsByUser.set(userId, left);
    else connectionsByUser.delete(userId);
  };

  const server = useServer<{ authorization?: unknown }, ConnectionState>(
    {
      schema: options.schema,
      connectionInitWaitTimeout: 5_000,
      isProd: config.production,
      onConnect: async (ctx) => {
        ctx.extra.connectionId = randomUUID();
        try {
          const viewer = await viewerFromAuthorization(orm.em, options.verify, ctx.connectionParams?.authorization);
          ctx.extra.viewer = viewer;
          if (viewer.userId) {
            const open = connectionsByUser.get(viewer.userId) ?? 0;
            if (open >= config.rateLimits.wsConnectionsPerUser) {
              ctx.extra.socket.close(TOO_MANY_CONNECTIONS, 'Too many connections for this user');
              return false;
            }
            connectionsByUser.set(viewer.userId, open + 1);
            ctx.extra.counted = true;
          }
          return true;
        } catch (error) {
          logger.info({ reason: (error as Error).message }, 'websocket refused');
          return false;
        }
      },
      context: (ctx, id) =>
        createScope({
          rootEm: orm.em,
          viewer: ctx.extra.viewer ?? Viewer.anonymous,
          logger: logger.child({ requestId: `${ctx.extra.connectionId}/${id}` }),
          requestId: `${ctx.extra.connectionId}/${id}`,
          pubsub: options.pubsub,
        }) as unknown as Record<PropertyKey, unknown>,
      onSubscribe: async (ctx, _id, payload) => {
        const userId = ctx.extra.viewer?.userId;
        if (userId) {
          try {
            await consumeForUser(options.limiters, userId);
          } catch (error) {
            return [error as GraphQLError];
          }
        }
        return prepare(payload);
      },
      onClose: (ctx) => {
        if (ctx.extra.counted && ctx.extra.viewer?.userId) release(ctx.extra.viewer.userId);
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
    },
    wsServer,
  );

  return {
    wsServer,
    /** Closes every socket with 1001 and stops accepting new ones. */
    dispose: async () => {
      await server.dispose();
    },
  };
}
