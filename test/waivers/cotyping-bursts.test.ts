/**
 * Revisions per burst of typing: many accepted updates of one author make one
 * revision and one WaiverSectionEdited, cut when they pause (YJS_BURST_IDLE_MS)
 * or type too long (YJS_BURST_MAX_MS), or when a change that is not typing
 * (an edit, a restore) comes; authors typing at once each have their own
 * burst. Judged by the hub's clock, a manual one here.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ManualClock } from '../../src/domain/clock';
import {
  EditWaiverSectionDocument,
  InviteWaiverCollaboratorDocument,
  PushWaiverSectionUpdateDocument,
  RestoreWaiverSectionRevisionDocument,
  WaiverSectionHistoryDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { b64, unb64 } from './cotyping-client';
import { subscribeReady, waiverFactories, type Person } from './factories';

const clock = new ManualClock(new Date());
const t = useTestHub({ YJS_BURST_IDLE_MS: '10000', YJS_BURST_MAX_MS: '30000', YJS_BURST_SWEEP_MS: '50' }, { clock });
const make = waiverFactories(t);

/** The section's text before the typing; the typist appends, lines away from its first. */
const INITIAL = 'Start.\n\nMiddle.\n\n';

/** A typist pushing one character per update, in order, each acknowledged before the next. */
class Typist {
  readonly doc = new Y.Doc();
  constructor(
    private readonly who: Person,
    private readonly sectionId: string,
  ) {}

  /** Applies the hub's document as the typist's (once, at start). */
  adopt(update: string): void {
    Y.applyUpdate(this.doc, unb64(update));
  }

  async type(chars: string, stepMs: number): Promise<number[]> {
    const versions: number[] = [];
    for (const char of chars) {
      const before = Y.encodeStateVector(this.doc);
      const text = this.doc.getText('body');
      text.insert(text.length, char);
      const result = await t.data(
        PushWaiverSectionUpdateDocument,
        { input: { sectionId: this.sectionId, update: b64(Y.encodeStateAsUpdate(this.doc, before)) } },
        { token: this.who.token },
      );
      versions.push(result.pushWaiverSectionUpdate.version);
      clock.advance(stepMs);
    }
    return versions;
  }
}

async function setUp() {
  const waiver = await make.buildWaiver();
  const lead = waiver.lead.owner;
  const author = await make.buildPerson();
  await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: waiver.id, email: author.email, role: 'AUTHOR' } }, { token: lead.token });
  const sectionId = waiver.sections[2].id;
  await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: INITIAL } }, { token: lead.token });
  const typist = new Typist(author, sectionId);
  // The typist's copy: the hub's document as a follower gets it first.
  const state = await new Promise<string>((resolve, reject) => {
    const client = t.ws(author.token);
    const stop = client.subscribe<{ waiverSectionSync: { update: string } }>(
      { query: 'subscription ($id: ID!) { waiverSectionSync(sectionId: $id) { update } }', variables: { id: sectionId } },
      {
        next: (message) => {
          stop();
          if (message.data) resolve(message.data.waiverSectionSync.update);
          else reject(new Error(JSON.stringify(message.errors)));
        },
        error: reject,
        complete: () => undefined,
      },
    );
  });
  typist.adopt(state);
  const events = await subscribeReady(t, lead, waiver.id, sectionId);
  return { ...waiver, lead, author, sectionId, typist, events };
}

async function history(sectionId: string, token: string) {
  const { node } = await t.data(WaiverSectionHistoryDocument, { id: sectionId, first: 50 }, { token });
  const section = node as {
    body: string;
    version: number;
    revisions: { edges: Array<{ node: { id: string; version: number; body: string; author: { email: string } | null } }> };
  };
  return { body: section.body, version: section.version, revisions: section.revisions.edges.map((edge) => edge.node) };
}

const editedVersions = (events: Awaited<ReturnType<typeof setUp>>['events']) =>
  events.events.flatMap((e) => (e.__typename === 'WaiverSectionEdited' ? [e.version] : []));

describe('Revisions per burst of typing', () => {
  it('makes one revision and one WaiverSectionEdited for 40 updates typed without a pause, cut when the author pauses', async () => {
    const { sectionId, lead, author, typist, events } = await setUp();
    const before = await history(sectionId, lead.token);
    const versions = await typist.type('Forty characters typed one at a time!!!!', 500);
    expect(versions).toHaveLength(40);
    // Every update is still the next version (acknowledged with it)...
    expect(versions).toEqual(Array.from({ length: 40 }, (_, i) => before.version + 1 + i));
    const during = await history(sectionId, lead.token);
    // ...but they are one revision, carrying the burst's latest text.
    expect(during.revisions.length).toBe(before.revisions.length + 1);
    expect(during.revisions[0]).toMatchObject({ version: during.version, body: during.body, author: { email: author.email } });
    expect(during.body).toBe(`${INITIAL}Forty characters typed one at a time!!!!`);
    // No event while the burst is open (the clock has not moved past the pause).
    expect(editedVersions(events).filter((v) => v > before.version)).toEqual([]);

    clock.advance(10_000);
    await events.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === during.version);
    expect(editedVersions(events).filter((v) => v > before.version)).toEqual([during.version]);
    const edited = events.events.find((e) => e.__typename === 'WaiverSectionEdited' && e.version === during.version)!;
    expect(edited).toMatchObject({ body: during.body, actor: { email: author.email } });
    events.stop();
  });

  it('keeps a burst per author: two authors typing in turns make one revision each, cut when they pause', async () => {
    const { sectionId, lead, author, typist, events } = await setUp();
    const other = new Typist(lead, sectionId);
    other.adopt(b64(Y.encodeStateAsUpdate(typist.doc)));
    const before = await history(sectionId, lead.token);
    const authorVersions: number[] = [];
    const leadVersions: number[] = [];
    for (let turn = 0; turn < 10; turn++) {
      authorVersions.push(...(await typist.type('a', 200)));
      leadVersions.push(...(await other.type('b', 200)));
    }
    const during = await history(sectionId, lead.token);
    const made = during.revisions.slice(0, during.revisions.length - before.revisions.length);
    // Twenty updates in turns: two revisions, one per author, each at its author's last version.
    expect(made.map((r) => [r.author?.email, r.version]).sort()).toEqual(
      [
        [author.email, authorVersions.at(-1)],
        [lead.email, leadVersions.at(-1)],
      ].sort(),
    );
    expect(editedVersions(events).filter((v) => v > before.version)).toEqual([]);

    clock.advance(10_000);
    await events.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === authorVersions.at(-1));
    await events.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === leadVersions.at(-1));
    expect(
      editedVersions(events)
        .filter((v) => v > before.version)
        .sort((x, y) => x - y),
    ).toEqual([authorVersions.at(-1)!, leadVersions.at(-1)!].sort((x, y) => x - y));
    events.stop();
  });

  it('cuts a long burst every YJS_BURST_MAX_MS, and at once when someone else changes the text; restore and older base versions work', async () => {
    const { sectionId, lead, typist, events } = await setUp();
    const before = await history(sectionId, lead.token);
    // 70 updates a second apart: bursts of 30 s, 30 s and 10 s.
    const versions = await typist.type('a'.repeat(30) + 'b'.repeat(30) + 'c'.repeat(10), 1000);
    const after = await history(sectionId, lead.token);
    const made = after.revisions.slice(0, after.revisions.length - before.revisions.length).reverse();
    expect(made.map((r) => r.body)).toEqual([`${INITIAL}${'a'.repeat(30)}`, `${INITIAL}${'a'.repeat(30)}${'b'.repeat(30)}`, after.body]);
    expect(made.map((r) => r.version)).toEqual([versions[29], versions[59], versions[69]]);
    // The first two were cut by the next update (their events are out); the third is open.
    await events.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === versions[59]);
    expect(editedVersions(events).filter((v) => v > before.version)).toEqual([versions[29], versions[59]]);

    // An edit from a version inside a burst (no revision of its own) merges against the text at that version.
    const midBurst = versions[64];
    const merged = await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId, baseVersion: midBurst, body: `${INITIAL.replace('Start.', 'Begin.')}${'a'.repeat(30)}${'b'.repeat(30)}${'c'.repeat(5)}` } },
      { token: lead.token },
    );
    expect(merged.editWaiverSection.outcome).toBe('MERGED');
    expect(merged.editWaiverSection.section.body).toBe(`${INITIAL.replace('Start.', 'Begin.')}${'a'.repeat(30)}${'b'.repeat(30)}${'c'.repeat(10)}`);
    // The lead's edit cut the open burst first: its event, then the edit's.
    const editVersion = merged.editWaiverSection.section.version;
    await events.waitFor((e) => e.__typename === 'WaiverSectionEdited' && e.version === editVersion);
    expect(editedVersions(events).filter((v) => v > before.version)).toEqual([versions[29], versions[59], versions[69], editVersion]);

    // A burst's revision restores as any.
    const restored = await t.data(RestoreWaiverSectionRevisionDocument, { input: { revisionId: made[0].id } }, { token: lead.token });
    expect(restored.restoreWaiverSectionRevision.section.body).toBe(`${INITIAL}${'a'.repeat(30)}`);
    events.stop();
  });
});
