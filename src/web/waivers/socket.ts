/**
 * The editor's own WebSocket to the hub (graphql-ws), so the page can show
 * its state: connected, reconnecting, or offline. While the browser says it
 * is offline the socket is closed (no half-working session); back online, a
 * new socket is opened and every section resumes from its state vector.
 * graphql-ws gives up for good on some close codes (e.g. 1011 or 4500, the
 * hub's internal error): after such a close a new client is made, after a
 * wait that grows while the hub keeps ending them (reopen-backoff.ts), so
 * "reconnecting" is never a state nothing leaves.
 */
import { useEffect, useState } from 'react';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { finalClose, retryWait } from '../shell/close-codes';
import { reopenBackoff } from '../shell/reopen-backoff';
import type { Connection } from './sync';

export interface HubSocket {
  ws: WsClient | null;
  connection: Connection;
}

export function useHubSocket(token: string | null): HubSocket {
  const [online, setOnline] = useState(() => navigator.onLine);
  const [socket, setSocket] = useState<HubSocket>({ ws: null, connection: navigator.onLine ? 'connecting' : 'offline' });
  // Bumped to replace a client graphql-ws stopped retrying.
  const [generation, setGeneration] = useState(0);
  // Kept across generations: the replacements' run of final closes.
  const [backoff] = useState(reopenBackoff);

  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);

  useEffect(() => {
    if (!online) {
      setSocket({ ws: null, connection: 'offline' });
      return;
    }
    const url = new URL('/graphql', window.location.href).toString().replace(/^http/, 'ws');
    // A replacement client (generation > 0) is reconnecting from its first attempt.
    let everConnected = generation > 0;
    let disposed = false;
    let givenUp: ReturnType<typeof setTimeout> | undefined;
    const ws = createClient({
      url,
      lazy: false,
      keepAlive: 10_000,
      retryAttempts: Infinity,
      retryWait,
      shouldRetry: (event) => (event as CloseEvent)?.code !== 4401 && (event as CloseEvent)?.code !== 4403,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      on: {
        connected: () => {
          everConnected = true;
          backoff.opened();
          if (!disposed) setSocket({ ws, connection: 'connected' });
        },
        closed: (event) => {
          if (disposed) return;
          setSocket({ ws, connection: everConnected ? 'reconnecting' : 'connecting' });
          clearTimeout(givenUp);
          if (finalClose((event as CloseEvent | undefined)?.code)) givenUp = setTimeout(() => setGeneration((n) => n + 1), backoff.next());
        },
      },
    });
    setSocket({ ws, connection: everConnected ? 'reconnecting' : 'connecting' });
    return () => {
      disposed = true;
      clearTimeout(givenUp);
      void ws.dispose();
    };
  }, [online, token, generation, backoff]);

  return socket;
}
