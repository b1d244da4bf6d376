/**
 * How the app's graphql-ws clients treat a closed socket: retried for ever,
 * at most 8 s apart, unless graphql-ws gives up on the close code for good
 * (`finalClose`), after which a new socket or subscription is made instead
 * (when: reopen-backoff.ts).
 * A refused token (4401: back to sign-in) and a refusal (4403) are neither.
 */
import { CloseCode } from 'graphql-ws';

/** The closes after which graphql-ws does not retry (its `shouldRetryConnectOrThrow`), less 4401 and 4403, which stay as they are. */
export function finalClose(code: number | undefined): boolean {
  if (code === undefined) return false;
  const internal = code >= 1000 && code <= 1999 && ![1000, 1001, 1005, 1006, 1012, 1013, 1014].includes(code);
  const fatal = [
    CloseCode.InternalServerError,
    CloseCode.InternalClientError,
    CloseCode.BadRequest,
    CloseCode.BadResponse,
    CloseCode.SubprotocolNotAcceptable,
    CloseCode.SubscriberAlreadyExists,
    CloseCode.TooManyInitialisationRequests,
  ].includes(code);
  return internal || fatal;
}

/** graphql-ws's wait before a retry: doubling from 0.5 s, at most 8 s. */
export const retryWait = (retries: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 8000)));

/** Whether graphql-ws handed a subscription this close as its error. */
export function closeCodeOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'number'
    ? (error as { code: number }).code
    : undefined;
}
