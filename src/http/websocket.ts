/**
 * GraphQL over WebSocket (graphql-transport-ws) on the HTTP server's /graphql.
 * The token in `connection_init` is checked once (4403 on failure); every
 * operation gets its own scope; errors are coded as on HTTP. A subscription
 * result shared by a crowd (src/realtime/shared-execution.ts) goes out as the
 * JSON text made once per event; a connection keeps nothing of its upgrade
 * request or its token once it is accepted.
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { getOperationAST, GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type DocumentNode, type FormattedExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { TokenVerifier } from '../auth/tokens';
import { Viewer, viewerFromAuthorization } from '../auth/viewer';
import type { Orm } from '../db/orm';
import { createScope } from '../graphql/context';
import { formatHubError } from '../graphql/format-error';
import { assertAffordable, limitRules } from '../graphql/limits';
import { executeBounded } from '../graphql/response-bounds';
import type { PubSub } from '../realtime/pubsub';
import { OUTLET, sharedJson, subscribeShared, type ResultOutlet } from '../realtime/shared-execution';
import { consumeForUser, type RateLimiters } from './rate-limit';
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
  /** Counted against the user's connection limit (released on close). */
  counted: boolean;
}

/**
 * Connection ids (in request ids and logs): this process's random prefix and a counter. Short on purpose:
 * a UUID per connection is a chain of concatenated strings, kept for the connection's life.
 */
const INSTANCE = randomUUID().slice(0, 8);
let nextConnection = 0;

/** Close code for a user over their connection limit. */
export const TOO_MANY_CONNECTIONS = 4429;

const NON_NULL_BUG = /^Cannot return null for non-nullable field/;

/** Message types only a server sends; graphql-ws answers them with 4500 (its internal error), they are the client's mistake. */
const SERVER_MESSAGES = new Set(['connection_ack', 'next', 'error']);

/** Closes with 4400 (and swallows the message) when a client sends a server-only message. */
function refusedServerMessage(socket: WebSocket, data: unknown): boolean {
  const text = String(data);
  if (!/"(next|error|connection_ack)"/.test(text)) return false; // Most messages: no second parse.
  let type: unknown;
  try {
    type = (JSON.parse(text) as { type?: unknown } | null)?.type;
  } catch {
    return false; // graphql-ws closes non-JSON with 4400 itself.
  }
  if (typeof type !== 'string' || !SERVER_MESSAGES.has(type)) return false;
  socket.close(4400, 'Invalid message received');
  return true;
}

/**
 * What `onNext` hands graphql-ws in place of a result it has already sent
 * itself (a shared result's JSON, made once per event): graphql-ws then
 * sends `{"id":…,"type":"next","payload":{"cnz:sent":1}}`, which HubSocket
 * drops. No GraphQL result can have that key (response names are GraphQL
 * names, which have no colon).
 */
const ALREADY_SENT = { 'cnz:sent': 1 } as unknown as FormattedExecutionResult;
const ALREADY_SENT_TAIL = `,"type":"next","payload":${JSON.stringify(ALREADY_SENT)}}`;

/**
 * The hub's sockets: filters each message before graphql-ws's listener sees
 * it, and drops the placeholder of results sent already (see ALREADY_SENT).
 * Methods on a subclass, so that thousands of sockets hold no closures for this.
 */
class HubSocket extends WebSocket implements ResultOutlet {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message') {
      // graphql-ws keeps what it is given for as long as a subscription runs: the text, not also the frame's buffer.
      const text = String(args[0]);
      if (refusedServerMessage(this, text)) return false;
      return super.emit(event, text, ...args.slice(1));
    }
    // A frame breaking the protocol (too large, bad opcode, invalid UTF-8): ws already closes with 1009/1002/1007; graphql-ws would log it as its own failure.
    if (event === 'error' && String((args[0] as { code?: unknown })?.code).startsWith('WS_ERR_')) return false;
    return super.emit(event, ...args);
  }

  override send(data: unknown, ...rest: unknown[]): void {
    if (typeof data === 'string' && data.endsWith(ALREADY_SENT_TAIL)) {
      const callback = rest[rest.length - 1];
      if (typeof callback === 'function') callback();
      return;
    }
    (super.send as (...all: unknown[]) => void)(data, ...rest);
  }

  /**
   * A shared result, written for the subscription `id` without going through graphql-ws (see
   * shared-execution.ts): the same message graphql-ws would send (our `onNext` adds nothing to a
   * result without errors), only when nothing is waiting to be written (else graphql-ws sends it
   * and paces the subscription). A socket no longer open drops it, as graphql-ws's send does.
   */
  sendNow(id: string, payloadJson: string): boolean {
    if (this.readyState !== WebSocket.OPEN) return true;
    if (this.bufferedAmount !== 0) return false;
    super.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${payloadJson}}`);
    return true;
  }

  /**
   * Sends a `next` message whose payload is JSON text already. graphql-ws waits for each message to be
   * written before taking the next event (pacing a slow client); when nothing is waiting to be written,
   * there is nothing to pace and the write is not waited for (one promise less per subscriber and event).
   */
  sendNext(id: string, payloadJson: string): FormattedExecutionResult | Promise<FormattedExecutionResult> {
    if (this.readyState !== WebSocket.OPEN) return ALREADY_SENT;
    const message = `{"id":${JSON.stringify(id)},"type":"next","payload":${payloadJson}}`;
    if (this.bufferedAmount === 0) {
      super.send(message);
      return ALREADY_SENT;
    }
    return new Promise((resolve, reject) => super.send(message, (error) => (error ? reject(error) : resolve(ALREADY_SENT))));
  }
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

  const rules = [...specifiedRules, ...limitRules(config.limits), ...(config.production ? [NoSchemaIntrospectionCustomRule] : [])];

  /**
   * Parsed and validated documents by their text: a crowd subscribing with
   * the same operation shares one AST (memory held per subscription) and
   * pays parsing and validation once, as Apollo's document store does over HTTP.
   */
  const documents = new Map<string, { prepared: DocumentNode | readonly GraphQLError[]; bytes: number; text: string }>();
  // Bounded by the memory held, not by count: the text (which the AST and any errors reference) can be 1 MB.
  const MAX_DOCUMENT_BYTES = 32 * 2 ** 20;
  let documentBytes = 0;
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
    // The text (UTF-16, shared by key and AST), plus the AST, which the token limit keeps within a few times the text.
    const bytes = 4 * query.length + 1024;
    documents.set(query, { prepared, bytes, text: query });
    documentBytes += bytes;
    for (const [oldest, old] of documents) {
      if (documentBytes <= MAX_DOCUMENT_BYTES) break;
      documents.delete(oldest);
      documentBytes -= old.bytes;
    }
    return prepared;
  };

  /** The same parse limits, validation rules and cost check as over HTTP. */
  const prepare = (payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }) => {
    const document = parseAndValidate(payload);
    if (!('kind' in document)) return [...document];
    try {
      assertStorableText(document, payload.variables);
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
      // Queries and mutations within the response bounds (subscription events: in subscribeShared).
      execute: executeBounded,
      // Viewer-independent subscription results are executed once per event, not per subscriber.
      subscribe: subscribeShared,
      connectionInitWaitTimeout: 5_000,
      isProd: config.production,
      onConnect: async (ctx) => {
        ctx.extra.connectionId = `${INSTANCE}-${(nextConnection++).toString(36)}`;
        const authorization = ctx.connectionParams?.authorization;
        // Kept by graphql-ws for the connection's life, used no more: the upgrade request (its headers) and the token.
        Object.assign(ctx, { connectionParams: undefined });
        Object.assign(ctx.extra, { request: undefined });
        try {
          const viewer = await viewerFromAuthorization(orm.em, options.verify, authorization);
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
          logger,
          bindRequestId: true,
          requestId: `${ctx.extra.connectionId}/${id}`,
          pubsub: options.pubsub,
        }) as unknown as Record<PropertyKey, unknown>,
      onSubscribe: async (ctx, id, payload) => {
        const key = `${ctx.extra.connectionId}/${id}`;
        unanswered.add(key);
        const userId = ctx.extra.viewer?.userId;
        if (userId) {
          try {
            await consumeForUser(options.limiters, userId);
          } catch (error) {
            return [error as GraphQLError];
          }
        }
        const prepared = prepare(payload);
        if (Array.isArray(prepared) || getOperationAST(prepared.document, prepared.operationName)?.operation !== 'subscription') return prepared;
        answered(key);
        // Shared results are written straight to the socket (see HubSocket.sendNow).
        return { ...prepared, [OUTLET]: { outlet: ctx.extra.socket as HubSocket, id } };
      },
      onComplete: (ctx, id) => answered(`${ctx.extra.connectionId}/${id}`),
      onClose: (ctx) => {
        if (ctx.extra.counted && ctx.extra.viewer?.userId) release(ctx.extra.viewer.userId);
        for (const key of unanswered) if (key.startsWith(`${ctx.extra.connectionId}/`)) answered(key);
      },
      onError: (ctx, id, _payload, errors) => {
        answered(`${ctx.extra.connectionId}/${id}`);
        return format(errors);
      },
      onNext: (ctx, id, _payload, _args, result) => {
        if (result.errors) return { ...result, errors: format(result.errors, !('data' in result)) };
        // A result shared by a crowd of subscribers is serialized once per event, not once per socket.
        const json = sharedJson(result);
        return json === undefined ? undefined : (ctx.extra.socket as HubSocket).sendNext(id, json);
      },
    },
    wsServer,
  );

  let disposing: Promise<void> | undefined;
  return {
    wsServer,
    /** Lets running queries and mutations finish (at most 10 s), then closes every socket with 1001. Idempotent. */
    dispose: () =>
      (disposing ??= (async () => {
        if (unanswered.size > 0) {
          await Promise.race([new Promise<void>((resolve) => (answeredAll = resolve)), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
        }
        await server.dispose();
      })()),
  };
}
