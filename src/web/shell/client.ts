/**
 * The GraphQL client: urql over HTTP for queries and mutations, graphql-ws
 * for subscriptions, both carrying the bearer token. A refused token
 * (UNAUTHENTICATED, or the socket closed with 4401 when it expires) calls
 * `onUnauthenticated`. Live lists and the inbox badge outlive the hub's
 * restarts and errors: graphql-ws retries for ever, and a subscription it
 * ends for good (a final close, e.g. 4500) is opened again on a new socket,
 * after a wait that grows while the hub keeps ending it (reopen-backoff.ts).
 */
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';
import { closeCodeOf, finalClose, retryWait } from './close-codes';
import { reopenBackoff } from './reopen-backoff';

export function createHubClient(token: string | null, onUnauthenticated: () => void): { client: Client; dispose(): void } {
  const url = new URL('/graphql', window.location.href);
  const wsUrl = url.toString().replace(/^http/, 'ws');
  const authorization = token ? `Bearer ${token}` : undefined;
  const ws = createWsClient({
    url: wsUrl,
    lazy: true,
    connectionParams: authorization ? { authorization } : {},
    on: {
      closed: (event) => {
        if ((event as CloseEvent).code === 4401 || (event as CloseEvent).code === 4403) onUnauthenticated();
      },
    },
    retryAttempts: Infinity,
    retryWait,
    shouldRetry: (event) => (event as CloseEvent).code !== 4401 && (event as CloseEvent).code !== 4403,
  });
  const client = new Client({
    url: url.toString(),
    preferGetMethod: false,
    fetchOptions: (): RequestInit => ({ headers: authorization ? { authorization } : ({} as Record<string, string>) }),
    exchanges: [
      mapExchange({
        onResult(result) {
          const codes = result.error?.graphQLErrors.map((error) => error.extensions?.code) ?? [];
          if (token && codes.includes('UNAUTHENTICATED')) onUnauthenticated();
          return result;
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              let stopped = false;
              let reopen: ReturnType<typeof setTimeout> | undefined;
              let unsubscribe = () => {};
              const backoff = reopenBackoff();
              const open = () => {
                backoff.opened();
                unsubscribe = ws.subscribe(input, {
                  // graphql-ws's result type for urql's: the same JSON, typed by two libraries.
                  next: (value) => sink.next(value as Parameters<typeof sink.next>[0]),
                  complete: () => sink.complete(),
                  error: (error) => {
                    if (!stopped && finalClose(closeCodeOf(error))) reopen = setTimeout(open, backoff.next());
                    else sink.error(error);
                  },
                });
              };
              open();
              return {
                unsubscribe: () => {
                  stopped = true;
                  clearTimeout(reopen);
                  unsubscribe();
                },
              };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
