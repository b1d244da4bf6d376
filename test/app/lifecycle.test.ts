import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config';
import { main, stopOnSignals } from '../../src/main';
import { DEMO_ORGANIZATIONS, DEMO_USERS } from '../../src/demo/network';
import { freePort } from '../global-setup';
import { startTestHub, TEST_SECRET, wsExecute } from '../helpers/hub';
import { signToken } from '../../src/auth/tokens';
import { readJson } from '../helpers/json';

function openSocket(url: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const closed = new Promise<number>((done) => socket.on('close', (code) => done(code)));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') resolve({ socket, closed });
    });
    socket.on('error', reject);
  });
}

describe('graceful shutdown', () => {
  it('finishes in-flight requests, closes sockets with 1001, then stops accepting', async () => {
    const t = await startTestHub();
    const { closed } = await openSocket(t.wsUrl);
    let received = 0;
    const allReceived = new Promise<void>((resolve) =>
      t.hub.httpServer.on('request', () => {
        if (++received === 20) resolve();
      }),
    );
    const inFlight = Array.from({ length: 20 }, () => t.request('{ organizations(first: 100) { totalCount edges { node { name zones } } } }'));
    await allReceived;
    const stopping = t.hub.close();

    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.every((r) => r.data && !r.errors)).toBe(true);
    expect(await closed).toBe(1001);
    await stopping;
    await expect(fetch(t.url)).rejects.toThrow();
    expect(await t.hub.orm.isConnected()).toBe(false);
  });
});

describe('SIGTERM', () => {
  /** `main` as `npm start` runs it, its signals from an emitter of the test's: the exit codes it asked for, and when it exited. */
  function started() {
    // On the run's shared database: a hub working the mail queue here could take another file's mail jobs (test/notifications/email.test.ts).
    const starting = main({
      DATABASE_URL: inject('databaseUrl'),
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      NOTIFICATION_WORKERS: 'false',
    });
    const signals = new EventEmitter();
    const exits: number[] = [];
    const exited = new Promise<void>((resolve) => stopOnSignals(starting, (code) => (exits.push(code), resolve()), signals));
    return { starting, signals, exits, exited };
  }

  it('runs the orderly shutdown under load, then exits 0; a second signal changes nothing', async () => {
    const { starting, signals, exits, exited } = started();
    const running = await starting;
    const { closed } = await openSocket(running.hub.url.replace(/^http/, 'ws'));
    let received = 0;
    const allReceived = new Promise<void>((resolve) => running.hub.httpServer.on('request', () => ++received === 10 && resolve()));
    const body = JSON.stringify({ query: '{ organizations(first: 50) { totalCount edges { node { name zones } } } }' });
    const inFlight = Array.from({ length: 10 }, () => fetch(running.hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    await allReceived;

    signals.emit('SIGTERM');
    signals.emit('SIGINT');
    const responses = await Promise.all(inFlight);
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(await closed).toBe(1001);
    await exited;
    expect(exits).toEqual([0]);
    expect(await running.hub.orm.isConnected()).toBe(false);
  });

  it('stops a hub that was still starting when the signal came, once it is up', async () => {
    const { starting, signals, exits, exited } = started();
    signals.emit('SIGTERM');
    await exited;
    const running = await starting;
    expect(exits).toEqual([0]);
    expect(running.hub.httpServer.listening).toBe(false);
    expect(await running.hub.orm.isConnected()).toBe(false);
  });
});

describe('graceful shutdown over WebSocket', () => {
  it('lets queries already running on a socket finish before closing it with 1001', async () => {
    const t = await startTestHub();
    const client = t.ws();
    let closedWith: number | undefined;
    client.on('closed', (event) => {
      closedWith = (event as { code?: number }).code;
    });
    let first: () => void;
    const firstAnswered = new Promise<void>((resolve) => (first = resolve));
    const queries = Array.from({ length: 40 }, () =>
      wsExecute<{ organizations: { totalCount: number } }>(client, '{ organizations(first: 100) { totalCount edges { node { name zones } } } }').then(
        (result) => {
          first();
          return result;
        },
      ),
    );
    await firstAnswered;
    await t.hub.close();
    const results = await Promise.allSettled(queries);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(results.every((r) => r.status === 'fulfilled' && typeof r.value.data?.organizations.totalCount === 'number')).toBe(true);
    expect(closedWith).toBe(1001);
    await client.dispose();
  });
});

describe('configuration', () => {
  it('fails with one clear line for each bad setting', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: 'eighty' }, /^PORT must be a whole number/],
      [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must use postgres/],
      [{ REDIS_URL: 'not a url' }, /^REDIS_URL must be a URL/],
      [{ JWT_SECRET: 'short' }, /^JWT_SECRET must be at least 32 characters/],
      [{ JWT_JWKS_URL: 'https://id.example/jwks' }, /^JWT_JWKS_URL needs JWT_ISSUER and JWT_AUDIENCE/],
      [{ NODE_ENV: 'production' }, /^NODE_ENV=production needs JWT_SECRET/],
      [{ OIDC_CLIENT_ID: 'cnz-web' }, /^OIDC_CLIENT_ID needs JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE/],
      [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
  });

  it('refuses to start when the database cannot be reached, saying so', async () => {
    const port = await freePort();
    await expect(main({ DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none`, PORT: '0', LOG_LEVEL: 'silent' })).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});

describe('npm start on a fresh machine', () => {
  it('boots an embedded PostgreSQL on an empty data folder, migrates, loads the demo network once, serves it, and stops', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnz-boot-'));
    fs.chmodSync(dataDir, 0o755);
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      CNZ_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
    };
    try {
      const first = await main(env);
      const query = async (url: string, body: object, token?: string) =>
        readJson(
          await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(body),
          }),
        );
      const network = await query(first.hub.url, { query: '{ organizations(first: 1) { totalCount } }' });
      expect(network.data.organizations.totalCount).toBe(DEMO_ORGANIZATIONS.length);
      const demoUser = DEMO_USERS[0];
      const token = await signToken(TEST_SECRET, { sub: demoUser.email, email: demoUser.email });
      const viewer = await query(first.hub.url, { query: '{ viewer { displayName memberships { role } } }' }, token);
      expect(viewer.data.viewer.displayName).toBe(demoUser.displayName);
      await first.stop();

      // Kept between runs: the second start finds the data and does not seed again.
      const second = await main(env);
      const again = await query(second.hub.url, { query: '{ organizations(first: 1) { totalCount } }' });
      expect(again.data.organizations.totalCount).toBe(DEMO_ORGANIZATIONS.length);
      await second.stop();
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
