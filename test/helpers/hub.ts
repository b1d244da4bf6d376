/**
 * A real hub on an ephemeral port over the run's test database, with helpers
 * to send GraphQL over HTTP and WebSocket and to count SQL statements.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { print, type ExecutionResult } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import pino from 'pino';
import { startHub, type Hub } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';
import { signToken } from '../../src/auth/tokens';
import type { Clock } from '../../src/domain/clock';

export const TEST_SECRET = 'cnz-test-secret-0123456789-abcdefghij';

export interface GraphQLErrorBody {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; fields?: Array<{ path: string; message: string }>; [key: string]: unknown };
}

export interface GraphQLResponse<R> {
  status: number;
  data?: R | null;
  errors?: GraphQLErrorBody[];
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

export type Operation<R, V> = TypedDocumentNode<R, V> | string;

export interface TestHub {
  hub: Hub;
  url: string;
  wsUrl: string;
  /** SQL statements run since the last `resetStatements()`. */
  statements: string[];
  resetStatements(): void;
  request<R, V>(operation: Operation<R, V>, variables?: V, options?: RequestOptions): Promise<GraphQLResponse<R>>;
  /** Data of a request that must succeed (throws with the errors otherwise). */
  data<R, V>(operation: Operation<R, V>, variables?: V, options?: RequestOptions): Promise<R>;
  ws(token?: string, extra?: Partial<Parameters<typeof createClient>[0]>): Client;
  close(): Promise<void>;
}

export interface TestHubOptions {
  databaseUrl?: string;
  logger?: Logger;
  /** The clock deadlines are judged by (a `ManualClock` to move past one). */
  clock?: Clock;
}

/** A hub on the run's test database (or `options.databaseUrl`, e.g. a database a test stops and restarts). */
export async function startTestHub(env: Record<string, string> = {}, options: TestHubOptions = {}): Promise<TestHub> {
  // Test hubs share the run's database: only the notification tests that start their own work its job queue.
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NOTIFICATION_WORKERS: 'false',
    ...env,
  });
  const statements: string[] = [];
  const hub = await startHub({
    config,
    databaseUrl: options.databaseUrl ?? inject('databaseUrl'),
    logger: options.logger ?? createLogger(config.logLevel),
    clock: options.clock,
    onQuery: (message) => {
      if (message.startsWith('[query]')) statements.push(message);
    },
  });
  const clients: Client[] = [];

  const request = async <R, V>(operation: Operation<R, V>, variables?: V, options: RequestOptions = {}): Promise<GraphQLResponse<R>> => {
    const response = await fetch(hub.url.replace('localhost', '127.0.0.1'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query: typeof operation === 'string' ? operation : print(operation), variables }),
    });
    const body = (await response.json()) as ExecutionResult<R>;
    return { status: response.status, data: body.data, errors: body.errors as GraphQLErrorBody[] | undefined, headers: response.headers };
  };

  return {
    hub,
    url: hub.url,
    wsUrl: hub.url.replace(/^http/, 'ws'),
    statements,
    resetStatements: () => {
      statements.length = 0;
    },
    request,
    data: async (operation, variables, options) => {
      const result = await request(operation, variables, options);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data!;
    },
    ws: (token, extra = {}) => {
      const client = createClient({
        url: hub.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        // A server closing the socket (shutdown tests) is asserted by the tests, not printed.
        onNonLazyError: () => undefined,
        ...extra,
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.allSettled(clients.map((client) => client.dispose()));
      await hub.close();
    },
  };
}

/**
 * A hub for the test file that calls it: started in `beforeAll`, closed in
 * `afterAll` (as Outline's `getTestServer` and graphql-ws's test servers do).
 * Call it at the top of the file; use what it returns inside hooks and tests.
 *
 *     const t = useTestHub();
 *     const make = learningFactories(t); // factories read `t`'s ORM when they run
 *     it('…', async () => { await t.data(SomeDocument, …) });
 *
 * Its hooks are registered first, so the file's own `beforeAll` hooks run with
 * the hub started and its `afterAll` hooks before the hub closes (vitest runs
 * hooks in stack order). Files that stop a hub mid-test, start one per test or
 * need a server started before the hub keep `startTestHub`.
 */
export function useTestHub(env: Record<string, string> = {}, options: TestHubOptions = {}): TestHub {
  let started: TestHub | undefined;
  beforeAll(async () => {
    started = await startTestHub(env, options);
  });
  afterAll(() => started?.close());
  return new Proxy({} as TestHub, {
    get(_target, key) {
      if (!started) throw new Error(`useTestHub(): the hub starts in beforeAll; read .${String(key)} inside a hook or a test`);
      return started[key as keyof TestHub];
    },
  });
}

/** A logger that keeps what the hub logs (parsed lines), for tests that assert what an operator would see. */
export function capturingLogger(level = 'warn'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** A bearer token for a user (by email), signed with the test secret. */
export function tokenFor(email: string, expiresIn: string | number = '1h', secret = TEST_SECRET): Promise<string> {
  return signToken(secret, { sub: email, email }, expiresIn);
}

/** Runs one operation over a WebSocket client and resolves with its single result. */
export function wsExecute<R>(client: Client, query: string, variables?: Record<string, unknown>): Promise<ExecutionResult<R>> {
  return new Promise((resolve, reject) => {
    let result: ExecutionResult<R> | undefined;
    client.subscribe<R>(
      { query, variables },
      {
        next: (value) => {
          result = value as ExecutionResult<R>;
        },
        error: (error) => (Array.isArray(error) ? resolve({ errors: error } as ExecutionResult<R>) : reject(error)),
        complete: () => resolve(result!),
      },
    );
  });
}
