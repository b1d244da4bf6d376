/**
 * A PostgreSQL restart while an author keeps editing a waiver section: edits
 * during the outage fail with coded errors, the hub recovers by itself, and
 * every edit the hub accepted is in the history exactly as accepted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';
import { migrateUp } from '../../src/db/migrate';
import { createOrm } from '../../src/db/orm';
import { parseGlobalId } from '../../src/domain/global-id';
import { entities } from '../../src/entities';
import { EditWaiverSectionDocument } from '../generated/graphql';
import { freePort } from '../global-setup';
import { startTestHub, type TestHub } from '../helpers/hub';
import { waiverFactories } from '../waivers/factories';

let dataDir: string;
let port: number;
let database: EmbeddedDatabase;
let t: TestHub;

const start = () => startEmbeddedPostgres({ dataDir, port, database: 'outage_edits' });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnz-outage-edits-'));
  fs.chmodSync(dataDir, 0o755);
  port = await freePort();
  database = await start();
  const orm = await createOrm({ clientUrl: database.url, entities });
  await migrateUp(orm);
  await orm.close();
  t = await startTestHub({}, { databaseUrl: database.url });
});

afterAll(async () => {
  await t?.close();
  await database?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a PostgreSQL restart during co-editing', () => {
  it('fails edits with coded errors while down, recovers by itself, and loses no accepted edit', async () => {
    const make = waiverFactories(t);
    const { lead, sections } = await make.buildWaiver();
    const section = sections[0];
    const accepted = new Map<number, string>();
    let version = section.version;
    let n = 0;

    const edit = async () => {
      n += 1;
      const body = `Edit ${n}: competency-based credit replaces seat time.`;
      const result = await t.request(EditWaiverSectionDocument, { input: { sectionId: section.id, baseVersion: version, body } }, { token: lead.owner.token });
      const payload = result.data?.editWaiverSection;
      if (payload && (payload.outcome === 'APPLIED' || payload.outcome === 'MERGED')) {
        accepted.set(payload.version, payload.body);
        version = payload.version;
        return 'accepted';
      }
      return result.errors?.[0]?.extensions?.code ?? 'no code';
    };

    for (let i = 0; i < 5; i++) expect(await edit()).toBe('accepted');

    await database.stop();
    const during = [await edit(), await edit(), await edit()];
    expect(during).toEqual(['INTERNAL_SERVER_ERROR', 'INTERNAL_SERVER_ERROR', 'INTERNAL_SERVER_ERROR']);

    database = await start();
    let recovered = false;
    for (let attempt = 0; attempt < 40 && !recovered; attempt++) {
      recovered = (await edit()) === 'accepted';
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered).toBe(true);
    for (let i = 0; i < 3; i++) expect(await edit()).toBe('accepted');

    // Every accepted edit is a revision with exactly the accepted text, versions without gaps.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const sectionId = parseGlobalId(section.id)!.id;
      const { rows } = await client.query<{ version: number; body: string }>(
        'select version, body from waiver_revisions where section_id = $1 order by version',
        [sectionId],
      );
      const stored = new Map(rows.map((row) => [row.version, row.body]));
      for (const [acceptedVersion, body] of accepted) expect(stored.get(acceptedVersion)).toBe(body);
      expect(rows.map((row) => row.version)).toEqual(rows.map((_, i) => rows[0].version + i));
      const current = await client.query<{ version: number; body: string }>('select version, body from waiver_sections where id = $1', [sectionId]);
      expect(current.rows[0]).toEqual({ version, body: accepted.get(version) });
    } finally {
      await client.end();
    }
  });
});
