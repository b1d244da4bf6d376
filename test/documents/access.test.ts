/**
 * Who may download a document, and attaching uploads: as waiver evidence
 * (a section of a waiver request) and as learning evidence (a completed
 * module in a plan). Over real HTTP.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import { world } from '../hardening/matrix/world';
import {
  AttachWaiverEvidenceDocument,
  CompleteLearningModuleWithEvidenceDocument,
  DocumentNodeDocument,
  InviteWaiverCollaboratorDocument,
  LearningPlanEvidenceDocument,
  RemoveWaiverEvidenceDocument,
  WaiverEvidenceDocument,
} from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { learningFactories, moduleId } from '../learning/factories';
import { waiverFactories, type Person } from '../waivers/factories';
import { download, PNG, samples, uploaded } from './helpers';

const t = useTestHub();

describe('waiver evidence', () => {
  let waiver: Awaited<ReturnType<ReturnType<typeof waiverFactories>['buildWaiver']>>;
  let readiness: string;
  let author: Person;
  let reviewer: Person;
  let districtMember: Person;
  let unrelated: Person;
  let stateStaff: Person;

  beforeAll(async () => {
    const make = waiverFactories(t);
    waiver = await make.buildWaiver();
    readiness = waiver.sections.find((section) => section.key === 'readiness')!.id;
    [author, reviewer, unrelated, stateStaff] = [await make.buildPerson(), await make.buildPerson(), await make.buildPerson(), await make.buildStateStaff()];
    districtMember = await make.buildPerson(waiver.lead.organization, MemberRole.VIEWER);
    for (const [person, role] of [
      [author, 'AUTHOR'],
      [reviewer, 'REVIEWER'],
    ] as const) {
      await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: waiver.id, email: person.email, role } }, { token: waiver.lead.owner.token });
    }
  });

  const attach = (token: string, documentIds: string[], sectionId = readiness) =>
    t.request(AttachWaiverEvidenceDocument, { input: { sectionId, documentIds } }, { token });

  it('lets an author attach uploads to the readiness section, which everyone who may read the request then downloads, and no one else', async () => {
    const pdf = samples.pdf('Graduate profile adopted by the board');
    const first = await uploaded(t, author.token, pdf, { filename: 'graduate-profile.pdf' });
    const second = await uploaded(t, author.token, samples.png(), { type: PNG, filename: 'framework.png' });
    const { attachWaiverEvidence } = await t.data(
      AttachWaiverEvidenceDocument,
      { input: { sectionId: readiness, documentIds: [first, second] } },
      { token: author.token },
    );
    expect(attachWaiverEvidence.documents.map((d) => [d.id, d.filename, d.purpose])).toEqual([
      [first, 'graduate-profile.pdf', 'WAIVER_EVIDENCE'],
      [second, 'framework.png', 'WAIVER_EVIDENCE'],
    ]);
    expect(attachWaiverEvidence.documents[0].attachedAt).not.toBeNull();

    const readers = { uploader: author, lead: waiver.lead.owner, reviewer, districtMember };
    for (const [who, person] of Object.entries(readers)) {
      const got = await download(t, first, person.token);
      expect(got.status, who).toBe(200);
      expect(got.bytes.equals(pdf), who).toBe(true);
    }
    const outsiders = { unrelated: unrelated.token, 'state staff before submission': stateStaff.token, anonymous: undefined };
    for (const [who, token] of Object.entries(outsiders)) {
      expect((await download(t, first, token)).status, who).toBe(404);
      const node = await t.request(DocumentNodeDocument, { id: first }, token ? { token } : {});
      expect(node.data?.node ?? null, who).toBeNull();
    }

    const { waiverRequest } = await t.data(WaiverEvidenceDocument, { id: waiver.id }, { token: reviewer.token });
    const sections = waiverRequest!.sections;
    expect(sections.find((s) => s.id === readiness)!.documents.map((d) => d.id)).toEqual([first, second]);
    expect(sections.filter((s) => s.id !== readiness).every((s) => s.documents.length === 0)).toBe(true);
  });

  it("reads every section's documents in one statement", async () => {
    t.resetStatements();
    const { waiverRequest } = await t.data(WaiverEvidenceDocument, { id: waiver.id }, { token: author.token });
    expect(waiverRequest!.sections.length).toBeGreaterThan(3);
    expect(t.statements.filter((sql) => /from "documents"/.test(sql))).toHaveLength(1);
  });

  it('refuses to attach one upload twice, naming the input', async () => {
    const id = await uploaded(t, author.token);
    await t.data(AttachWaiverEvidenceDocument, { input: { sectionId: readiness, documentIds: [id] } }, { token: author.token });
    const again = await attach(author.token, [id], waiver.sections[0].id);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.documentIds[0]' }] });
    const { waiverRequest } = await t.data(WaiverEvidenceDocument, { id: waiver.id }, { token: author.token });
    expect(waiverRequest!.sections[0].documents).toEqual([]);
  });

  it("refuses to attach someone else's upload, a listed id twice, and an id that is no document", async () => {
    const authorsUpload = await uploaded(t, author.token);
    const byLead = await attach(waiver.lead.owner.token, [authorsUpload]);
    expect(byLead.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.documentIds[0]' }] });

    const own = await uploaded(t, waiver.lead.owner.token);
    const twice = await attach(waiver.lead.owner.token, [own, own]);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.documentIds[1]' }] });
    const bogus = await attach(waiver.lead.owner.token, [own, waiver.id]);
    expect(bogus.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.documentIds[1]' }] });

    // Nothing of the refused writes stuck: both uploads are still their uploaders' own, unattached.
    expect((await download(t, authorsUpload, author.token)).status).toBe(200);
    expect((await download(t, authorsUpload, reviewer.token)).status).toBe(404);
    expect((await t.data(DocumentNodeDocument, { id: own }, { token: waiver.lead.owner.token })).node).toMatchObject({ attachedAt: null });
  });

  it('lets an author take a document off the evidence: readers lose it, its uploader keeps it, unattached', async () => {
    const id = await uploaded(t, author.token);
    await t.data(AttachWaiverEvidenceDocument, { input: { sectionId: readiness, documentIds: [id] } }, { token: author.token });
    expect((await download(t, id, reviewer.token)).status).toBe(200);
    const { removeWaiverEvidence } = await t.data(
      RemoveWaiverEvidenceDocument,
      { input: { sectionId: readiness, documentId: id } },
      { token: waiver.lead.owner.token },
    );
    expect(removeWaiverEvidence.documents.map((d) => d.id)).not.toContain(id);
    expect((await download(t, id, reviewer.token)).status).toBe(404);
    expect((await download(t, id, author.token)).status).toBe(200);
    expect((await t.data(DocumentNodeDocument, { id }, { token: author.token })).node).toMatchObject({ attachedAt: null, purpose: null });
    const again = await t.request(RemoveWaiverEvidenceDocument, { input: { sectionId: readiness, documentId: id } }, { token: author.token });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.documentId' }] });
  });

  it('refuses evidence from a reviewer (FORBIDDEN) and from someone who may not read the request (NOT_FOUND), attaching nothing', async () => {
    const fromReviewer = await uploaded(t, reviewer.token);
    expect((await attach(reviewer.token, [fromReviewer])).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const fromStranger = await uploaded(t, unrelated.token);
    expect((await attach(unrelated.token, [fromStranger])).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.data(DocumentNodeDocument, { id: fromReviewer }, { token: reviewer.token })).node).toMatchObject({ attachedAt: null });
    expect((await download(t, fromStranger, waiver.lead.owner.token)).status).toBe(404);
  });
});

describe('waiver evidence through review and submission', () => {
  it('leaves sign-offs current (evidence is not the signed text), reaches state staff once submitted, and is closed once the text is frozen', async () => {
    const w = world(t);
    const request = await w.waiverInReview({ signed: true });
    const signOffs = async () =>
      (
        await t.data<{ waiverRequest: { signOffs: Array<{ current: boolean }> } }, { id: string }>(
          'query ($id: ID!) { waiverRequest(id: $id) { signOffs { current } } }',
          { id: request.id },
          { token: request.lead.token },
        )
      ).waiverRequest.signOffs;
    expect(await signOffs()).toEqual([{ current: true }]);

    const documentId = await uploaded(t, request.lead.token, samples.pdf('Board resolution, 2026-05-12'));
    await t.data(AttachWaiverEvidenceDocument, { input: { sectionId: request.sectionIds[1], documentIds: [documentId] } }, { token: request.lead.token });
    expect(await signOffs()).toEqual([{ current: true }]);

    const state = await w.team(OrganizationKind.STATE_AGENCY, OrganizationKind.DISTRICT);
    expect((await download(t, documentId, state.tokens.VIEWER)).status).toBe(404);
    await w.call(
      'mutation ($input: WaiverRequestActionInput!) { submitWaiverRequest(input: $input) { id } }',
      { waiverRequestId: request.id },
      request.lead.token,
    );
    expect((await download(t, documentId, state.tokens.VIEWER)).status).toBe(200);
    expect((await download(t, documentId, state.tokens.outsider)).status).toBe(404);

    const late = await uploaded(t, request.lead.token);
    const refused = await t.request(
      AttachWaiverEvidenceDocument,
      { input: { sectionId: request.sectionIds[1], documentIds: [late] } },
      { token: request.lead.token },
    );
    expect(refused.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
  });
});

describe('learning evidence', () => {
  it('attaches uploads to a completed module; only the educator downloads them', async () => {
    const make = learningFactories(t.hub.orm);
    const module = await make.buildModule();
    const people = waiverFactories(t);
    const [educator, other] = [await people.buildPerson(), await people.buildPerson()];
    const educatorToken = educator.token;

    const certificate = samples.pdf('Certificate of completion');
    const id = await uploaded(t, educatorToken, certificate, { filename: 'certificate.pdf' });
    const { completeLearningModule } = await t.data(
      CompleteLearningModuleWithEvidenceDocument,
      { input: { moduleId: moduleId(module), evidenceUrl: 'https://portfolio.example/cbl', documentIds: [id] } },
      { token: educatorToken },
    );
    expect(completeLearningModule).toMatchObject({ completed: true, evidenceUrl: 'https://portfolio.example/cbl' });
    expect(completeLearningModule.documents.map((d) => [d.id, d.purpose])).toEqual([[id, 'LEARNING_EVIDENCE']]);

    const plan = await t.data(LearningPlanEvidenceDocument, {}, { token: educatorToken });
    expect(plan.learningPlan!.items.edges[0].node.documents.map((d) => d.filename)).toEqual(['certificate.pdf']);

    const got = await download(t, id, educatorToken);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(certificate)).toBe(true);
    expect((await download(t, id, other.token)).status).toBe(404);
    expect((await download(t, id)).status).toBe(404);

    // Completing again with the same upload: it is attached already.
    const again = await t.request(
      CompleteLearningModuleWithEvidenceDocument,
      { input: { moduleId: moduleId(module), documentIds: [id] } },
      { token: educatorToken },
    );
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.documentIds[0]' }] });
  });

  it("refuses another educator's upload as evidence, and completes nothing", async () => {
    const make = learningFactories(t.hub.orm);
    const module = await make.buildModule();
    const people = waiverFactories(t);
    const [me, someone] = [await people.buildPerson(), await people.buildPerson()];
    const theirs = await uploaded(t, someone.token);
    const refused = await t.request(
      CompleteLearningModuleWithEvidenceDocument,
      { input: { moduleId: moduleId(module), documentIds: [theirs] } },
      { token: me.token },
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.documentIds[0]' }] });
    const plan = await t.data(LearningPlanEvidenceDocument, {}, { token: me.token });
    expect(plan.learningPlan!.items.edges).toEqual([]);
  });
});
