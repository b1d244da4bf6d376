/**
 * GraphQL over WebSocket (graphql-transport-ws) on the HTTP server's /graphql.
 * The token in `connection_init` is checked once (4403 on failure) and holds
 * until its `exp`: then the socket closes with 4401 (the client reconnects
 * with a fresh token), and an operation or a subscription event that comes
 * later anyway (a busy event loop) is refused or dropped. Every connection
 * costs its address a rate-limit point; an anonymous socket's operations are
 * counted against its address, a signed-in one's against its user, and
 * anonymous sockets open at once per address, sockets per user and
 * subscriptions per socket are capped. Every
 * operation gets its own scope; errors are coded as on HTTP. Subscription
 * events take the way of src/delivery/ (graphql-ws's `subscribe` and
 * `onOperation` hooks): a result shared by a crowd goes out as the JSON text
 * made once per event. A connection keeps nothing of its upgrade request or
 * its token once it is accepted.
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type OperationDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { TokenVerifier } from '../auth/tokens';
import { sessionFromAuthorization, Viewer } from '../auth/viewer';
import type { Orm } from '../db/orm';
import { createScope } from '../graphql/context';
import { TooManyAtOnceError, UnauthenticatedError } from '../errors';
import { formatHubError } from '../graphql/format-error';
import { assertAffordable, limitRules } from '../graphql/limits';
import { executeBounded } from '../graphql/response-bounds';
import { DocumentCache, documentFootprint } from '../graphql/document-cache';
import type { PubSub } from '../realtime/pubsub';
import { deliverTo, subscribeShared } from '../delivery';
import { HubSocket, sweepSockets, TOO_MANY_CONNECTIONS } from '../delivery/hub-socket';
import { consumeForAddress, consumeForUser, type RateLimiters } from './rate-limit';
import { assertStorableText } from './storable-text';

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
  /** The peer's address: an anonymous socket's operations and place count against it. */
  address: string;
  /** Counted against the user's (signed in) or the address's (anonymous) connection limit, released on close. */
  counted: boolean;
  /** Ids of the subscriptions running on this socket (see WS_SUBSCRIPTIONS_PER_SOCKET). */
  liveIds?: Set<string>;
}

/**
 * Connection ids (in request ids and logs): this process's random prefix and a counter. Short on purpose:
 * a UUID per connection is a chain of concatenated strings, kept for the connection's life.
 */
const INSTANCE = randomUUID().slice(0, 8);
let nextConnection = 0;

// graphql-js gives these errors no code or class of their own (a null in a non-null field, a variable that does
// not coerce): their message text is the only mark, as format-error.ts notes for the same checks over HTTP.
const NON_NULL_BUG = /^Cannot return null for non-nullable field/;

/** Only the variables the operation declares (validation has made sure it uses each): graphql-ws keeps the payload as long as the operation runs. */
function declaredVariables(
  operation: OperationDefinitionNode | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): Record<string, unknown> | undefined {
  if (!variables || !operation?.variableDefinitions?.length) return undefined;
  const kept: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions) {
    const name = definition.variable.name.value;
    if (Object.hasOwn(variables, name)) kept[name] = variables[name];
  }
  return kept;
}

export function attachWebSocket(options: WebSocketOptions) {
  const { orm, logger, config } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: config.limits.wsMessageBytes, WebSocket: HubSocket });
  const formatOptions = { production: config.production, logger, schema: options.schema };

  /**
   * Errors without a cause are the client's mistakes (validation, variables);
   * so are variables that do not coerce (graphql-js reports them, with the
   * scalar's own error as cause, in a result without data, before executing).
   * The rest go through formatHubError.
   */
  const format = (errors: readonly GraphQLError[], beforeExecution = false): GraphQLFormattedError[] =>
    errors.map((error) => {
      const formatted = error.toJSON();
      const badVariable = beforeExecution && error.message.startsWith('Variable "$');
      if ((!error.originalError || badVariable) && !formatted.extensions?.code && !NON_NULL_BUG.test(error.message)) {
        return formatHubError({ ...formatted, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error, formatOptions);
      }
      return formatHubError(formatted, error, formatOptions);
    });

  /** Refuses an operation received after the token expired: UNAUTHENTICATED on it, then the socket closes with 4401. */
  const refuseExpired = (socket: HubSocket, id: string): GraphQLError[] => {
    const errors = [new UnauthenticatedError('The token has expired')];
    // Written before the close; graphql-ws's own error message then finds the socket closing and is dropped.
    socket.send(JSON.stringify({ id, type: 'error', payload: format(errors) }));
    socket.expire();
    return errors;
  };

  const rules = [...specifiedRules, ...limitRules(config.limits), ...(config.production ? [NoSchemaIntrospectionCustomRule] : [])];

  /**
   * Parsed and validated documents by their text: a crowd subscribing with
   * the same operation shares one AST (memory held per subscription) and
   * pays parsing and validation once, as Apollo's document store does over HTTP
   * (the same cache, bounded by bytes: graphql/document-cache.ts).
   */
  // Bounded by the memory held, not by count: the text (which the AST and any errors reference) can be 1 MB.
  const MAX_DOCUMENT_BYTES = 32 * 2 ** 20;
  const documents = new DocumentCache<{ prepared: DocumentNode | readonly GraphQLError[]; text: string }>(MAX_DOCUMENT_BYTES);
  const parseAndValidate = (payload: { query: string }): DocumentNode | readonly GraphQLError[] => {
    const query = payload.query;
    const known = documents.get(query);
    if (known) {
      // graphql-ws keeps the subscribe message for the subscription's life: one copy of the text for the crowd, not one each.
      payload.query = known.text;
      return known.prepared;
    }
    let prepared: DocumentNode | readonly GraphQLError[];
    try {
      const document = parse(query, { maxTokens: config.limits.maxTokens });
      const errors = validate(options.schema, document, rules);
      prepared = errors.length ? errors : document;
    } catch (error) {
      prepared = [error instanceof GraphQLError ? error : new GraphQLError('Syntax Error: the document cannot be parsed')];
    }
    documents.set(query, { prepared, text: query }, documentFootprint(query, prepared));
    return prepared;
  };

  /**
   * The same parse limits, validation rules and cost check as over HTTP; the payload keeps only the variables the operation declares.
   * With the execution arguments, whether the operation is a subscription.
   */
  const prepare = (payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }) => {
    const document = parseAndValidate(payload);
    if (!('kind' in document)) {
      payload.variables = undefined;
      return [...document];
    }
    const operation = getOperationAST(document, payload.operationName);
    payload.variables = declaredVariables(operation, payload.variables);
    try {
      assertStorableText(document, payload.variables);
      assertAffordable(options.schema, document, payload.variables ?? undefined, payload.operationName, config.limits);
    } catch (error) {
      return [error as GraphQLError];
    }
    return {
      args: { schema: options.schema, document, variableValues: payload.variables, operationName: payload.operationName },
      subscription: operation?.operation === 'subscription',
    };
  };

  // Open connections by user (signed in) and by address (anonymous); one map, the keys cannot meet (an address is no UUID).
  const openConnections = new Map<string, number>();
  /** Counts a connection for `key`; false when `limit` are open already. */
  const hold = (key: string, limit: number): boolean => {
    const open = openConnections.get(key) ?? 0;
    if (open >= limit) return false;
    openConnections.set(key, open + 1);
    return true;
  };
  const release = (key: string) => {
    const left = (openConnections.get(key) ?? 1) - 1;
    if (left > 0) openConnections.set(key, left);
    else openConnections.delete(key);
  };
  const connectionKey = (extra: Partial<ConnectionState>) => extra.viewer?.userId ?? `address:${extra.address}`;

  // Each connection costs its address a point, so a client cannot churn sockets (each held up to connectionInitWaitTimeout before init) without limit.
  wsServer.on('connection', (socket, request) => {
    consumeForAddress(options.limiters, request.socket.remoteAddress ?? 'unknown').catch((error: unknown) => {
      if (error instanceof GraphQLError) socket.close(TOO_MANY_CONNECTIONS, 'Too many requests from this address');
      else logger.warn({ err: error }, 'websocket rate limit unavailable');
    });
  });

  /**
   * Queries and mutations received and not yet answered, by connection and
   * operation id: shutdown lets them finish before closing the sockets.
   * Subscriptions leave the set once they are established.
   */
  const unanswered = new Set<string>();
  let answeredAll: (() => void) | undefined;
  const answered = (key: string) => {
    unanswered.delete(key);
    if (unanswered.size === 0) answeredAll?.();
  };

  const server = useServer<{ authorization?: unknown }, ConnectionState>(
    {
      schema: options.schema,
      // Queries and mutations within the response bounds (subscription events: in src/delivery/execute-once.ts).
      execute: executeBounded,
      // Subscriptions are delivered by src/delivery/: viewer-independent results executed once per event, not per subscriber...
      subscribe: subscribeShared,
      // ...and written straight to the socket.
      onOperation: (ctx, id, _payload, _args, result) => deliverTo(result, ctx.extra.socket as HubSocket, id),
      // The wait for connection_init is HubSocket's (CONNECTION_INIT_WAIT_MS, on the sweep's timer): no timer per socket.
      connectionInitWaitTimeout: Infinity,
      isProd: config.production,
      onConnect: async (ctx) => {
        (ctx.extra.socket as HubSocket).initReceived();
        ctx.extra.connectionId = `${INSTANCE}-${(nextConnection++).toString(36)}`;
        ctx.extra.address = ctx.extra.request.socket.remoteAddress ?? 'unknown';
        const authorization = ctx.connectionParams?.authorization;
        // Kept by graphql-ws for the connection's life, used no more: the upgrade request (its headers) and the token.
        Object.assign(ctx, { connectionParams: undefined });
        Object.assign(ctx.extra, { request: undefined });
        const socket = ctx.extra.socket as HubSocket;
        try {
          const { viewer, expiresAt } = await sessionFromAuthorization(orm.em, options.verify, authorization);
          // Gone while the token was checked: onClose has run already, nothing may be counted now.
          if (socket.readyState !== WebSocket.OPEN) return false;
          ctx.extra.viewer = viewer;
          const [limit, whose] = viewer.userId ? [config.rateLimits.wsConnectionsPerUser, 'user'] : [config.rateLimits.wsConnectionsPerAddress, 'address'];
          if (!hold(connectionKey(ctx.extra), limit)) {
            socket.close(TOO_MANY_CONNECTIONS, `Too many connections for this ${whose}`);
            return false;
          }
          ctx.extra.counted = true;
          socket.expireAt(expiresAt);
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
          logger,
          bindRequestId: true,
          requestId: `${ctx.extra.connectionId}/${id}`,
          pubsub: options.pubsub,
        }) as unknown as Record<PropertyKey, unknown>,
      onSubscribe: async (ctx, id, payload) => {
        const socket = ctx.extra.socket as HubSocket;
        // Taken before any await (see HubSocket.stash); the extensions and any other keys are left behind.
        const received = socket.takePayload(id);
        if (received) Object.assign(payload, { query: received.query, operationName: received.operationName, variables: received.variables });
        const key = `${ctx.extra.connectionId}/${id}`;
        unanswered.add(key);
        if (socket.expired()) return refuseExpired(socket, id);
        const userId = ctx.extra.viewer?.userId;
        try {
          await (userId ? consumeForUser(options.limiters, userId) : consumeForAddress(options.limiters, ctx.extra.address ?? 'unknown'));
        } catch (error) {
          return [error as GraphQLError];
        }
        const prepared = prepare(payload);
        if (Array.isArray(prepared)) return prepared;
        if (!prepared.subscription) return prepared.args;
        const live = (ctx.extra.liveIds ??= new Set());
        const most = config.rateLimits.wsSubscriptionsPerSocket;
        if (live.size >= most) return [new TooManyAtOnceError(`This connection has ${most} subscriptions running, the most allowed: complete one first`, most)];
        live.add(id);
        answered(key);
        return prepared.args;
      },
      onComplete: (ctx, id) => {
        ctx.extra.liveIds?.delete(id);
        answered(`${ctx.extra.connectionId}/${id}`);
      },
      onClose: (ctx) => {
        if (ctx.extra.counted) release(connectionKey(ctx.extra));
        for (const key of unanswered) if (key.startsWith(`${ctx.extra.connectionId}/`)) answered(key);
      },
      onError: (ctx, id, _payload, errors) => {
        answered(`${ctx.extra.connectionId}/${id}`);
        return format(errors);
      },
      // A subscription event past the token's expiry is dropped before it is executed (SubscriberResults.deliver).
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors, !('data' in result)) } : undefined),
    },
    wsServer,
    // Keep-alive pings (and token expiry, and the wait for connection_init) for all sockets on one timer, not graphql-ws's timers per socket.
    0,
  );
  const stopSweeping = sweepSockets(wsServer);

  let disposing: Promise<void> | undefined;
  return {
    wsServer,
    /** Lets running queries and mutations finish (at most 10 s), then closes every socket with 1001. Idempotent. */
    dispose: () =>
      (disposing ??= (async () => {
        if (unanswered.size > 0) {
          await Promise.race([new Promise<void>((resolve) => (answeredAll = resolve)), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
        }
        stopSweeping();
        await server.dispose();
      })()),
  };
}
