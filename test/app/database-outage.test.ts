import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../src/app';
import { loadConfig } from '../../src/config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';
import { createOrm } from '../../src/db/orm';
import { migrateUp } from '../../src/db/migrate';
import { createLogger } from '../../src/logger';
import { entities } from '../../src/entities';
import { freePort } from '../global-setup';
import { TEST_SECRET } from '../helpers/hub';
import { readJson } from '../helpers/json';

let dataDir: string;
let port: number;
let pg: EmbeddedDatabase;
let hub: Hub;

const start = () => startEmbeddedPostgres({ dataDir, port, database: 'outage' });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnz-outage-'));
  fs.chmodSync(dataDir, 0o755);
  port = await freePort();
  pg = await start();
  const orm = await createOrm({ clientUrl: pg.url, entities });
  await migrateUp(orm);
  await orm.close();
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' });
  hub = await startHub({ config, databaseUrl: pg.url, logger: createLogger('silent') });
});

afterAll(async () => {
  await hub?.close();
  await pg?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const query = async () => {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"query":"{ organizations(first: 5) { totalCount } }"}',
  });
  return { status: response.status, body: await readJson(response) };
};
const readyz = () => fetch(hub.url.replace('/graphql', '/readyz'));

describe('a PostgreSQL restart', () => {
  it('fails requests with coded errors while the database is down, reports not ready, and recovers by itself', async () => {
    expect((await query()).body.data.organizations.totalCount).toBe(0);
    expect((await readyz()).status).toBe(200);

    await pg.stop();
    const during = await Promise.all([query(), query(), query()]);
    for (const { body } of during) {
      expect(body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(body.errors[0].message).toBe('Internal server error');
    }
    expect((await readyz()).status).toBe(503);
    // The process is still serving.
    expect((await fetch(hub.url.replace('/graphql', '/healthz'))).status).toBe(200);

    pg = await start();
    let recovered = false;
    for (let attempt = 0; attempt < 20 && !recovered; attempt++) {
      const { body } = await query();
      recovered = body.data?.organizations.totalCount === 0;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered).toBe(true);
    expect((await readyz()).status).toBe(200);
  });
});
