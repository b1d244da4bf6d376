/** What a screen shows while it loads, when there is nothing, when the hub says no, and why. */
import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { Link } from 'react-router';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** The first error code the hub sent, if any. */
export function errorCode(error: CombinedError | undefined): string | undefined {
  return error?.graphQLErrors.map((e) => e.extensions?.code as string | undefined).find(Boolean);
}

/** The hub's own message (no-permission and sign-in errors get their own wording and a way on). */
export function ErrorMessage({ error }: { error: CombinedError }) {
  const code = errorCode(error);
  if (code === 'FORBIDDEN') return <NoPermission message={error.graphQLErrors[0]?.message} />;
  const message = error.graphQLErrors[0]?.message ?? (error.networkError ? `The hub could not be reached (${error.networkError.message})` : error.message);
  return (
    <div className="state error" role="alert">
      <p>
        <strong>Something went wrong:</strong> {message}
      </p>
      {code === 'UNAUTHENTICATED' && <Link to="/sign-in">Sign in again</Link>}
    </div>
  );
}

export function NoPermission({ message }: { message?: string }) {
  return (
    <div className="state forbidden" role="alert">
      <p>
        <strong>You do not have permission for this.</strong> {message}
      </p>
    </div>
  );
}

export function SignInPrompt({ what }: { what: string }) {
  return (
    <div className="state">
      <p>
        <Link to="/sign-in">Sign in</Link> to see {what}.
      </p>
    </div>
  );
}
