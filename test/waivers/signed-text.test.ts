/**
 * WaiverDistrict.signedText: the exact text a district signed off (issue 18,
 * the sign-off panel), kept on the sign-off in its transaction, hashing to
 * the digest signed, and readable only by whoever may read the request.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AddWaiverDistrictDocument,
  EditWaiverSectionDocument,
  MoveWaiverSectionDocument,
  RenameWaiverSectionDocument,
  SignOffWaiverRequestWithTextDocument,
  StartWaiverReviewDocument,
  SubmitWaiverRequestDocument,
  WaiverSignedTextDocument,
  type SignedTextPartsFragment,
} from '../generated/graphql';
import { usePgClient } from '../helpers/pg';
import { useTestHub } from '../helpers/hub';
import { waiverFactories, type District } from './factories';

const t = useTestHub();
const make = waiverFactories(t);
const db = usePgClient();

/**
 * The digest of a text, computed here from what the API answers and not by
 * the hub's code: sha256 over the JSON of the title and each section's key,
 * heading and body in order (the definition `textDigest` documents).
 */
function digestOf(text: { title: string; sections: ReadonlyArray<Pick<SignedTextPartsFragment['sections'][number], 'key' | 'title' | 'body'>> }): string {
  return createHash('sha256')
    .update(JSON.stringify([text.title, ...text.sections.map((s) => [s.key, s.title, s.body])]))
    .digest('hex');
}

async function read(id: string, token: string) {
  const { waiverRequest } = await t.data(WaiverSignedTextDocument, { id }, { token });
  return waiverRequest!;
}

/** A request in review with `extra` more co-signing districts. */
async function inReview(extra = 0) {
  const waiver = await make.buildWaiver();
  const districts: District[] = [];
  for (let i = 0; i < extra; i++) {
    const district = await make.buildDistrict();
    await t.data(AddWaiverDistrictDocument, { input: { waiverRequestId: waiver.id, districtId: district.id } }, { token: waiver.lead.owner.token });
    districts.push(district);
  }
  await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: waiver.id } }, { token: waiver.lead.owner.token });
  return { ...waiver, districts };
}

async function signOff(id: string, district: District, textDigest: string) {
  const { signOffWaiverRequest } = await t.data(
    SignOffWaiverRequestWithTextDocument,
    { input: { waiverRequestId: id, districtId: district.id, textDigest } },
    { token: district.owner.token },
  );
  return signOffWaiverRequest;
}

describe('WaiverDistrict.signedText', () => {
  it('is the exact text signed, hashing to the digest signed, after the text changed in body, heading and order', async () => {
    const { id, lead, sections } = await inReview();
    const token = lead.owner.token;
    await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[0].id, baseVersion: 1, body: 'Seat time, as signed.' } }, { token });
    const before = await read(id, token);
    expect(before.signOffs[0].signedText).toBeNull(); // never signed

    const answered = await signOff(id, lead, before.textDigest);
    const expected = { title: before.title, textDigest: before.textDigest, textVersion: before.textVersion, sections: before.sections };
    expect(answered.signedText).toEqual(expected);

    // The text changes after the sign-off: a body, a heading, the order.
    await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[0].id, baseVersion: 2, body: 'Seat time, changed since.' } }, { token });
    await t.data(RenameWaiverSectionDocument, { input: { sectionId: sections[1].id, title: 'Why, revised' } }, { token });
    await t.data(MoveWaiverSectionDocument, { input: { sectionId: sections[2].id, position: 1 } }, { token });

    const after = await read(id, token);
    const [district] = after.signOffs;
    expect(district).toMatchObject({ current: false, signedTextVersion: before.textVersion, staleSinceVersion: before.textVersion + 1 });
    expect(district.signedText).toEqual(expected);
    // Sign-off is on the exact text: what is kept hashes to the digest signed.
    expect(digestOf(district.signedText!)).toBe(district.signedText!.textDigest);
    expect(digestOf(district.signedText!)).toBe(before.textDigest);
    // The text now differs from it, and the answer's own digest says so too.
    expect(after.textDigest).not.toBe(before.textDigest);
    expect(digestOf(after)).toBe(after.textDigest);
    expect(after.sections.map((s) => s.key)).not.toEqual(district.signedText!.sections.map((s) => s.key));
    expect(after.sections.find((s) => s.key === sections[0].key)!.body).toBe('Seat time, changed since.');
    expect(district.signedText!.sections.find((s) => s.key === sections[0].key)!.body).toBe('Seat time, as signed.');
  });

  it('is the stored JSON of the sign-off row, and null for a sign-off made before the text was kept', async () => {
    const { id, lead } = await inReview();
    const token = lead.owner.token;
    const before = await read(id, token);
    await signOff(id, lead, before.textDigest);
    const districtId = lead.organization.id;
    const { rows } = await db.client.query<{
      signed_text: { title: string; sections: Array<{ key: string; title: string; body: string }> };
      signed_digest: string;
    }>('select signed_text, signed_digest from waiver_districts where organization_id = $1', [districtId]);
    expect(rows).toHaveLength(1);
    expect(digestOf(rows[0].signed_text)).toBe(rows[0].signed_digest);

    // A row signed before the column existed has no text: the field says null, the rest of the sign-off stands.
    await db.client.query('update waiver_districts set signed_text = null where organization_id = $1', [districtId]);
    const old = await read(id, token);
    expect(old.signOffs[0]).toMatchObject({ current: true, signedTextVersion: before.textVersion, signedText: null });
  });

  it('is readable by whoever may read the request only: not by an outsider, nor state staff before submission; by state staff after', async () => {
    const { id, lead, districts } = await inReview(1);
    const [other] = districts;
    const start = await read(id, lead.owner.token);
    await signOff(id, lead, start.textDigest);
    await signOff(id, other, start.textDigest);

    // The co-signing district's owner reads both sign-offs' text.
    const byOther = await read(id, other.owner.token);
    expect(byOther.signOffs.map((s) => s.signedText?.textDigest)).toEqual([start.textDigest, start.textDigest]);

    const outsider = await make.buildDistrict();
    const staff = await make.buildStateStaff();
    for (const token of [outsider.owner.token, staff.token, undefined]) {
      const result = await t.request(WaiverSignedTextDocument, { id }, { token });
      expect(result.errors).toBeUndefined();
      expect(result.data?.waiverRequest).toBeNull();
    }
    // Nor by signing: an outsider's sign-off answers NOT_FOUND, and carries no text.
    const refused = await t.request(
      SignOffWaiverRequestWithTextDocument,
      { input: { waiverRequestId: id, districtId: outsider.id, textDigest: start.textDigest } },
      { token: outsider.owner.token },
    );
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(refused.data?.signOffWaiverRequest ?? null).toBeNull();

    await t.data(SubmitWaiverRequestDocument, { input: { waiverRequestId: id } }, { token: lead.owner.token });
    const byStaff = await read(id, staff.token);
    expect(byStaff.signOffs.map((s) => s.signedText && digestOf(s.signedText))).toEqual([start.textDigest, start.textDigest]);
  });

  it('adds one statement for every district’s text, whatever their number, and none when not asked for', async () => {
    const count = async (id: string, token: string, withText: boolean) => {
      t.resetStatements();
      const query = withText
        ? WaiverSignedTextDocument
        : 'query ($id: ID!) { waiverRequest(id: $id) { id title textDigest textVersion sections { key title body position version } signOffs { district { id } current signedTextVersion staleSinceVersion } } }';
      await t.data(query, { id }, { token });
      return t.statements.length;
    };
    const measure = async (extra: number) => {
      const { id, lead, districts } = await inReview(extra);
      const { textDigest } = await read(id, lead.owner.token);
      for (const district of [lead, ...districts]) await signOff(id, district, textDigest);
      const texts = (await read(id, lead.owner.token)).signOffs.filter((s) => s.signedText?.textDigest === textDigest);
      expect(texts).toHaveLength(extra + 1);
      return { without: await count(id, lead.owner.token, false), with: await count(id, lead.owner.token, true) };
    };
    const one = await measure(0);
    const four = await measure(3);
    expect(four).toEqual(one);
    expect(one.with).toBe(one.without + 1);
  });
});
