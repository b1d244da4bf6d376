/**
 * One hub instance for the benchmarks, as a child process over DATABASE_URL
 * (no migrations, no demo data: the bench prepared the database). Reports its
 * port over IPC and answers `rss` (resident memory), `cpu` (process.cpuUsage), `stop`, and
 * `profile-start` / `profile-stop` (a CPU profile of just that stretch,
 * written to .bench-profiles/), `memory` (after a full GC with --expose-gc;
 * child-profiling.ts) and `heap` (a heap snapshot).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { startHub } from '../../src/app';
import { profilingMessages } from './child-profiling';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';

async function run() {
  const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' });
  const hub = await startHub({ config, databaseUrl: process.env.DATABASE_URL!, logger: createLogger(config.logLevel) });
  const profiling = profilingMessages('stretch');
  process.on('message', async (message: { type: string; name?: string }) => {
    if (await profiling(message)) return;
    if (message.type === 'heap') {
      fs.mkdirSync('.bench-profiles', { recursive: true });
      const file = v8.writeHeapSnapshot(path.join('.bench-profiles', `${message.name ?? 'heap'}-${process.pid}.heapsnapshot`));
      process.send?.({ type: 'heaped', file });
    }
    if (message.type === 'rss') process.send?.({ type: 'rss', rss: process.memoryUsage().rss });
    if (message.type === 'cpu') process.send?.({ type: 'cpu', ...process.cpuUsage() });
    if (message.type === 'stop') void hub.close().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', port: hub.port });
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
