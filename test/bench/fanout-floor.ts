/**
 * The fan-out floor: a bare `ws` server speaking just enough of
 * graphql-transport-ws for the benchmark's subscribers (connection_init ->
 * connection_ack, one subscribe per socket), which sends each subscriber the
 * same event message a hub would: the event serialized once per broadcast,
 * each socket's message that text with its own subscription id. No GraphQL,
 * no pub/sub, no database, no authorization. Run as a child process;
 * IPC: ready (its port), broadcast (one event to every subscriber), rss, cpu (process.cpuUsage),
 * memory, profile-start / profile-stop (child-profiling.ts), stop.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { profilingMessages } from './child-profiling';

const server = http.createServer();
const wss = new WebSocketServer({ server, handleProtocols: (protocols) => (protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false) });
/** Subscribed sockets and their subscription's id. */
const subscribers = new Map<WebSocket, string>();
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string };
    if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
    if (message.type === 'subscribe') subscribers.set(socket, message.id!);
  });
  socket.on('close', () => subscribers.delete(socket));
});

interface Message {
  type: 'broadcast' | 'rss' | 'cpu' | 'memory' | 'profile-start' | 'profile-stop' | 'stop';
  name?: string;
  version?: number;
  body?: string;
  sectionId?: string;
}

const profiling = profilingMessages('floor');

process.on('message', async (message: Message) => {
  if (await profiling(message)) return;
  if (message.type === 'broadcast') {
    const at = new Date().toISOString();
    const event = {
      __typename: 'WaiverSectionEdited',
      at,
      actor: { id: 'VXNlcjox', displayName: 'Lead author' },
      version: message.version,
      body: message.body,
      section: { id: message.sectionId, version: message.version },
    };
    const payload = JSON.stringify({ data: { waiverRequestEvents: event } });
    for (const [socket, id] of subscribers) socket.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`);
    process.send?.({ type: 'sent', version: message.version });
  }
  if (message.type === 'rss') process.send?.({ type: 'rss', rss: process.memoryUsage().rss });
  if (message.type === 'cpu') process.send?.({ type: 'cpu', ...process.cpuUsage() });
  if (message.type === 'stop') {
    for (const socket of subscribers.keys()) socket.terminate();
    for (const socket of wss.clients) socket.terminate();
    server.close(() => process.exit(0));
  }
});

server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
