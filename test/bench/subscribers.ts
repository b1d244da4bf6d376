/**
 * A crowd of graphql-ws subscribers on one waiver request, as a child
 * process: opens `count` WebSocket clients (spread over the hub URLs given),
 * each subscribed to `waiverRequestEvents`, and records for every delivered
 * section edit the time from its commit (`at`) to its arrival here.
 *
 * IPC in: open, close. IPC out: opened, complete (a version reached every
 * subscriber), latencies (on close).
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

interface OpenMessage {
  type: 'open';
  urls: string[];
  /** One per subscriber (each a different person), reused in turn when fewer. */
  tokens: string[];
  waiverRequestId: string;
  count: number;
  /** Plain WebSockets to the fan-out floor (no graphql-ws handshake). */
  raw?: boolean;
}

const SUBSCRIPTION = /* GraphQL */ `
  subscription Events($id: ID!) {
    waiverRequestEvents(waiverRequestId: $id) {
      __typename
      at
      actor { id displayName }
      ... on WaiverSectionEdited { version body section { id version } }
    }
  }
`;

const clients: Client[] = [];
const sockets: WebSocket[] = [];
const received = new Map<number, number>();
const latencies = new Map<number, number[]>();
let expected = 0;
let errors = 0;

function onEvent(data: { waiverRequestEvents?: { __typename: string; at: string; version?: number } } | null | undefined) {
  const event = data?.waiverRequestEvents;
  if (event?.__typename !== 'WaiverSectionEdited' || event.version === undefined) return;
  const latency = Date.now() - Date.parse(event.at);
  const list = latencies.get(event.version) ?? [];
  list.push(latency);
  latencies.set(event.version, list);
  const count = (received.get(event.version) ?? 0) + 1;
  received.set(event.version, count);
  if (count === expected) process.send?.({ type: 'complete', version: event.version });
}

async function open(message: OpenMessage) {
  expected = message.count;
  const BATCH = 200;
  if (message.raw) {
    for (let start = 0; start < message.count; start += BATCH) {
      await Promise.all(Array.from({ length: Math.min(BATCH, message.count - start) }, () => new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(message.urls[0]);
        sockets.push(socket);
        socket.on('open', () => resolve());
        socket.on('error', reject);
        socket.on('message', (data) => onEvent((JSON.parse(String(data)) as { payload: { data: never } }).payload.data));
      })));
    }
    process.send?.({ type: 'opened', count: sockets.length });
    return;
  }
  for (let start = 0; start < message.count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, message.count - start) }, (_, i) => {
      const url = message.urls[(start + i) % message.urls.length];
      return new Promise<void>((resolve, reject) => {
        const client = createClient({
          url,
          webSocketImpl: WebSocket,
          lazy: false,
          retryAttempts: 0,
          connectionParams: { authorization: `Bearer ${message.tokens[(start + i) % message.tokens.length]}` },
          on: { connected: () => resolve(), closed: (event) => reject(new Error(`socket closed before ack: ${JSON.stringify(event)}`)) },
        });
        clients.push(client);
        client.subscribe(
          { query: SUBSCRIPTION, variables: { id: message.waiverRequestId } },
          { next: (result) => onEvent(result.data as never), error: () => errors++, complete: () => undefined },
        );
      });
    });
    await Promise.all(batch);
  }
  process.send?.({ type: 'opened', count: clients.length });
}

process.on('message', (message: OpenMessage | { type: 'close' }) => {
  if (message.type === 'open') {
    open(message).catch((error: Error) => process.send?.({ type: 'failed', message: error.message }));
  } else if (message.type === 'close') {
    process.send?.({ type: 'latencies', latencies: [...latencies.entries()], errors }, () => {
      for (const socket of sockets) socket.terminate();
      void Promise.allSettled(clients.map((client) => client.dispose())).then(() => process.exit(0));
    });
  }
});
