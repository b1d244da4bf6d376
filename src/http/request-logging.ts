/** An Apollo plugin that logs each operation once: name, duration, error codes. */
import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../graphql/context';

export function requestLogging(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors, contextValue: ctx }) {
          const codes = errors?.map((error) => error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          (ctx ?? contextValue)?.logger?.info(
            { operationName, durationMs: Math.round(performance.now() - started), errors: codes?.length ? codes : undefined },
            'graphql operation',
          );
        },
      };
    },
  };
}
