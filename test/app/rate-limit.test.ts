import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { factories } from '../factories';
import { startTestHub, tokenFor, useTestHub } from '../helpers/hub';

const t = useTestHub({ RATE_LIMIT_USER_PER_MINUTE: '4', RATE_LIMIT_ADDRESS_PER_MINUTE: '12', WS_CONNECTIONS_PER_USER: '2' });
let token: string;

beforeAll(async () => {
  token = await tokenFor((await factories(t.hub.orm).buildUser()).email);
});

function connect(url: string, authorization: string): Promise<{ socket: WebSocket; code?: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
    socket.on('message', (data) => JSON.parse(String(data)).type === 'connection_ack' && resolve({ socket }));
    socket.on('close', (code) => resolve({ socket, code }));
    socket.on('error', reject);
  });
}

describe('rate limits', () => {
  it('refuses a user past their operations per minute with 429 RATE_LIMITED and a retry hint', async () => {
    for (let i = 0; i < 4; i++) expect((await t.request('{ viewer { id } }', {}, { token })).status).toBe(200);
    const refused = await t.request('{ viewer { id } }', {}, { token });
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses an address past its requests per minute with 429 RATE_LIMITED', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await t.request('{ regions }')).status);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    const refused = await t.request('{ regions }');
    expect(refused.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits WebSocket connections per user, closing the extra one with 4429', async () => {
    // A hub of its own: the test above spent this address's points, and every connection costs one.
    const own = await startTestHub({ WS_CONNECTIONS_PER_USER: '2' });
    onTestFinished(() => own.close());
    const first = await connect(own.wsUrl, `Bearer ${token}`);
    const second = await connect(own.wsUrl, `Bearer ${token}`);
    expect([first.code, second.code]).toEqual([undefined, undefined]);
    const third = await connect(own.wsUrl, `Bearer ${token}`);
    expect(third.code).toBe(4429);
    // Closing one frees a place.
    await new Promise<void>((resolve) => {
      first.socket.on('close', () => resolve());
      first.socket.close(1000);
    });
    const fourth = await connect(own.wsUrl, `Bearer ${token}`);
    expect(fourth.code).toBeUndefined();
    second.socket.close();
    fourth.socket.close();
  });
});
