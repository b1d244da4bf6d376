import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ViewerDocument } from '../generated/graphql';
import { factories } from '../factories';
import { signToken } from '../../src/auth/tokens';
import { TEST_SECRET, tokenFor, useTestHub, wsExecute } from '../helpers/hub';

const t = useTestHub();
let email: string;

beforeAll(async () => {
  email = (await factories(t.hub.orm).buildUser()).email;
});

const VIEWER = '{ viewer { email } }';

/** Each bad token and what the hub must say about it. */
async function badTokens(): Promise<Array<[string, string, RegExp]>> {
  return [
    ['expired', await tokenFor(email, Math.floor(Date.now() / 1000) - 60), /expired/],
    ['signed with another secret', await tokenFor(email, '1h', 'another-secret-another-secret-1234567'), /signature/],
    ['for an unknown user', await tokenFor('nobody@nowhere.example'), /no user/],
    ['not a JWT', 'garbage.token.here', /not valid/],
  ];
}

describe('bearer tokens over HTTP', () => {
  it('reads public data without a token, and knows the viewer with one', async () => {
    expect((await t.data(ViewerDocument, {})).viewer).toBeNull();
    expect((await t.data(ViewerDocument, {}, { token: await tokenFor(email) })).viewer?.email).toBe(email);
  });

  it('accepts a token naming the user by id (sub) as well as by email', async () => {
    const user = await factories(t.hub.orm).buildUser();
    const token = await signToken(TEST_SECRET, { sub: user.id, email: 'ignored@x.example' });
    expect((await t.data(ViewerDocument, {}, { token })).viewer?.email).toBe(user.email);
  });

  it('refuses every bad token with 401 UNAUTHENTICATED and a reason', async () => {
    for (const [, token, reason] of await badTokens()) {
      const result = await t.request(ViewerDocument, {}, { token });
      expect(result.status).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0].message).toMatch(reason);
      expect(result.data ?? null).toBeNull();
    }
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const result = await t.request(ViewerDocument, {}, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

/** Opens a raw graphql-transport-ws connection and resolves with how it closed or the ack. */
function connect(url: string, payload: unknown): Promise<{ acked: boolean; code?: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        socket.close(1000);
        resolve({ acked: true });
      }
    });
    socket.on('close', (code) => resolve({ acked: false, code }));
    socket.on('error', reject);
  });
}

describe('bearer tokens over WebSocket (connection_init)', () => {
  it('accepts anonymous and valid connections, and runs operations as the viewer', async () => {
    expect(await connect(t.wsUrl, {})).toEqual({ acked: true });
    const client = t.ws(await tokenFor(email));
    const result = await wsExecute<{ viewer: { email: string } }>(client, VIEWER);
    expect(result.data?.viewer.email).toBe(email);
  });

  it('closes the connection with 4403 for every bad token', async () => {
    for (const [, token] of await badTokens()) {
      expect(await connect(t.wsUrl, { authorization: `Bearer ${token}` })).toEqual({ acked: false, code: 4403 });
    }
    expect(await connect(t.wsUrl, { authorization: 'Token abc' })).toEqual({ acked: false, code: 4403 });
  });
});
