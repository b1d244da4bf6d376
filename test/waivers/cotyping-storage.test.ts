/**
 * Where a section's Yjs document lives: PostgreSQL, so every acknowledged
 * update survives the hub that took it (killed with SIGKILL mid-stream), a
 * snapshot rewritten every few updates loads the same text, and a section
 * from before co-typing is seeded the same on every hub.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { EditWaiverSectionDocument, PushWaiverSectionUpdateDocument } from '../generated/graphql';
import { freePort } from '../global-setup';
import { startTestHub, TEST_SECRET, useTestHub, type TestHub } from '../helpers/hub';
import { jobTransaction } from '../../src/db/job-transaction';
import { selectRows } from '../../src/db/select';
import { appendUpdate, documentCommitted, openDocument, storeOpenedDocuments } from '../../src/db/yjs-document';
import { bodyChangeUpdate } from '../../src/text/yjs';
import { SECTION_TABLES } from '../../src/modules/waivers/waiver-section.doc';
import { parseGlobalId } from '../../src/domain/global-id';
import { b64, CoTypist, eventually, unb64 } from './cotyping-client';
import { waiverFactories } from './factories';

const COMPACT_EVERY = 3;
const t = useTestHub({ YJS_COMPACT_EVERY: String(COMPACT_EVERY) });
const make = waiverFactories(t);
const root = path.resolve(__dirname, '../..');

beforeAll(() => {
  // The killed hub runs the built code, as in production.
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
}, 300_000);

const rawId = (globalId: string) => parseGlobalId(globalId)!.id;

async function stored(sectionId: string) {
  const em = t.hub.orm.em.fork();
  const [doc] = await selectRows<{ seq: number; snapshot_seq: number; snapshot: Buffer }>(
    em,
    'select seq, snapshot_seq, snapshot from waiver_section_docs where section_id = ?',
    [rawId(sectionId)],
  );
  const [{ count }] = await selectRows<{ count: string }>(em, 'select count(*) from waiver_section_updates where section_id = ?', [rawId(sectionId)]);
  return { doc, updates: Number(count) };
}

/** What the hub serves a client with nothing: the whole document. */
async function served(hub: TestHub, token: string, sectionId: string): Promise<CoTypist> {
  const reader = new CoTypist(hub, token, sectionId);
  await reader.connect();
  reader.disconnect();
  return reader;
}

describe('the stored Yjs document of a section', () => {
  it('rewrites the snapshot every few updates, keeps every update, and loads the same text from snapshot and updates', async () => {
    const { lead, sections } = await make.buildWaiver();
    const sectionId = sections[0].id;
    const typist = new CoTypist(t, lead.owner.token, sectionId);
    await typist.connect();
    for (let i = 0; i < 10; i++) {
      typist.text.insert(typist.text.length, `${i} `);
      await typist.settled();
    }
    expect(typist.acknowledged).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // Rewritten in the background once more than COMPACT_EVERY updates follow the snapshot (after the 4th, then again later).
    await eventually(
      async () => (await stored(sectionId)).doc.snapshot_seq > COMPACT_EVERY,
      () => 'the snapshot rewritten',
    );
    const { doc, updates } = await stored(sectionId);
    expect(updates).toBe(10);
    expect(doc.seq).toBe(10);
    // The snapshot is exactly the document through its update.
    const fromSnapshot = new Y.Doc();
    Y.applyUpdate(fromSnapshot, new Uint8Array(doc.snapshot));
    expect(fromSnapshot.getText('body').toString()).toBe(Array.from({ length: doc.snapshot_seq }, (_, i) => `${i} `).join(''));
    expect((await served(t, lead.owner.token, sectionId)).toString()).toBe('0 1 2 3 4 5 6 7 8 9 ');
  });

  it('seeds a section from before co-typing from its body, the same bytes on every hub, and keeps that seed once stored', async () => {
    const { lead, sections } = await make.buildWaiver();
    const sectionId = sections[1].id;
    const em = t.hub.orm.em.fork();
    // A section as it was before co-typing: a body and no document.
    await em.getConnection().execute('update waiver_sections set body = ? where id = ?', ['Written before co-typing.', rawId(sectionId)]);
    expect((await stored(sectionId)).doc).toBeUndefined();
    const other = await startTestHub();
    try {
      const [here, there] = await Promise.all([served(t, lead.owner.token, sectionId), served(other, lead.owner.token, sectionId)]);
      expect(here.toString()).toBe('Written before co-typing.');
      expect(Buffer.from(Y.encodeStateAsUpdate(here.doc)).equals(Buffer.from(Y.encodeStateAsUpdate(there.doc)))).toBe(true);
      // A client that synced the seed from one hub types on the other: one document, no duplicate text.
      const typist = new CoTypist(other, lead.owner.token, sectionId);
      Y.applyUpdate(typist.doc, Y.encodeStateAsUpdate(here.doc), 'remote');
      await typist.connect();
      typist.text.insert(typist.text.length, ' And after.');
      await typist.settled();
      expect(typist.pushErrors).toEqual([]);
      expect((await served(t, lead.owner.token, sectionId)).toString()).toBe('Written before co-typing. And after.');
      typist.disconnect();
    } finally {
      await other.close();
    }
  });

  it('stores what a transaction appended to a document only when asked, and will not keep a document whose appended updates were never stored', async () => {
    const { sections } = await make.buildWaiver();
    const sectionId = rawId(sections[1].id);
    const before = await stored(sections[1].id);
    // The section's document opened under its lock, one sentence appended; stored in the transaction only when `store`.
    const appendIn = (sentence: string, store: boolean) =>
      jobTransaction(t.hub.orm.em, async (em) => {
        const [section] = await selectRows<{ id: string; body: string; version: number }>(
          em,
          'select id, body, version from waiver_sections where id = ? for update',
          [sectionId],
        );
        const opened = await openDocument(em, SECTION_TABLES, section);
        appendUpdate(opened, { id: section.id, version: section.version + 1 }, bodyChangeUpdate(opened.doc, `${section.body} ${sentence}`)!, null);
        if (store) await storeOpenedDocuments(em);
        return opened;
      });
    // A writer outside the transaction helpers (which store every opened document before commit): nothing it appended is written.
    const open = await appendIn('Unstored.', false);
    // Seeded on open (under the lock), but neither the update nor the counter was written.
    const after = await stored(sections[1].id);
    expect([after.updates, after.doc.seq]).toEqual([before.updates, before.doc?.seq ?? 0]);
    expect(() => documentCommitted(t.hub.orm.em, open, { keep: true, onError: () => undefined })).toThrow(/were not stored before commit/);
    // Stored in the transaction, they are there.
    const kept = await appendIn('Stored.', true);
    expect((await stored(sections[1].id)).updates).toBe(before.updates + 1);
    expect(() => documentCommitted(t.hub.orm.em, kept, { onError: () => undefined })).not.toThrow();
  });

  it('keeps every acknowledged update when the hub that took them is killed with SIGKILL mid-stream', { timeout: 120_000 }, async () => {
    const { lead, sections } = await make.buildWaiver();
    const sectionId = sections[2].id;
    await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: 'Start.' } }, { token: lead.owner.token });
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: inject('databaseUrl'),
        PORT: String(port),
        HOST: '127.0.0.1',
        JWT_SECRET: TEST_SECRET,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        CNZ_DEMO: 'false',
        REDIS_URL: '',
        // The run's shared database: a hub working the mail queue would take other files' mail jobs.
        NOTIFICATION_WORKERS: 'false',
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    try {
      const url = `http://127.0.0.1:${port}/graphql`;
      await eventually(
        () =>
          fetch(url.replace('/graphql', '/readyz')).then(
            (r) => r.ok,
            () => false,
          ),
        () => 'the child hub never became ready',
        60_000,
      );
      // The client's own state, synced from the child.
      const ws = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${lead.owner.token}` },
      });
      const doc = new Y.Doc();
      await new Promise<void>((resolve, reject) => {
        const stop = ws.subscribe<{ waiverSectionSync: { update: string } }>(
          { query: 'subscription ($sectionId: ID!) { waiverSectionSync(sectionId: $sectionId) { update } }', variables: { sectionId } },
          { next: (m) => (Y.applyUpdate(doc, unb64(m.data!.waiverSectionSync.update)), stop(), resolve()), error: reject, complete: () => undefined },
        );
      });
      const acknowledged: Uint8Array[] = [];
      const push = async (update: Uint8Array) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${lead.owner.token}` },
          body: JSON.stringify({ query: print(PushWaiverSectionUpdateDocument), variables: { input: { sectionId, update: b64(update) } } }),
        });
        const body = (await response.json()) as { data?: { pushWaiverSectionUpdate: { version: number } } };
        if (body.data?.pushWaiverSectionUpdate) acknowledged.push(update);
      };
      // A stream of keystrokes, each pushed as typed; the hub is killed while they are in flight.
      let typed = 0;
      const stream = (async () => {
        for (;;) {
          const before = Y.encodeStateVector(doc);
          doc.getText('body').insert(doc.getText('body').length, String(typed++ % 10));
          try {
            await push(Y.encodeStateAsUpdate(doc, before));
          } catch {
            return; // the hub is gone
          }
        }
      })();
      await eventually(
        () => acknowledged.length >= 20,
        () => `${acknowledged.length} acknowledged`,
        60_000,
      );
      child.kill('SIGKILL');
      await exited;
      await stream;
      await ws.dispose();
      // Every acknowledged update is in the document a hub loads from PostgreSQL.
      const reloaded = await served(t, lead.owner.token, sectionId);
      for (const update of acknowledged) {
        const probe = new Y.Doc();
        Y.applyUpdate(probe, Y.encodeStateAsUpdate(reloaded.doc));
        const before = Y.encodeStateVector(probe);
        Y.applyUpdate(probe, update);
        expect(Buffer.from(Y.encodeStateVector(probe)).equals(Buffer.from(before))).toBe(true);
      }
      const text = reloaded.toString();
      expect(text.startsWith('Start.')).toBe(true);
      expect(text.length).toBeGreaterThanOrEqual('Start.'.length + acknowledged.length);
      // And the section's body is the document's text.
      const { node } = await t.data<{ node: { body: string } }, { id: string }>(
        'query ($id: ID!) { node(id: $id) { ... on WaiverSection { body } } }',
        { id: sectionId },
        { token: lead.owner.token },
      );
      expect(node.body).toBe(text);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });
});
