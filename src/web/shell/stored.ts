/**
 * Form input kept in sessionStorage as it is typed: a user sent to sign in
 * again (their token expired) finds what they had not yet sent.
 */
import { useCallback, useRef, useState } from 'react';

export function useStoredState<T>(key: string, initial: T): [T, (value: T) => void, () => void] {
  const storageKey = `cnz:draft:${key}`;
  const initialValue = useRef(initial);
  const [value, setValue] = useState<T>(() => {
    const stored = sessionStorage.getItem(storageKey);
    if (stored === null) return initial;
    try {
      return JSON.parse(stored) as T;
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (next: T) => {
      sessionStorage.setItem(storageKey, JSON.stringify(next));
      setValue(next);
    },
    [storageKey],
  );
  const clear = useCallback(() => {
    sessionStorage.removeItem(storageKey);
    setValue(initialValue.current);
  }, [storageKey]);
  return [value, set, clear];
}
