/**
 * The editor's own WebSocket to the hub (graphql-ws), so the page can show
 * its state: connected, reconnecting, or offline. While the browser says it
 * is offline the socket is closed (no half-working session); back online, a
 * new socket is opened and every section resumes from its state vector.
 */
import { useEffect, useState } from 'react';
import { createClient, type Client as WsClient } from 'graphql-ws';
import type { Connection } from './sync';

export interface HubSocket {
  ws: WsClient | null;
  connection: Connection;
}

export function useHubSocket(token: string | null): HubSocket {
  const [online, setOnline] = useState(() => navigator.onLine);
  const [socket, setSocket] = useState<HubSocket>({ ws: null, connection: navigator.onLine ? 'connecting' : 'offline' });

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
    let everConnected = false;
    let disposed = false;
    const ws = createClient({
      url,
      lazy: false,
      keepAlive: 10_000,
      retryAttempts: Infinity,
      retryWait: async (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 8000))),
      shouldRetry: (event) => (event as CloseEvent)?.code !== 4401 && (event as CloseEvent)?.code !== 4403,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      on: {
        connected: () => {
          everConnected = true;
          if (!disposed) setSocket({ ws, connection: 'connected' });
        },
        closed: () => {
          if (!disposed) setSocket({ ws, connection: everConnected ? 'reconnecting' : 'connecting' });
        },
      },
    });
    setSocket({ ws, connection: 'connecting' });
    return () => {
      disposed = true;
      void ws.dispose();
    };
  }, [online, token]);

  return socket;
}
