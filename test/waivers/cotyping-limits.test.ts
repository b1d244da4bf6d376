/**
 * Co-typing limits and the freeze seen by a client that typed offline: a
 * client typing faster than YJS_UPDATES_PER_SECOND is refused (RATE_LIMITED)
 * with nothing stored; updates refused because the request was submitted
 * meanwhile come back with the text they would have made, to copy.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectGlobalId } from '../../src/domain/global-id';
import {
  EditWaiverSectionDocument,
  InviteWaiverCollaboratorDocument,
  PushWaiverSectionUpdateDocument,
  SignOffWaiverRequestDocument,
  StartWaiverReviewDocument,
  SubmitWaiverRequestDocument,
  WaiverTextStateDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { b64, CoTypist } from './cotyping-client';
import { waiverFactories } from './factories';

// 1 update a second per client, over a 10 s window: 10 at once, then RATE_LIMITED.
const t = useTestHub({ YJS_UPDATES_PER_SECOND: '1' });
const make = waiverFactories(t);

const TEXT = 'Competency-based credit replaces seat time.';

async function drafted() {
  const waiver = await make.buildWaiver();
  const lead = waiver.lead.owner;
  const author = await make.buildPerson();
  await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: waiver.id, email: author.email, role: 'AUTHOR' } }, { token: lead.token });
  const sectionId = waiver.sections[0].id;
  await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: TEXT } }, { token: lead.token });
  return { ...waiver, leadDistrict: waiver.lead, lead, author, sectionId };
}

async function storedUpdates(sectionId: string): Promise<number> {
  const [row] = await t.hub.orm.em
    .fork()
    .getConnection()
    .execute<Array<{ n: number }>>('select count(*)::int as n from waiver_section_updates where section_id = ?', [
      expectGlobalId(sectionId, 'WaiverSection', 'sectionId'),
    ]);
  return row.n;
}

describe('Mutation.pushWaiverSectionUpdate limits', () => {
  it('refuses a client typing faster than a sane typist with RATE_LIMITED, storing none of what it refused', async () => {
    const { sectionId, author } = await drafted();
    const storedBefore = await storedUpdates(sectionId);
    // 30 updates of one client at once, each its whole state so far (so any subset applies in any order).
    const doc = new Y.Doc();
    const updates: string[] = [];
    for (let i = 0; i < 30; i++) {
      doc.getText('body').insert(0, String.fromCharCode(97 + (i % 26)));
      updates.push(b64(Y.encodeStateAsUpdate(doc)));
    }
    const results = await Promise.all(
      updates.map((update) => t.request(PushWaiverSectionUpdateDocument, { input: { sectionId, update } }, { token: author.token })),
    );
    const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? result.data!.pushWaiverSectionUpdate.outcome);
    const refused = codes.filter((code) => code === 'RATE_LIMITED').length;
    const applied = codes.filter((code) => code === 'APPLIED').length;
    expect(refused).toBe(20);
    expect(codes.filter((code) => code !== 'RATE_LIMITED' && code !== 'APPLIED' && code !== 'UNCHANGED')).toEqual([]);
    expect(results.find((result) => result.errors)?.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // Only the accepted ones are stored.
    expect((await storedUpdates(sectionId)) - storedBefore).toBe(applied);
    // Another client of the same person has a count of its own.
    const other = new Y.Doc();
    other.getText('body').insert(0, 'Z');
    const fresh = await t.request(
      PushWaiverSectionUpdateDocument,
      { input: { sectionId, update: b64(Y.encodeStateAsUpdate(other)) } },
      { token: author.token },
    );
    expect(fresh.errors).toBeUndefined();
  });

  it('answers updates typed offline on a request submitted meanwhile with INVALID_TRANSITION carrying the text to copy', async () => {
    const { id, sectionId, lead, author, leadDistrict } = await drafted();
    const typist = new CoTypist(t, author.token, sectionId);
    await typist.connect();
    typist.disconnect();
    // While the typist is away, the lead submits.
    await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: id } }, { token: lead.token });
    const { waiverRequest } = await t.data(WaiverTextStateDocument, { id }, { token: lead.token });
    await t.data(
      SignOffWaiverRequestDocument,
      { input: { waiverRequestId: id, districtId: leadDistrict.id, textDigest: waiverRequest!.textDigest } },
      { token: lead.token },
    );
    await t.data(SubmitWaiverRequestDocument, { input: { waiverRequestId: id } }, { token: lead.token });

    // Offline: a deletion and an insertion (one update), sent on reconnect.
    typist.doc.transact(() => {
      typist.text.delete(TEXT.indexOf(' replaces'), ' replaces seat time'.length);
      typist.text.insert(typist.text.length - 1, ' is earned by mastery');
    });
    await typist.settled();
    expect(typist.acknowledged).toEqual([]);
    const refusal = typist.pushErrors[0][0];
    const yourText = 'Competency-based credit is earned by mastery.';
    expect(refusal.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      status: 'SUBMITTED',
      sectionId,
      yourText,
      yourTextTruncated: false,
      insertedText: [' is earned by mastery'],
      deletedText: [' replaces seat time'],
    });
    expect(refusal.message).toMatch(/frozen/);
    expect(typist.toString()).toBe(yourText);
    // The stored text is the submitted one.
    const after = await t.data(WaiverTextStateDocument, { id }, { token: lead.token });
    expect(after.waiverRequest!.sections[0].body).toBe(TEXT);
  });
});
