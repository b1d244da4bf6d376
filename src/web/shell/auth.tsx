/**
 * Who is signed in: a bearer token kept in sessionStorage (gone when the tab
 * closes). An expired or refused token signs the user out and remembers the
 * page they were on, so sign-in brings them back (their unsent form input is
 * kept by `useStoredState`).
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

const TOKEN_KEY = 'cnz:token';
const RETURN_KEY = 'cnz:return-to';

export interface Auth {
  token: string | null;
  /** The email the token names (read from its payload, for display only). */
  email: string | null;
  /** True once a token was refused or expired, until the next sign-in. */
  expired: boolean;
  signIn(token: string): void;
  signOut(): void;
  /** The hub refused the token: sign out, remember where the user was. */
  expire(): void;
  /** Where to go after signing in (the page the user was on when the token expired). */
  takeReturnPath(): string;
}

const AuthContext = createContext<Auth | null>(null);

function emailOf(token: string | null): string | null {
  if (!token) return null;
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { email?: string; sub?: string };
    return payload.email ?? payload.sub ?? null;
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [expired, setExpired] = useState(false);

  const signIn = useCallback((next: string) => {
    sessionStorage.setItem(TOKEN_KEY, next);
    setExpired(false);
    setToken(next);
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    setToken(null);
  }, []);
  const expire = useCallback(() => {
    if (!sessionStorage.getItem(TOKEN_KEY)) return;
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.setItem(RETURN_KEY, window.location.pathname + window.location.search);
    setExpired(true);
    setToken(null);
  }, []);
  const takeReturnPath = useCallback(() => {
    const path = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return path && path.startsWith('/') && !path.startsWith('//') ? path : '/';
  }, []);

  const value = useMemo(
    () => ({ token, email: emailOf(token), expired, signIn, signOut, expire, takeReturnPath }),
    [token, expired, signIn, signOut, expire, takeReturnPath],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}
