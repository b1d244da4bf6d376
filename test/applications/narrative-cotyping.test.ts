/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are read loosely in these assertions */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Zone } from '../../src/domain/enums';
import { expectGlobalId } from '../../src/domain/global-id';
import { selectRows } from '../../src/db/select';
import { ApplicationSectionSyncDocument, PushApplicationSectionAwarenessDocument, PushApplicationSectionUpdateDocument } from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { b64, CoTypist, eventually, type CoTypingOperations } from '../waivers/cotyping-client';
import { applicationWorld, Q, type ApplicationWorld } from './factories';

const t = useTestHub();
let world: ApplicationWorld | undefined;
/** The test data of this file's hub (made once it has started). */
const a = new Proxy({} as ApplicationWorld, { get: (_, key) => (world ??= applicationWorld(t))[key as keyof ApplicationWorld] });

const NARRATIVE: CoTypingOperations = {
  sync: ApplicationSectionSyncDocument,
  syncField: 'applicationSectionSync',
  push: PushApplicationSectionUpdateDocument,
  pushField: 'pushApplicationSectionUpdate',
  awareness: PushApplicationSectionAwarenessDocument,
};

const PARAGRAPH = 'Our district will redesign the school day so students earn credit by showing mastery.';

async function draftNarrative() {
  const window = await a.window(Zone.SYSTEM_DESIGN);
  const team = await a.applicant();
  const application = await a.start(window, team.gid, team.editor.token);
  const section = application.sections.find((s) => s.kind === 'NARRATIVE')!;
  await a.call(Q.edit, { sectionId: section.id, baseVersion: section.version, body: PARAGRAPH }, team.editor.token);
  return { team, application, sectionId: section.id };
}

async function sectionNow(sectionId: string, token: string): Promise<{ body: string; version: number }> {
  const { node } = await t.data<{ node: { body: string; version: number } }, { id: string }>(
    'query ($id: ID!) { node(id: $id) { ... on ApplicationSection { body version } } }',
    { id: sectionId },
    { token },
  );
  return node;
}

async function storedUpdates(sectionId: string): Promise<number> {
  const [row] = await selectRows<{ n: string }>(t.hub.orm.em.fork(), 'select count(*) as n from zone_application_section_updates where section_id = ?', [
    expectGlobalId(sectionId, 'ApplicationSection', 'id'),
  ]);
  return Number(row.n);
}

function freshInsert(text: string): string {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  return b64(Y.encodeStateAsUpdate(doc));
}

const push = (token: string, sectionId: string, update: string) => t.request(PushApplicationSectionUpdateDocument, { input: { sectionId, update } }, { token });

describe('Co-typing an application narrative (Yjs over GraphQL)', () => {
  it('keeps both edits when two co-authors type into the same narrative at once, and the stored body is the text', async () => {
    const { team, sectionId } = await draftNarrative();
    const [owner, editor] = [new CoTypist(t, team.owner.token, sectionId, NARRATIVE), new CoTypist(t, team.editor.token, sectionId, NARRATIVE)];
    await Promise.all([owner.connect(), editor.connect()]);
    expect([owner.toString(), editor.toString()]).toEqual([PARAGRAPH, PARAGRAPH]);

    owner.text.insert(PARAGRAPH.indexOf('credit'), 'course ');
    editor.text.insert(PARAGRAPH.indexOf('mastery'), 'real ');
    await Promise.all([owner.settled(), editor.settled()]);
    const expected = PARAGRAPH.replace('credit', 'course credit').replace('mastery', 'real mastery');
    await eventually(
      () => owner.toString() === expected && editor.toString() === expected,
      () => `${owner} | ${editor}`,
    );
    expect([owner.pushErrors, editor.pushErrors]).toEqual([[], []]);
    const section = await sectionNow(sectionId, team.owner.token);
    expect(section.body).toBe(expected);
    // Each heard the other's typing, not its own back.
    await owner.waitFor((m) => m.kind === 'UPDATE' && m.author?.id === team.editor.gid);
    expect(owner.messages.filter((m) => m.kind === 'UPDATE').map((m) => m.author?.id)).toEqual([team.editor.gid]);

    // A whole-body edit made meanwhile reaches the co-typists as an update of the document.
    const edited = await a.call<any>(Q.edit, { sectionId, baseVersion: section.version, body: `${expected} Every year.` }, team.owner.token);
    expect(edited.editApplicationSection.outcome).toBe('APPLIED');
    await eventually(
      () => editor.toString() === `${expected} Every year.`,
      () => editor.toString(),
    );
    owner.disconnect();
    editor.disconnect();
  });

  it('refuses a VIEWER (FORBIDDEN) and an outsider (NOT_FOUND) with nothing stored, and keeps the outsider from following', async () => {
    const { team, sectionId } = await draftNarrative();
    const outsider = (await a.applicant()).owner;
    const before = await storedUpdates(sectionId);
    const viewer = await push(team.viewer.token, sectionId, freshInsert('Viewer typed. '));
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stranger = await push(outsider.token, sectionId, freshInsert('Outsider typed. '));
    expect(stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await storedUpdates(sectionId)).toBe(before);
    expect((await sectionNow(sectionId, team.owner.token)).body).toBe(PARAGRAPH);
    await expect(new CoTypist(t, outsider.token, sectionId, NARRATIVE).connect()).rejects.toThrow(/NOT_FOUND|not found/i);
  });

  it('decides each push of a batch on its own: co-authors typing at once are stored, a VIEWER and an outsider among them refused', async () => {
    const { team, sectionId } = await draftNarrative();
    const outsider = (await a.applicant()).owner;
    const before = await storedUpdates(sectionId);
    const results = await Promise.all([
      push(team.owner.token, sectionId, freshInsert('Owner typed. ')),
      push(team.viewer.token, sectionId, freshInsert('Viewer typed. ')),
      push(team.editor.token, sectionId, freshInsert('Editor typed. ')),
      push(outsider.token, sectionId, freshInsert('Outsider typed. ')),
      push(team.owner.token, sectionId, freshInsert('Owner again. ')),
    ]);
    expect(results.map((result) => result.errors?.[0]?.extensions?.code ?? result.data!.pushApplicationSectionUpdate.outcome)).toEqual([
      'APPLIED',
      'FORBIDDEN',
      'APPLIED',
      'NOT_FOUND',
      'APPLIED',
    ]);
    expect(await storedUpdates(sectionId)).toBe(before + 3);
    const { body, version } = await sectionNow(sectionId, team.owner.token);
    for (const typed of ['Owner typed. ', 'Editor typed. ', 'Owner again. ', PARAGRAPH]) expect(body).toContain(typed);
    expect(body).not.toMatch(/Viewer|Outsider/);
    // Each accepted push is acknowledged with its own version.
    const versions = [results[0], results[2], results[4]].map((result) => result.data!.pushApplicationSectionUpdate.version).sort((x, y) => x - y);
    expect(versions).toEqual([version - 2, version - 1, version]);
  });

  it('refuses updates with INVALID_TRANSITION once the application is submitted, and tells followers the text is frozen', async () => {
    const window = await a.window(Zone.SYSTEM_DESIGN);
    const team = await a.applicant();
    const application = await a.start(window, team.gid, team.editor.token);
    await a.complete(application, team.editor.token);
    const sectionId = application.sections[0].id;
    const typist = new CoTypist(t, team.owner.token, sectionId, NARRATIVE);
    await typist.connect();
    await a.call(Q.submit, { applicationId: application.id }, team.editor.token);
    const frozen = await typist.waitFor((m) => m.kind === 'FROZEN');
    expect(frozen.status).toBe('SUBMITTED');
    const before = await storedUpdates(sectionId);
    const refused = await push(team.owner.token, sectionId, freshInsert('Too late. '));
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect(await storedUpdates(sectionId)).toBe(before);
    typist.disconnect();
  });

  it("stores a batch's document rows in the statement that writes its audit rows", async () => {
    const { team, sectionId } = await draftNarrative();
    const doc = new Y.Doc();
    const typed = async (text: string) => {
      const before = Y.encodeStateVector(doc);
      doc.getText('body').insert(0, text);
      t.resetStatements();
      const result = await push(team.editor.token, sectionId, b64(Y.encodeStateAsUpdate(doc, before)));
      expect(result.errors).toBeUndefined();
      const statements = t.statements.map((sql) => sql.replace(/^\[query\] /, ''));
      return statements.slice(statements.indexOf('begin') + 1, statements.lastIndexOf('commit'));
    };
    await typed('a');
    const inTransaction = await typed('b');
    const writesDocument = inTransaction.filter((sql) => /(insert into|update) "zone_application_section_(updates|docs)"/.test(sql));
    expect(writesDocument).toHaveLength(1);
    expect(writesDocument[0]).toMatch(/insert into audit_events /);
    expect(inTransaction.filter((sql) => /insert into audit_events /.test(sql))).toHaveLength(1);
  });

  it('refuses a malformed update with BAD_USER_INPUT and stores nothing', async () => {
    const { team, sectionId } = await draftNarrative();
    const before = await storedUpdates(sectionId);
    for (const update of ['not base64!', b64(new Uint8Array([255, 255, 255, 1])), '']) {
      const result = await push(team.editor.token, sectionId, update);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await storedUpdates(sectionId)).toBe(before);
    expect(await sectionNow(sectionId, team.editor.token)).toMatchObject({ body: PARAGRAPH });
    // A good one after them is stored and changes the body.
    const ok = await push(team.editor.token, sectionId, freshInsert('Summary. '));
    expect(ok.errors).toBeUndefined();
    expect(await storedUpdates(sectionId)).toBeGreaterThan(before);
    expect((await sectionNow(sectionId, team.editor.token)).body).toContain('Summary. ');
  });
});
