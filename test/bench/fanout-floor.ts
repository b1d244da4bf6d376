/**
 * The fan-out floor: a bare `ws` server that sends each subscriber the same
 * event message a hub would (stringified per subscriber, as graphql-ws does),
 * with no GraphQL, no pub/sub and no database. Run as a child process;
 * IPC: ready (its port), broadcast (one event to every socket), rss, stop.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const server = http.createServer();
const wss = new WebSocketServer({ server });
const sockets = new Set<WebSocket>();
wss.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

interface Message {
  type: 'broadcast' | 'rss' | 'stop';
  version?: number;
  body?: string;
  sectionId?: string;
}

process.on('message', (message: Message) => {
  if (message.type === 'broadcast') {
    const at = new Date().toISOString();
    const event = {
      __typename: 'WaiverSectionEdited', at, actor: { id: 'VXNlcjox', displayName: 'Lead author' },
      version: message.version, body: message.body, section: { id: message.sectionId, version: message.version },
    };
    let n = 0;
    for (const socket of sockets) socket.send(JSON.stringify({ id: String(n++), type: 'next', payload: { data: { waiverRequestEvents: event } } }));
    process.send?.({ type: 'sent', version: message.version });
  }
  if (message.type === 'rss') process.send?.({ type: 'rss', rss: process.memoryUsage().rss });
  if (message.type === 'stop') {
    for (const socket of sockets) socket.terminate();
    server.close(() => process.exit(0));
  }
});

server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
