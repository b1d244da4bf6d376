import { describe, expect, it } from 'vitest';
import { MemberRole } from '../../src/domain/enums';
import {
  AddWaiverDistrictDocument,
  AddWaiverSectionDocument,
  AddWaiverCommentDocument,
  DecideWaiverRequestDocument,
  EditWaiverSectionDocument,
  MoveWaiverSectionDocument,
  RenameWaiverSectionDocument,
  RestoreWaiverSectionRevisionDocument,
  SignOffWaiverRequestDocument,
  StartWaiverReviewDocument,
  SubmitWaiverRequestDocument,
  WaiverRequestDocument,
  WaiverRequestsDocument,
  WaiverTextStateDocument,
  WithdrawWaiverRequestDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { subscribeReady, waiverFactories } from './factories';

const t = useTestHub();
const make = waiverFactories(t);

/** Signs off the text as the signer reads it now (its digest). */
async function signOff(waiverRequestId: string, districtId: string, token: string) {
  const { waiverRequest } = await t.data(WaiverTextStateDocument, { id: waiverRequestId }, { token });
  return t.data(SignOffWaiverRequestDocument, { input: { waiverRequestId, districtId, textDigest: waiverRequest!.textDigest } }, { token });
}

/** A request with a co-signing district, in review and signed off by both owners. */
async function signedOff() {
  const waiver = await make.buildWaiver();
  const cosigner = await make.buildDistrict();
  const { id, lead } = waiver;
  await t.data(AddWaiverDistrictDocument, { input: { waiverRequestId: id, districtId: cosigner.id } }, { token: lead.owner.token });
  await t.data(
    EditWaiverSectionDocument,
    { input: { sectionId: waiver.sections[0].id, baseVersion: 1, body: 'MSIP 6 minimum instructional hours.' } },
    { token: lead.owner.token },
  );
  await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: id } }, { token: lead.owner.token });
  await signOff(id, lead.id, lead.owner.token);
  await signOff(id, cosigner.id, cosigner.owner.token);
  return { ...waiver, cosigner };
}

const action = (waiverRequestId: string) => ({ input: { waiverRequestId } });

describe('The review workflow', () => {
  it('goes DRAFT → IN_REVIEW → SUBMITTED → APPROVED, announcing each move, and opens the request to state-agency staff once submitted', async () => {
    const { id, lead, cosigner, sections } = await signedOff();
    const staff = await make.buildStateStaff();
    expect((await t.data(WaiverRequestDocument, { id }, { token: staff.token })).waiverRequest).toBeNull();
    const watcher = await subscribeReady(t, cosigner.owner, id, sections[0].id);

    const submitted = await t.data(SubmitWaiverRequestDocument, action(id), { token: lead.owner.token });
    expect(submitted.submitWaiverRequest.status).toBe('SUBMITTED');
    expect(submitted.submitWaiverRequest.submittedAt).toBeTruthy();
    const read = await t.data(WaiverRequestDocument, { id }, { token: staff.token });
    expect(read.waiverRequest).toMatchObject({ status: 'SUBMITTED', viewerCanEdit: false });
    expect(read.waiverRequest?.signOffs.map((s) => s.signedOffBy?.email)).toEqual([lead.owner.email, cosigner.owner.email]);
    const queue = await t.data(WaiverRequestsDocument, { status: 'SUBMITTED', first: 100 }, { token: staff.token });
    expect(queue.waiverRequests.edges.map((e) => e.node.id)).toContain(id);

    const decided = await t.data(
      DecideWaiverRequestDocument,
      { input: { waiverRequestId: id, decision: 'APPROVED', note: 'Approved for 2026-2027 with annual reporting.' } },
      { token: staff.token },
    );
    expect(decided.decideWaiverRequest).toMatchObject({ status: 'APPROVED', decisionNote: 'Approved for 2026-2027 with annual reporting.' });
    const approved = await watcher.waitFor((e) => e.__typename === 'WaiverStatusChanged' && e.to === 'APPROVED');
    expect(approved).toMatchObject({ from: 'SUBMITTED', note: 'Approved for 2026-2027 with annual reporting.', actor: { email: staff.email } });
    const moves = watcher.events.filter((e) => e.__typename === 'WaiverStatusChanged');
    expect(moves.map((e) => e.__typename === 'WaiverStatusChanged' && `${e.from}->${e.to}`)).toEqual(['IN_REVIEW->SUBMITTED', 'SUBMITTED->APPROVED']);
    watcher.stop();
  });

  it('refuses to submit until an OWNER of every district has signed off the current text', async () => {
    const { id, lead, cosigner, sections } = await signedOff();
    // An edit after the sign-offs changes the text: both must sign again.
    await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[1].id, baseVersion: 1, body: 'A late change.' } }, { token: lead.owner.token });
    const refused = await t.request(SubmitWaiverRequestDocument, action(id), { token: lead.owner.token });
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'IN_REVIEW',
      to: 'SUBMITTED',
      missingSignOffs: [lead.id, cosigner.id],
    });
    await signOff(id, lead.id, lead.owner.token);
    const stillMissing = await t.request(SubmitWaiverRequestDocument, action(id), { token: lead.owner.token });
    expect(stillMissing.errors?.[0].extensions?.missingSignOffs).toEqual([cosigner.id]);
    expect(stillMissing.errors?.[0].message).toContain(cosigner.organization.name);
    await signOff(id, cosigner.id, cosigner.owner.token);
    expect((await t.data(SubmitWaiverRequestDocument, action(id), { token: lead.owner.token })).submitWaiverRequest.status).toBe('SUBMITTED');
  });

  it('lets only an OWNER of a co-signing district sign off, and only IN_REVIEW', async () => {
    const { id, lead } = await make.buildWaiver();
    const early = await t.request(
      SignOffWaiverRequestDocument,
      { input: { waiverRequestId: id, districtId: lead.id, textDigest: 'not read' } },
      { token: lead.owner.token },
    );
    expect(early.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    await t.data(StartWaiverReviewDocument, action(id), { token: lead.owner.token });
    const editor = await make.buildPerson(lead.organization, MemberRole.EDITOR);
    const byEditor = await t.request(
      SignOffWaiverRequestDocument,
      { input: { waiverRequestId: id, districtId: lead.id, textDigest: 'not read' } },
      { token: editor.token },
    );
    expect(byEditor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const stranger = await make.buildDistrict();
    const forOther = await t.request(
      SignOffWaiverRequestDocument,
      { input: { waiverRequestId: id, districtId: stranger.id, textDigest: 'not read' } },
      { token: lead.owner.token },
    );
    expect(forOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('answers wrong moves with INVALID_TRANSITION and moves by others than the lead with FORBIDDEN', async () => {
    const { id, lead } = await make.buildWaiver();
    const cosigner = await make.buildDistrict();
    await t.data(AddWaiverDistrictDocument, { input: { waiverRequestId: id, districtId: cosigner.id } }, { token: lead.owner.token });
    const fromDraft = await t.request(SubmitWaiverRequestDocument, action(id), { token: lead.owner.token });
    expect(fromDraft.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'DRAFT', to: 'SUBMITTED' });
    expect((await t.request(StartWaiverReviewDocument, action(id), { token: cosigner.owner.token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await t.data(StartWaiverReviewDocument, action(id), { token: lead.owner.token });
    expect((await t.request(StartWaiverReviewDocument, action(id), { token: lead.owner.token })).errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    const staff = await make.buildStateStaff();
    const decideEarly = await t.request(
      DecideWaiverRequestDocument,
      { input: { waiverRequestId: id, decision: 'DENIED', note: 'No' } },
      { token: staff.token },
    );
    expect(decideEarly.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('lets exactly one of two concurrent submits win', async () => {
    const { id, lead } = await signedOff();
    const results = await Promise.all([1, 2].map(() => t.request(SubmitWaiverRequestDocument, action(id), { token: lead.owner.token })));
    expect(results.filter((r) => r.data?.submitWaiverRequest?.status === 'SUBMITTED')).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'INVALID_TRANSITION')).toHaveLength(1);
  });

  it('freezes the text from SUBMITTED on: edits, restores, new, renamed and moved sections are INVALID_TRANSITION; comments go on', async () => {
    const { id, lead, sections } = await signedOff();
    await t.data(SubmitWaiverRequestDocument, action(id), { token: lead.owner.token });
    const token = lead.owner.token;
    const attempts = await Promise.all([
      t.request(EditWaiverSectionDocument, { input: { sectionId: sections[0].id, baseVersion: 2, body: 'Changed after submission' } }, { token }),
      t.request(AddWaiverSectionDocument, { input: { waiverRequestId: id, title: 'Late section' } }, { token }),
      t.request(RenameWaiverSectionDocument, { input: { sectionId: sections[0].id, title: 'Renamed' } }, { token }),
      t.request(MoveWaiverSectionDocument, { input: { sectionId: sections[0].id, position: 3 } }, { token }),
    ]);
    for (const attempt of attempts) {
      expect(attempt.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', status: 'SUBMITTED' });
      expect(attempt.errors?.[0].message).toContain('frozen');
    }
    const read = await t.data(WaiverRequestDocument, { id }, { token });
    expect(read.waiverRequest!.sections[0]).toMatchObject({ version: 2, body: 'MSIP 6 minimum instructional hours.', title: 'Requirement to be waived' });
    expect(read.waiverRequest!.sections).toHaveLength(7);
    const comment = await t.data(AddWaiverCommentDocument, { input: { sectionId: sections[0].id, body: 'Submitted on time.' } }, { token });
    expect(comment.addWaiverComment.body).toBe('Submitted on time.');
  });

  it('refuses restoring a revision once the request is withdrawn', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const edited = await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId: sections[2].id, baseVersion: 1, body: 'Alternative plan' } },
      { token: lead.owner.token },
    );
    await t.data(WithdrawWaiverRequestDocument, action(id), { token: lead.owner.token });
    const restore = await t.request(
      RestoreWaiverSectionRevisionDocument,
      { input: { revisionId: edited.editWaiverSection.revision!.id } },
      { token: lead.owner.token },
    );
    expect(restore.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', status: 'WITHDRAWN' });
  });

  it('lets state-agency owners and editors decide with a note, not viewers or districts, and only once', async () => {
    const { id, lead } = await signedOff();
    await t.data(SubmitWaiverRequestDocument, action(id), { token: lead.owner.token });
    const viewer = await make.buildStateStaff(MemberRole.VIEWER);
    const deny = (token: string, note = 'Evidence of readiness is incomplete.') =>
      t.request(DecideWaiverRequestDocument, { input: { waiverRequestId: id, decision: 'DENIED', note } }, { token });
    expect((await deny(viewer.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await deny(lead.owner.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const owner = await make.buildStateStaff(MemberRole.OWNER);
    expect((await deny(owner.token, '  ')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await deny(owner.token)).data?.decideWaiverRequest).toMatchObject({ status: 'DENIED', decisionNote: 'Evidence of readiness is incomplete.' });
    expect((await deny(owner.token)).errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'DENIED', to: 'DENIED' });
    expect((await t.request(WithdrawWaiverRequestDocument, action(id), { token: lead.owner.token })).errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'DENIED',
      to: 'WITHDRAWN',
    });
  });

  it('lets the lead withdraw before a decision; state-agency staff still read a request withdrawn after submission', async () => {
    const draft = await make.buildWaiver();
    expect((await t.data(WithdrawWaiverRequestDocument, action(draft.id), { token: draft.lead.owner.token })).withdrawWaiverRequest.status).toBe('WITHDRAWN');
    expect((await t.request(WithdrawWaiverRequestDocument, action(draft.id), { token: draft.lead.owner.token })).errors?.[0].extensions?.code).toBe(
      'INVALID_TRANSITION',
    );

    const { id, lead, cosigner } = await signedOff();
    await t.data(SubmitWaiverRequestDocument, action(id), { token: lead.owner.token });
    expect((await t.request(WithdrawWaiverRequestDocument, action(id), { token: cosigner.owner.token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await t.data(WithdrawWaiverRequestDocument, action(id), { token: lead.owner.token });
    const staff = await make.buildStateStaff();
    expect((await t.data(WaiverRequestDocument, { id }, { token: staff.token })).waiverRequest?.status).toBe('WITHDRAWN');
  });
});
