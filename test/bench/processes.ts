/** Child processes of the benchmarks (hubs, the floor, subscriber crowds), spoken to over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Child {
  process: ChildProcess;
  /** Resolves with the next IPC message of this type (rejects after `timeoutMs` or when the child exits). */
  next<T = Record<string, unknown>>(type: string, timeoutMs?: number): Promise<T>;
  send(message: Record<string, unknown>): void;
  /** Asks the child to stop, then kills it if it has not exited within 15 s. */
  stop(): Promise<void>;
}

/** Forks `dist/test/bench/<script>.js` (or the file `modulePath`) with `env` added to this process's environment. */
export function startChild(script: string, env: Record<string, string>, execArgv: string[] = [], modulePath = path.join(__dirname, `${script}.js`)): Child {
  const child = fork(modulePath, [], { env: { ...process.env, ...env }, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<string, Array<(message: Record<string, unknown>) => void>>();
  const buffered: Array<Record<string, unknown>> = [];
  child.on('message', (message: Record<string, unknown>) => {
    const resolvers = waiting.get(String(message.type));
    const resolve = resolvers?.shift();
    if (resolve) resolve(message);
    else buffered.push(message);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A message sent while the child is exiting fails with EPIPE: it is gone, which `stop` and `next` handle.
  child.on('error', () => undefined);
  return {
    process: child,
    next: <T>(type: string, timeoutMs = 120_000) =>
      new Promise<T>((resolve, reject) => {
        const index = buffered.findIndex((message) => message.type === type);
        if (index >= 0) {
          resolve(buffered.splice(index, 1)[0] as T);
          return;
        }
        const list = waiting.get(type) ?? [];
        const deliver = (message: Record<string, unknown>) => {
          clearTimeout(timer);
          resolve(message as T);
        };
        const timer = setTimeout(() => {
          // A waiter that gave up must not swallow a later message.
          const at = list.indexOf(deliver);
          if (at >= 0) list.splice(at, 1);
          reject(new Error(`${script}: no "${type}" within ${timeoutMs} ms`));
        }, timeoutMs);
        void exited.then(() => reject(new Error(`${script} exited while waiting for "${type}"`)));
        list.push(deliver);
        waiting.set(type, list);
      }),
    send: (message) => {
      if (child.connected) child.send(message);
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface HubChild extends Child {
  url: string;
  rss(): Promise<number>;
  /** User + system CPU time used so far, in ms. */
  cpuMs(): Promise<number>;
}

/** Asks a child (hub or floor) for its CPU time so far, in ms. */
export async function cpuMsOf(child: Child): Promise<number> {
  child.send({ type: 'cpu' });
  const { user, system } = await child.next<{ user: number; system: number }>('cpu', 10_000);
  return (user + system) / 1000;
}

/**
 * The node flags a deployed hub runs with: those of `npm start` (package.json's `start`, `node <flags>
 * dist/src/main.js`; the image's CMD carries the same, test/app/deploy.test.ts checks it). Benched hubs get
 * them too, before any of the bench's own (BENCH_NODE_ARGS: a later flag wins), so the bench measures what runs.
 */
export function hubNodeFlags(startScript = readStartScript()): string[] {
  const words = startScript.trim().split(/\s+/);
  if (words[0] !== 'node' || words[words.length - 1] !== 'dist/src/main.js')
    throw new Error(`npm start is not "node [flags] dist/src/main.js": ${startScript}`);
  return words.slice(1, -1);
}

/** The hub's package.json `start` (found upward from here: test/bench/ in the sources, dist/test/bench/ built). */
function readStartScript(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { scripts: { start: string } }).scripts.start;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

/** A hub instance (see hub-process.ts, or another build's `modulePath`) on a free port, with the deployed hub's node flags. */
export async function startHubChild(env: Record<string, string>, execArgv: string[] = [], modulePath?: string): Promise<HubChild> {
  const child = startChild('hub-process', env, [...hubNodeFlags(), ...execArgv], modulePath);
  const { port } = await child.next<{ port: number }>('ready');
  return {
    ...child,
    url: `http://127.0.0.1:${port}/graphql`,
    rss: async () => {
      child.send({ type: 'rss' });
      return (await child.next<{ rss: number }>('rss', 10_000)).rss;
    },
    cpuMs: () => cpuMsOf(child),
  };
}

/** The bench's token secret, shared by every script that signs its viewer's token. */
export const BENCH_SECRET = 'cnz-bench-secret-0123456789-abcdefghijkl';

/**
 * A benched hub's environment on the scratch database: production mode,
 * silent, no Redis, limits out of the way of the load (the nested question
 * of issue 6, 50 organizations x 10, costs about 63,000 units).
 */
export function benchHubEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: BENCH_SECRET,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    REDIS_URL: '',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    RATE_LIMIT_ADDRESS_PER_MINUTE: '100000000',
    LIMIT_COST: '200000',
    ...extra,
  };
}
