import { useEffect } from 'react';

/** Sets the document title for a screen (screen readers announce it). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · CNZ hub`;
  }, [title]);
}
