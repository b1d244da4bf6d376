/**
 * Hostile WebSocket sessions on the graphql-transport-ws protocol: junk
 * before and after `connection_init`, unknown message types, subscribe before
 * init, duplicate ids, huge, binary and padded frames; and sessions that run generated
 * operations after a proper init. Each session ends with a protocol `ping`
 * whose `pong` (or the server closing the socket) says the server is done.
 */
import WebSocket from 'ws';
import type { GeneratedOperation } from './operations';
import type { Random } from './random';
import { checkErrors, LEAKS, type Tally } from './checks';

export type Frame = string | Buffer;

/** Close codes a server may use for a client's mistakes (RFC 6455 and graphql-ws's 44xx). */
export const CLIENT_CLOSE_CODES = new Set([1000, 1002, 1003, 1007, 1008, 1009, 4400, 4401, 4403, 4406, 4408, 4409, 4429]);

const init = (payload: unknown = {}) => JSON.stringify({ type: 'connection_init', payload });
const sub = (id: unknown, payload: unknown) => JSON.stringify({ type: 'subscribe', id, payload });

/** A sequence of junk frames (with or without a proper init first). */
export function junkSession(rnd: Random, token: string, maxPayload: number): { label: string; frames: Frame[]; protocol?: string } {
  const ok = init({ authorization: `Bearer ${token}` });
  const query = { query: '{ regions }' };
  const junk: Array<[string, () => Frame]> = [
    ['non-JSON', () => rnd.pick(['hello', '{', '', '[]', 'null', '42', '"x"', '{"type":'])],
    ['unknown type', () => JSON.stringify({ type: rnd.pick(['start', 'connection_terminate', 'data', '', 'CONNECTION_INIT', '__proto__']), id: '1' })],
    ['no type', () => JSON.stringify({ id: '1', payload: query })],
    ['subscribe without id', () => JSON.stringify({ type: 'subscribe', payload: query })],
    ['subscribe with odd id', () => sub(rnd.pick([1, null, {}, '', 'x'.repeat(10_000)]), query)],
    [
      'subscribe with odd payload',
      () => sub('p', rnd.pick([null, 'x', { query: 1 }, { query: '{ regions }', variables: 'x' }, { query: '{ regions }', extensions: 7 }, {}])),
    ],
    ['complete for unknown id', () => JSON.stringify({ type: 'complete', id: 'nobody' })],
    ['pong unasked', () => JSON.stringify({ type: 'pong', payload: { x: 1 } })],
    ['ping with odd payload', () => JSON.stringify({ type: 'ping', payload: rnd.pick(['x', 1, [1]]) })],
    ['huge message', () => 'x'.repeat(maxPayload + 1 + rnd.int(1000))],
    ['binary frame', () => Buffer.from(Array.from({ length: 100 }, () => rnd.int(256)))],
    ['next from client', () => JSON.stringify({ type: 'next', id: '1', payload: { data: {} } })],
    // What a subscription never uses must not stay with it: unused variables, extensions, keys of its own.
    [
      'padded subscribe',
      () =>
        sub('pad', {
          query: 'subscription { learningModulePublished { id } }',
          ...rnd.pick([
            { variables: { unused: 'x'.repeat(rnd.int(200_000)) } },
            { extensions: { pad: 'x'.repeat(rnd.int(200_000)) } },
            { pad: 'x'.repeat(rnd.int(200_000)) },
          ]),
        }),
    ],
    [
      'init with junk payload',
      () => init(rnd.pick(['x', 1, [], null, { authorization: 1 }, { authorization: 'Bearer junk' }, { authorization: `Bearer ${'a'.repeat(5000)}` }])),
    ],
  ];
  const [name, frame] = rnd.pick(junk);
  const shapes: Array<[string, Frame[]]> = [
    [`${name} before init`, [frame(), ok]],
    [`${name} after init`, [ok, frame()]],
    ['subscribe before init', [sub('early', query), ok]],
    ['init twice', [ok, ok]],
    ['duplicate ids', [ok, sub('dup', { query: 'subscription { learningModulePublished { id } }' }), sub('dup', query)]],
  ];
  const [label, frames] = rnd.pick(shapes);
  return rnd.chance(0.05) ? { label: 'wrong subprotocol', frames: [ok], protocol: rnd.pick(['graphql-ws', 'nope']) } : { label, frames };
}

export interface SessionResult {
  closeCode?: number;
  closeReason?: string;
  messages: Array<{ type?: string; id?: string; payload?: unknown }>;
}

export interface SessionOptions {
  protocol?: string;
  /** Send the first frame (an init), then the rest once `connection_ack` arrives. */
  awaitAck?: boolean;
  /** Done when this says so, instead of after a ping's pong. */
  settle?: (result: SessionResult) => boolean;
  /** Only for sessions holding live subscriptions, which never answer by design. */
  timeoutMs?: number;
}

/**
 * Sends frames one by one, then a ping; resolves when the pong arrives, the
 * server closes the socket, or `settle` says every id is answered.
 */
export function runSession(url: string, frames: Frame[], options: SessionOptions = {}): Promise<SessionResult> {
  const { settle, timeoutMs } = options;
  return new Promise((resolve) => {
    const result: SessionResult = { messages: [] };
    const timer = timeoutMs ? setTimeout(() => finish(), timeoutMs) : undefined;
    const socket = new WebSocket(url, options.protocol ?? 'graphql-transport-ws');
    let pinged = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (socket.readyState === WebSocket.OPEN) socket.close(1000);
      resolve(result);
    };
    const sendAll = (list: Frame[]) => {
      for (const frame of list) socket.send(frame);
      if (!settle) {
        pinged = true;
        socket.send(JSON.stringify({ type: 'ping', payload: { sentinel: true } }));
      }
    };
    socket.on('open', () => (options.awaitAck ? socket.send(frames[0]) : sendAll(frames)));
    socket.on('message', (data) => {
      let message: SessionResult['messages'][number];
      try {
        message = JSON.parse(String(data));
      } catch {
        message = { type: `non-JSON ${String(data).slice(0, 100)}` };
      }
      result.messages.push(message);
      if (options.awaitAck && message.type === 'connection_ack') sendAll(frames.slice(1));
      if (pinged && message.type === 'pong') finish();
      if (settle?.(result)) finish();
    });
    socket.on('close', (code, reason) => {
      result.closeCode = code;
      result.closeReason = reason.toString();
      finish();
    });
    socket.on('error', () => finish());
  });
}

/** Frames for a session that runs generated operations after a proper init. */
export function operationFrames(token: string, operations: GeneratedOperation[]): Frame[] {
  return [init({ authorization: `Bearer ${token}` }), ...operations.map((operation, index) => sub(`op${index}`, operation))];
}

/** Every id answered with `error` or `complete`. */
export function answeredAll(count: number) {
  return (result: SessionResult) => unanswered(count, result).length === 0;
}

/** Ids of `operationFrames` not answered with `error` or `complete`. */
export function unanswered(count: number, result: SessionResult): string[] {
  const answered = new Set(result.messages.filter((m) => m.type === 'error' || m.type === 'complete').map((m) => m.id));
  return Array.from({ length: count }, (_, index) => `op${index}`).filter((id) => !answered.has(id));
}

/** A session's outcome against the rules: coded errors, client close codes, no internals. */
export function checkSession(label: string, result: SessionResult, tally: Tally): void {
  tally.responses++;
  const code = result.closeCode === undefined ? 'open' : String(result.closeCode);
  tally.statuses[`ws ${code}`] = (tally.statuses[`ws ${code}`] ?? 0) + 1;
  if (result.closeCode !== undefined && !CLIENT_CLOSE_CODES.has(result.closeCode))
    tally.problems.push(`${label}: closed with ${result.closeCode} ${result.closeReason}`);
  const leak = result.closeReason && LEAKS.find((pattern) => pattern.test(result.closeReason!));
  if (leak) tally.problems.push(`${label}: close reason leaks ${leak}: ${result.closeReason}`);
  for (const message of result.messages) {
    if (message.type === 'error') checkErrors(`${label} [${message.id}]`, message.payload, tally);
    if (message.type === 'next') checkErrors(`${label} [${message.id}]`, (message.payload as { errors?: unknown })?.errors, tally);
  }
}
