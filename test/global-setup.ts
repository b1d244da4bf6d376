/**
 * Once per run: a database to test against (a scratch database next to
 * DATABASE_URL, or on an embedded PostgreSQL when it is unset), migrated once.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createScratchDatabase } from '../src/db/scratch';
import { createOrm } from '../src/db/orm';
import { migrateUp } from '../src/db/migrate';
import { entities } from '../src/entities';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  let serverUrl = process.env.DATABASE_URL;
  let stopEmbedded = async () => {};
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnz-test-pg-'));
    fs.chmodSync(dataDir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    serverUrl = embedded.url;
    stopEmbedded = embedded.stop;
    console.log('[cnz] DATABASE_URL is unset: testing on an embedded PostgreSQL');
  }
  const scratch = await createScratchDatabase(serverUrl, 'cnz_test');
  const orm = await createOrm({ clientUrl: scratch.url, entities });
  try {
    await migrateUp(orm);
  } finally {
    await orm.close();
  }
  project.provide('databaseUrl', scratch.url);
  if (!process.env.REDIS_URL) console.log('[cnz] REDIS_URL is unset: tests across instances through Redis are skipped');

  return async () => {
    await scratch.drop();
    await stopEmbedded();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
