/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are read loosely in these assertions */
/**
 * The applicant -> review -> decision path over real HTTP: who may apply, one
 * application per applicant, co-drafting with the waiver sections' merge,
 * what submitting requires, the facilitation team's private notes and
 * clarification loop, and the memberships decisions create.
 */
import { describe, expect, it } from 'vitest';
import { OrganizationKind, Zone } from '../../src/domain/enums';
import { COMMITMENTS, EVIDENCE_OF_PRACTICE } from '../../src/modules/applications/application.content';
import { useTestHub } from '../helpers/hub';
import { applicationWorld, Q, type ApplicationWorld } from './factories';

const t = useTestHub();
let w: ApplicationWorld;
const world = () => (w ??= applicationWorld(t));

describe('Mutation.startZoneApplication', () => {
  it('starts an SDZ draft with the four Evidence of Practice and the seven commitments, verbatim', async () => {
    const window = await world().window(Zone.SYSTEM_DESIGN);
    const district = await w.applicant();
    const application = await w.start(window, district.gid, district.editor.token);
    expect(application.status).toBe('DRAFT');
    expect(application.sections.filter((s) => s.kind === 'EVIDENCE_OF_PRACTICE').map((s) => s.key)).toEqual(EVIDENCE_OF_PRACTICE.map((e) => e.key));
    const { zoneApplication } = await t.data<any, any>(
      'query ($id: ID!) { zoneApplication(id: $id) { agreement sections { title } commitments { text acknowledged } } }',
      { id: application.id },
      { token: district.owner.token },
    );
    expect(zoneApplication.sections[0].title).toBe('Use of competency-based learning (CBL) practices.');
    expect(zoneApplication.commitments.map((c: { text: string }) => c.text)).toEqual(COMMITMENTS.SYSTEM_DESIGN.map((c) => c.text));
    expect(zoneApplication.commitments.every((c: { acknowledged: boolean }) => !c.acknowledged)).toBe(true);
  });

  it('refuses a second application of the same applicant, zone and school year with a clear CONFLICT', async () => {
    const window = await world().window(Zone.SYSTEM_DESIGN);
    const district = await w.applicant();
    await w.start(window, district.gid, district.editor.token);
    const again = await t.request(
      Q.start,
      { input: { zone: window.zone, schoolYear: window.schoolYear, applicantId: district.gid } },
      { token: district.owner.token },
    );
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0].message).toMatch(/already has an application to the System Design Zone for \d{4}-\d{4}: one per applicant, zone and school year/);
  });

  it('lets exactly one of two editors starting at once create the application', async () => {
    const window = await world().window(Zone.SYSTEM_DESIGN);
    const district = await w.applicant();
    const input = { zone: window.zone, schoolYear: window.schoolYear, applicantId: district.gid };
    const results = await Promise.all([district.owner.token, district.editor.token].map((token) => t.request(Q.start, { input }, { token })));
    expect(results.map((r) => r.errors?.[0].extensions?.code ?? 'ok').sort()).toEqual(['CONFLICT', 'ok']);
    const [{ count }] = await t.hub.orm.em
      .fork()
      .execute('select count(*)::int as count from zone_applications where applicant_id = ?', [district.organization.id]);
    expect(count).toBe(1);
  });

  it('takes SDZ applications from districts only, CNZ from colleges, regional organizations and businesses, and not from a VIEWER', async () => {
    const sdz = await world().window(Zone.SYSTEM_DESIGN);
    const cnz = await w.window(Zone.COLLABORATIVE_NETWORK);
    const business = await w.applicant(OrganizationKind.BUSINESS);
    const college = await w.applicant(OrganizationKind.HIGHER_ED);
    const district = await w.applicant();
    const refused = await t.request(
      Q.start,
      { input: { zone: sdz.zone, schoolYear: sdz.schoolYear, applicantId: business.gid } },
      { token: business.owner.token },
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await w.start(cnz, college.gid, college.editor.token)).status).toBe('DRAFT');
    expect((await w.start(cnz, business.gid, business.editor.token)).status).toBe('DRAFT');
    const viewer = await t.request(
      Q.start,
      { input: { zone: sdz.zone, schoolYear: sdz.schoolYear, applicantId: district.gid } },
      { token: district.viewer.token },
    );
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const districtToCnz = await t.request(
      Q.start,
      { input: { zone: cnz.zone, schoolYear: cnz.schoolYear, applicantId: district.gid } },
      { token: district.owner.token },
    );
    expect(districtToCnz.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a school of a district and an individual teacher apply to the ILDZ', async () => {
    const ildz = await world().window(Zone.INNOVATIVE_LEARNING_DESIGN);
    const district = await w.applicant();
    const state = await w.stateOwner();
    const { createOrganization } = await w.call<any>(
      'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id kind region } }',
      { name: w.unique('Lincoln Elementary'), kind: 'SCHOOL', parentId: district.gid, ownerEmail: district.owner.email },
      state.token,
    );
    expect(createOrganization).toMatchObject({ kind: 'SCHOOL', region: 'Central' });
    expect((await w.start(ildz, createOrganization.id, district.owner.token)).status).toBe('DRAFT');
    const teacher = await w.person(district.organization);
    const own = await w.start(ildz, district.gid, teacher.token, true);
    const { zoneApplication } = await t.data<any, any>(
      'query ($id: ID!) { zoneApplication(id: $id) { teacher { id } applicant { id } } }',
      { id: own.id },
      { token: teacher.token },
    );
    expect(zoneApplication).toEqual({ teacher: { id: teacher.gid }, applicant: { id: district.gid } });
    const sdz = await w.window(Zone.SYSTEM_DESIGN);
    const asTeacher = await t.request(
      Q.start,
      { input: { zone: sdz.zone, schoolYear: sdz.schoolYear, applicantId: district.gid, asTeacher: true } },
      { token: teacher.token },
    );
    expect(asTeacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('Mutation.editApplicationSection', () => {
  it("merges two editors' edits to different paragraphs made from the same version, and returns overlapping ones as a conflict", async () => {
    const window = await world().window(Zone.SYSTEM_DESIGN);
    const district = await w.applicant();
    const application = await w.start(window, district.gid, district.owner.token);
    const section = application.sections[0];
    await w.call(Q.edit, { sectionId: section.id, baseVersion: 1, body: 'Intro.\n\nMiddle.\n\nEnd.' }, district.owner.token);
    const mine = await w.call<any>(Q.edit, { sectionId: section.id, baseVersion: 2, body: 'Intro, by the owner.\n\nMiddle.\n\nEnd.' }, district.owner.token);
    expect(mine.editApplicationSection.outcome).toBe('APPLIED');
    const theirs = await w.call<any>(
      Q.edit,
      { sectionId: section.id, baseVersion: 2, body: 'Intro.\n\nMiddle.\n\nEnd, by the editor.' },
      district.editor.token,
    );
    expect(theirs.editApplicationSection).toMatchObject({
      outcome: 'MERGED',
      section: { version: 4, body: 'Intro, by the owner.\n\nMiddle.\n\nEnd, by the editor.' },
    });
    const clash = await w.call<any>(Q.edit, { sectionId: section.id, baseVersion: 2, body: 'Intro, rewritten.\n\nMiddle.\n\nEnd.' }, district.editor.token);
    expect(clash.editApplicationSection.outcome).toBe('CONFLICT');
    expect(clash.editApplicationSection.section.version).toBe(4);
    const viewer = await t.request(Q.edit, { input: { sectionId: section.id, baseVersion: 4, body: 'Viewer text.' } }, { token: district.viewer.token });
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('Mutation.submitZoneApplication', () => {
  it('names everything an incomplete application lacks, then submits once complete', async () => {
    const window = await world().window(Zone.SYSTEM_DESIGN);
    const district = await w.applicant();
    const application = await w.start(window, district.gid, district.editor.token);
    const early = await t.request(Q.submit, { input: { applicationId: application.id } }, { token: district.editor.token });
    expect(early.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const paths = (early.errors?.[0].extensions?.fields ?? []).map((f) => f.path);
    expect(paths).toContain('commitments.sdz-1');
    expect(paths).toContain('sections.cbl-practices.rating');
    expect(paths).toContain('sections.cbl-practices.body');
    await w.complete(application, district.editor.token);
    const { submitZoneApplication } = await w.call<any>(Q.submit, { applicationId: application.id }, district.owner.token);
    expect(submitZoneApplication.status).toBe('SUBMITTED');
    const edit = await t.request(
      Q.edit,
      { input: { sectionId: application.sections[0].id, baseVersion: 3, body: 'Late change.' } },
      { token: district.editor.token },
    );
    expect(edit.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
  });

  it('accepts NOT_YET without evidence ("perfection is not the goal") but asks for evidence when a practice is in place', async () => {
    const window = await world().window(Zone.SYSTEM_DESIGN);
    const district = await w.applicant();
    const application = await w.start(window, district.gid, district.editor.token);
    await w.complete(application, district.editor.token);
    const [first, second] = application.sections;
    await w.call(Q.rate, { sectionId: first.id, rating: 'NOT_YET', links: [] }, district.editor.token);
    await w.call(Q.rate, { sectionId: second.id, rating: 'IN_PLACE', links: [] }, district.editor.token);
    const refused = await t.request(Q.submit, { input: { applicationId: application.id } }, { token: district.editor.token });
    expect((refused.errors?.[0].extensions?.fields ?? []).map((f) => f.path)).toEqual([`sections.${second.key}.evidence`]);
    const { attachApplicationDocuments } = await w.call<any>(
      Q.attach,
      { applicationId: application.id, sectionId: second.id, documentIds: [await w.upload(district.editor, 'data-dashboard.png')] },
      district.editor.token,
    );
    expect(attachApplicationDocuments.id).toBe(application.id);
    expect((await w.call<any>(Q.submit, { applicationId: application.id }, district.editor.token)).submitZoneApplication.status).toBe('SUBMITTED');
  });

  it('requires the superintendent letter of support for an ILDZ application', async () => {
    const window = await world().window(Zone.INNOVATIVE_LEARNING_DESIGN);
    const district = await w.applicant();
    const application = await w.start(window, district.gid, district.editor.token);
    await w.complete(application, district.editor.token);
    const refused = await t.request(Q.submit, { input: { applicationId: application.id } }, { token: district.editor.token });
    expect(refused.errors?.[0].extensions?.fields).toEqual([
      { path: 'letterOfSupport', message: 'a signed letter of support from the Superintendent is required' },
    ]);
    await w.call(Q.attach, { applicationId: application.id, documentIds: [await w.upload(district.editor)] }, district.editor.token);
    expect((await w.call<any>(Q.submit, { applicationId: application.id }, district.editor.token)).submitZoneApplication.status).toBe('SUBMITTED');
  });
});

describe('documents of an application', () => {
  it("are downloaded by the applicant's members and, once submitted, the facilitation team; by nobody else", async () => {
    const window = await world().window(Zone.INNOVATIVE_LEARNING_DESIGN);
    const district = await w.applicant();
    const outsider = await w.applicant();
    const facilitator = await w.facilitator();
    const application = await w.start(window, district.gid, district.editor.token);
    await w.complete(application, district.editor.token, district.editor);
    const { zoneApplication } = await t.data<any, any>(
      'query ($id: ID!) { zoneApplication(id: $id) { letterOfSupport { url contentType } } }',
      { id: application.id },
      { token: district.viewer.token },
    );
    const [letter] = zoneApplication.letterOfSupport;
    expect(letter.contentType).toBe('application/pdf');
    const download = (token: string) =>
      fetch(new URL(letter.url, t.url).toString().replace('localhost', '127.0.0.1'), { headers: { authorization: `Bearer ${token}` } });
    expect((await download(district.viewer.token)).status).toBe(200);
    expect((await download(facilitator.token)).status).toBe(404);
    await w.call(Q.submit, { applicationId: application.id }, district.editor.token);
    const byTeam = await download(facilitator.token);
    expect(byTeam.status).toBe(200);
    expect((await byTeam.text()).startsWith('%PDF')).toBe(true);
    expect((await download(outsider.owner.token)).status).toBe(404);
  });
});

describe('review and decision', () => {
  it('runs the clarification loop in one record and keeps review notes to the facilitation team', async () => {
    const { team, application } = await world().submitted(Zone.SYSTEM_DESIGN);
    const facilitator = await w.facilitator();
    const stateOwner = await w.stateOwner();
    expect((await w.call<any>(Q.startReview, { applicationId: application.id }, facilitator.token)).startApplicationReview.status).toBe('UNDER_REVIEW');
    await w.call(Q.note, { applicationId: application.id, body: 'Strong data practice; ask about partners.' }, facilitator.token);
    const notState = await t.request(Q.note, { input: { applicationId: application.id, body: 'Not on the team.' } }, { token: stateOwner.token });
    expect(notState.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const { requestApplicationClarification: asked } = await w.call<any>(
      Q.clarify,
      { applicationId: application.id, question: 'Which partners run your internships?' },
      facilitator.token,
    );
    expect(asked.application.status).toBe('NEEDS_CLARIFICATION');
    const notes = 'query ($id: ID!) { zoneApplication(id: $id) { status reviewNotes { body } } }';
    const applicantView = await t.request<any, any>(notes, { id: application.id }, { token: team.owner.token });
    expect(applicantView.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const viewerAnswer = await t.request(Q.answer, { input: { clarificationId: asked.id, answer: 'A viewer cannot answer.' } }, { token: team.viewer.token });
    expect(viewerAnswer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const { answerApplicationClarification: answered } = await w.call<any>(
      Q.answer,
      { clarificationId: asked.id, answer: 'Acme Health and the county library.' },
      team.editor.token,
    );
    expect(answered).toMatchObject({
      id: asked.id,
      question: 'Which partners run your internships?',
      answer: 'Acme Health and the county library.',
      application: { status: 'UNDER_REVIEW' },
    });
    const twice = await t.request(Q.answer, { input: { clarificationId: asked.id, answer: 'Again.' } }, { token: team.editor.token });
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
    const teamView = await t.data<any, any>(notes, { id: application.id }, { token: facilitator.token });
    expect(teamView.zoneApplication).toEqual({ status: 'UNDER_REVIEW', reviewNotes: [{ body: 'Strong data practice; ask about partners.' }] });
  });

  it('SELECTED creates the zone membership for that school year and a board resolution due', async () => {
    const { window, team, application } = await world().submitted(Zone.SYSTEM_DESIGN);
    const facilitator = await w.facilitator();
    const { decideZoneApplication } = await w.call<any>(
      Q.decide,
      { applicationId: application.id, decision: 'SELECTED', note: 'Welcome to the SDZ.' },
      facilitator.token,
    );
    expect(decideZoneApplication).toMatchObject({
      status: 'SELECTED',
      placedZone: 'SYSTEM_DESIGN',
      decisionNote: 'Welcome to the SDZ.',
      boardResolution: { status: 'OUTSTANDING' },
    });
    expect(await w.zoneMemberships(team.organization.id)).toEqual([{ zone: 'SYSTEM_DESIGN', school_year: window.schoolYear }]);
    const again = await t.request(Q.decide, { input: { applicationId: application.id, decision: 'NOT_SELECTED' } }, { token: facilitator.token });
    expect(again.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
  });

  it('places an SDZ applicant not selected in the ILDZ for the same year, and says so', async () => {
    const { window, team, application } = await world().submitted(Zone.SYSTEM_DESIGN);
    const facilitator = await w.facilitator();
    const { decideZoneApplication } = await w.call<any>(
      Q.decide,
      { applicationId: application.id, decision: 'NOT_SELECTED', note: 'Not this cohort.' },
      facilitator.token,
    );
    expect(decideZoneApplication).toMatchObject({ status: 'NOT_SELECTED', placedZone: 'INNOVATIVE_LEARNING_DESIGN', boardResolution: null });
    expect(decideZoneApplication.decisionSummary).toBe(
      `Not selected for the System Design Zone; automatically accepted into the Innovative Learning Design Zone for ${window.schoolYear}`,
    );
    expect(await w.zoneMemberships(team.organization.id)).toEqual([{ zone: 'INNOVATIVE_LEARNING_DESIGN', school_year: window.schoolYear }]);
  });

  it('creates nothing for an ILDZ applicant not selected, nor for a withdrawn application', async () => {
    const ildz = await world().submitted(Zone.INNOVATIVE_LEARNING_DESIGN);
    const facilitator = await w.facilitator();
    const { decideZoneApplication } = await w.call<any>(Q.decide, { applicationId: ildz.application.id, decision: 'NOT_SELECTED' }, facilitator.token);
    expect(decideZoneApplication.placedZone).toBeNull();
    expect(await w.zoneMemberships(ildz.team.organization.id)).toEqual([]);
    const sdz = await w.submitted(Zone.SYSTEM_DESIGN);
    expect((await w.call<any>(Q.withdraw, { applicationId: sdz.application.id }, sdz.team.owner.token)).withdrawZoneApplication.status).toBe('WITHDRAWN');
    const decided = await t.request(Q.decide, { input: { applicationId: sdz.application.id, decision: 'SELECTED' } }, { token: facilitator.token });
    expect(decided.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(await w.zoneMemberships(sdz.team.organization.id)).toEqual([]);
  });

  it('hides drafts from the facilitation team and lists submitted ones for it', async () => {
    const window = await world().window(Zone.SYSTEM_DESIGN);
    const district = await w.applicant();
    const draft = await w.start(window, district.gid, district.editor.token);
    const { application } = await w.submitted(Zone.SYSTEM_DESIGN);
    const facilitator = await w.facilitator();
    const one = 'query ($id: ID!) { zoneApplication(id: $id) { id } }';
    expect((await t.data<any, any>(one, { id: draft.id }, { token: facilitator.token })).zoneApplication).toBeNull();
    expect((await t.data<any, any>(one, { id: application.id }, { token: facilitator.token })).zoneApplication).toEqual({ id: application.id });
    const list = await t.data<any, any>(
      'query ($y: String) { zoneApplications(first: 100, schoolYear: $y) { edges { node { id } } } }',
      { y: window.schoolYear },
      { token: facilitator.token },
    );
    expect(list.zoneApplications.edges).toEqual([]);
    const mine = await t.data<any, any>(
      'query ($y: String) { zoneApplications(first: 100, schoolYear: $y) { edges { node { id } } } }',
      { y: window.schoolYear },
      { token: district.viewer.token },
    );
    expect(mine.zoneApplications.edges).toEqual([{ node: { id: draft.id } }]);
  });
});
