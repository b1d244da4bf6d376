/**
 * Operations on a graphql-ws socket as promises (the co-typed texts' pushes
 * and awareness go on the socket they are followed on: src/web/waivers/sync.ts),
 * and the base64 of Yjs bytes they carry.
 */
import { print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { Client as WsClient } from 'graphql-ws';

/** What became of an operation sent on the socket: its data, its refusal, or not reached. */
export interface SentOperation {
  unreached?: true;
  errors?: readonly GraphQLFormattedError[];
  data?: Record<string, unknown> | null;
}

/**
 * Runs a query or mutation on `ws`: no HTTP request, no token check per
 * operation (the hub checked it when the socket opened, and ends the socket
 * when it expires). Unreached when there is no socket or it closed before
 * the answer: the hub may or may not have done it.
 */
export function sendOnSocket(ws: WsClient | null, operation: DocumentNode, variables: Record<string, unknown>): Promise<SentOperation> {
  if (!ws) return Promise.resolve({ unreached: true });
  return new Promise((resolve) => {
    let answered = false;
    const answer = (result: SentOperation) => {
      if (answered) return;
      answered = true;
      resolve(result);
    };
    ws.subscribe(
      { query: print(operation), variables },
      {
        next: (result) => answer(result.errors?.length ? { errors: result.errors } : { data: result.data as Record<string, unknown> | null }),
        // graphql-ws hands refused operations over as their errors, a lost socket as its close event.
        error: (error) => answer(Array.isArray(error) ? { errors: error as GraphQLFormattedError[] } : { unreached: true }),
        complete: () => answer({ unreached: true }),
      },
    );
  });
}

export const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};
export const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
