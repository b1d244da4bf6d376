import { describe, expect, it } from 'vitest';
import {
  EditWaiverSectionDocument,
  RenameWaiverSectionDocument,
  SignOffWaiverRequestDocument,
  StartWaiverReviewDocument,
  WaiverTextStateDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { waiverFactories } from './factories';

const t = useTestHub();
const make = waiverFactories(t);

/** A request led by one district, in review. */
async function inReview() {
  const waiver = await make.buildWaiver();
  await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: waiver.id } }, { token: waiver.lead.owner.token });
  return waiver;
}

async function readText(id: string, token: string) {
  const { waiverRequest } = await t.data(WaiverTextStateDocument, { id }, { token });
  return waiverRequest!;
}

describe('Mutation.signOffWaiverRequest', () => {
  it('signs the text whose digest the signer sends, and answers CONFLICT with the digest now when the text changed since', async () => {
    const { id, lead, sections } = await inReview();
    const token = lead.owner.token;
    const read = await readText(id, token);
    await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[0].id, baseVersion: 1, body: 'Changed after the signer read it.' } }, { token });
    const refused = await t.request(
      SignOffWaiverRequestDocument,
      { input: { waiverRequestId: id, districtId: lead.id, textDigest: read.textDigest } },
      { token },
    );
    const now = await readText(id, token);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', textDigest: now.textDigest, textVersion: read.textVersion + 1 });
    expect(now.signOffs[0]).toMatchObject({ current: false, signedTextVersion: null, staleSinceVersion: null });

    const signed = await t.data(SignOffWaiverRequestDocument, { input: { waiverRequestId: id, districtId: lead.id, textDigest: now.textDigest } }, { token });
    expect(signed.signOffWaiverRequest).toMatchObject({ current: true, signedTextVersion: now.textVersion });
  });

  it('never covers text the signer did not read when an edit races the sign-off', async () => {
    const rounds = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const { id, lead, sections } = await inReview();
        const token = lead.owner.token;
        const outcomes = [];
        for (let round = 0; round < 3; round++) {
          const read = await readText(id, token);
          const section = read.sections[round];
          // The author's edit is sent first, so it often commits between the signer's read and the sign-off.
          const editing = t.data(
            EditWaiverSectionDocument,
            { input: { sectionId: sections[round].id, baseVersion: section.version, body: `Round ${round} edit.` } },
            { token },
          );
          const signing = t.request(
            SignOffWaiverRequestDocument,
            { input: { waiverRequestId: id, districtId: lead.id, textDigest: read.textDigest } },
            { token },
          );
          const [signOff, edit] = await Promise.all([signing, editing]);
          expect(edit.editWaiverSection.outcome).toBe('APPLIED');
          const signedVersion = signOff.data?.signOffWaiverRequest.signedTextVersion;
          if (signOff.errors) expect(signOff.errors[0].extensions?.code).toBe('CONFLICT');
          outcomes.push({ signed: !signOff.errors, unauthorized: !signOff.errors && signedVersion !== read.textVersion });
        }
        return outcomes;
      }),
    );
    const outcomes = rounds.flat();
    expect(outcomes.filter((o) => o.unauthorized)).toHaveLength(0);
    // The race was run both ways: some edits landed first (CONFLICT), some sign-offs did.
    expect(outcomes.filter((o) => !o.signed).length).toBeGreaterThan(0);
    expect(outcomes.length).toBe(36);
  });
});

describe('WaiverRequest.signOffs', () => {
  it('says whether each sign-off covers the text now, and which version voided it', async () => {
    const { id, lead, sections } = await inReview();
    const token = lead.owner.token;
    const first = await readText(id, token);
    await t.data(SignOffWaiverRequestDocument, { input: { waiverRequestId: id, districtId: lead.id, textDigest: first.textDigest } }, { token });
    expect((await readText(id, token)).signOffs[0]).toMatchObject({ current: true, signedTextVersion: first.textVersion, staleSinceVersion: null });

    await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[1].id, baseVersion: 1, body: 'A late change.' } }, { token });
    await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[1].id, baseVersion: 2, body: 'A later change.' } }, { token });
    const edited = await readText(id, token);
    expect(edited.textVersion).toBe(first.textVersion + 2);
    expect(edited.signOffs[0]).toMatchObject({ current: false, staleSinceVersion: first.textVersion + 1 });

    await t.data(SignOffWaiverRequestDocument, { input: { waiverRequestId: id, districtId: lead.id, textDigest: edited.textDigest } }, { token });
    expect((await readText(id, token)).signOffs[0]).toMatchObject({ current: true, signedTextVersion: edited.textVersion, staleSinceVersion: null });

    // Renaming a section changes the text too.
    await t.data(RenameWaiverSectionDocument, { input: { sectionId: sections[2].id, title: 'Proposed alternative, revised' } }, { token });
    const renamed = await readText(id, token);
    expect(renamed).toMatchObject({ textVersion: edited.textVersion + 1, signOffs: [{ current: false, staleSinceVersion: edited.textVersion + 1 }] });
  });

  it('reads current and staleSinceVersion for every district in a bounded number of statements', async () => {
    const { id, lead } = await inReview();
    const count = async () => {
      t.resetStatements();
      await readText(id, lead.owner.token);
      return t.statements.length;
    };
    const before = await count();
    for (let i = 0; i < 3; i++) {
      const district = await make.buildDistrict();
      await t.data(
        'mutation ($input: AddWaiverDistrictInput!) { addWaiverDistrict(input: $input) { id } }',
        { input: { waiverRequestId: id, districtId: district.id } },
        { token: lead.owner.token },
      );
    }
    expect(await count()).toBe(before);
  });
});
