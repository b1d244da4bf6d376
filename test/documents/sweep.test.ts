/** Uploads never attached are removed once a day old, bytes and all; attached ones stay. */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { selectRows } from '../../src/db/select';
import { parseGlobalId } from '../../src/domain/global-id';
import { startDocumentSweep, sweepUnattachedDocuments } from '../../src/modules/documents/document.sweep';
import { CompleteLearningModuleWithEvidenceDocument } from '../generated/graphql';
import { startTestHub, useTestHub } from '../helpers/hub';
import { learningFactories, moduleId } from '../learning/factories';
import { waiverFactories } from '../waivers/factories';
import { download, eventually, samples, uploaded } from './helpers';

const t = useTestHub();
const HOUR = 3_600_000;

function sweepOptions() {
  return { rootEm: t.hub.orm.em, store: t.hub.documentStore, pubsub: t.hub.bus.pubsub, logger: pino({ level: 'silent' }), unattachedHours: 24 };
}

async function rows(globalIds: string[]): Promise<{ documents: string[]; chunks: string[] }> {
  const ids = `{${globalIds.map((id) => parseGlobalId(id)!.id).join(',')}}`;
  const em = t.hub.orm.em.fork();
  const documents = await selectRows<{ id: string }>(em, 'select id from documents where id = any(?::uuid[])', [ids]);
  const chunks = await selectRows<{ id: string }>(em, 'select distinct document_id as id from document_content where document_id = any(?::uuid[])', [ids]);
  return { documents: documents.map((row) => row.id).sort(), chunks: chunks.map((row) => row.id).sort() };
}

async function backdate(globalId: string, hours: number): Promise<void> {
  await t.hub.orm.em
    .fork()
    .getConnection()
    .execute(`update documents set created_at = now() - interval '${hours} hours' where id = ?`, [parseGlobalId(globalId)!.id]);
}

describe('the sweep of unattached uploads', () => {
  it('removes unattached uploads older than a day with their bytes, and keeps fresh and attached ones', async () => {
    const people = waiverFactories(t);
    const educator = await people.buildPerson();
    const stale = await uploaded(t, educator.token, samples.pdf('stale'));
    const fresh = await uploaded(t, educator.token, samples.pdf('fresh'));
    const evidence = await uploaded(t, educator.token, samples.pdf('evidence'));
    const module = await learningFactories(t.hub.orm).buildModule();
    await t.data(CompleteLearningModuleWithEvidenceDocument, { input: { moduleId: moduleId(module), documentIds: [evidence] } }, { token: educator.token });
    await backdate(stale, 25);
    await backdate(fresh, 23);
    await backdate(evidence, 48);

    await sweepUnattachedDocuments(sweepOptions());

    const id = (globalId: string) => parseGlobalId(globalId)!.id;
    const left = await rows([stale, fresh, evidence]);
    expect(left.documents).toEqual([id(fresh), id(evidence)].sort());
    expect(left.chunks).toEqual([id(fresh), id(evidence)].sort());
    expect((await download(t, stale, educator.token)).status).toBe(404);
    expect((await download(t, fresh, educator.token)).status).toBe(200);
    expect((await download(t, evidence, educator.token)).status).toBe(200);
  });

  // The clock moves a couple of hours only: a sweep "a day later" would take other test files' fresh uploads too.
  it('goes by the clock it is given: an upload 23 hours old is kept now and removed two hours later', async () => {
    const person = await waiverFactories(t).buildPerson();
    const upload = await uploaded(t, person.token);
    await backdate(upload, 23);
    await sweepUnattachedDocuments(sweepOptions(), new Date());
    expect((await rows([upload])).documents).toHaveLength(1);
    await sweepUnattachedDocuments(sweepOptions(), new Date(Date.now() + 2 * HOUR));
    expect(await rows([upload])).toEqual({ documents: [], chunks: [] });
  });

  it('runs as a hub starts, before the hub is handed over: a hub restarted more often than hourly still sweeps', async () => {
    const person = await waiverFactories(t).buildPerson();
    const old = await uploaded(t, person.token);
    await backdate(old, 30);
    const restarted = await startTestHub();
    try {
      expect(await rows([old])).toEqual({ documents: [], chunks: [] });
    } finally {
      await restarted.close();
    }
  });

  it('runs periodically once started, and stops when told', async () => {
    const person = await waiverFactories(t).buildPerson();
    const old = await uploaded(t, person.token);
    await backdate(old, 30);
    const sweep = await startDocumentSweep(sweepOptions(), 50);
    try {
      await eventually(async () => (await rows([old])).documents.length === 0, 'the periodic sweep removes the old upload');
    } finally {
      await sweep.stop();
    }
    const later = await uploaded(t, person.token);
    await backdate(later, 30);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await rows([later])).documents).toHaveLength(1);
    await sweepUnattachedDocuments(sweepOptions());
    expect((await rows([later])).documents).toHaveLength(0);
  });
});
