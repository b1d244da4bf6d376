/**
 * The GraphQL client: urql over HTTP for queries and mutations, graphql-ws
 * for subscriptions, both carrying the bearer token. A refused token
 * (UNAUTHENTICATED, or the socket closed with 4401 when it expires) calls
 * `onUnauthenticated`.
 */
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';

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
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
