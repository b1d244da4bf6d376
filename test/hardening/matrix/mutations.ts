/**
 * The policy for every mutation, keyed by field name: which actors are tried,
 * which of them may succeed, and how to build a fresh target with a
 * valid-looking input. A mutation in the schema without an entry here fails
 * the matrix test: a new mutation needs its policy written down.
 */
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { OrganizationKind } from '../../../src/domain/enums';
import { toGlobalId } from '../../../src/domain/global-id';
import { OpportunityStatus, PartnershipStatus } from '../../../src/modules/partnerships/partnership.enums';
import { currentSchoolYear, unique } from '../../factories';
import { APPLICATION_MUTATIONS } from './applications';
import { ORGANIZATION_ACTORS, SIGNED_IN, WAIVER_ACTORS, type Actor, type Tokens, type World } from './world';

export interface Built {
  input: Record<string, unknown>;
  tokens: Tokens;
}

export interface Entry {
  actors: readonly Actor[];
  allowed: readonly Actor[];
  build(w: World, actor: Actor): Promise<Built>;
}

const { DISTRICT, BUSINESS, STATE_AGENCY } = OrganizationKind;
const EDITORS = ['OWNER', 'EDITOR'] as const;
const AUTHORS = ['LEAD', 'AUTHOR'] as const;
const WAIVER_READERS = ['OWNER', 'EDITOR', 'VIEWER', 'LEAD', 'AUTHOR', 'REVIEWER'] as const;
const COLLABORATORS = ['LEAD', 'AUTHOR', 'REVIEWER'] as const;
const gid = toGlobalId;

const org = (allowed: readonly Actor[], build: Entry['build']): Entry => ({ actors: ORGANIZATION_ACTORS, allowed, build });
const waiver = (allowed: readonly Actor[], build: Entry['build']): Entry => ({ actors: WAIVER_ACTORS, allowed, build });

/** An opportunity of a new business team, in a status. */
async function opportunityOf(w: World, status: OpportunityStatus) {
  const business = await w.team(BUSINESS);
  const opportunity = await w.buildOpportunity({ business: business.organization, status });
  return { business, opportunityId: gid('Opportunity', opportunity.id) };
}

/** A partnership in a status, seen from the `side` team (district or business). */
async function partnershipOf(w: World, status: PartnershipStatus, side: 'district' | 'business') {
  const mine = await w.team(side === 'district' ? DISTRICT : BUSINESS);
  const other = await w.team(side === 'district' ? BUSINESS : DISTRICT);
  const [business, district] = side === 'district' ? [other, mine] : [mine, other];
  const opportunity = await w.buildOpportunity({ business: business.organization });
  const partnership = await w.buildPartnership({ opportunity, district: district.organization, status });
  return { tokens: mine.tokens, partnershipId: gid('Partnership', partnership.id) };
}

/** An OPEN opportunity of a new business team, requested through the API by a district's editor (the business's OWNER and EDITOR are told). */
async function requestedOf(w: World) {
  const business = await w.team(BUSINESS);
  const district = await w.team(DISTRICT);
  const opportunity = await w.buildOpportunity({ business: business.organization });
  const { requestPartnership } = await w.call<{ requestPartnership: { id: string } }>(
    'mutation ($input: RequestPartnershipInput!) { requestPartnership(input: $input) { id } }',
    { opportunityId: gid('Opportunity', opportunity.id), districtId: district.gid, studentCount: 1 },
    district.editor.token,
  );
  return { business, partnershipId: requestPartnership.id };
}

/** A Yjs update of a client's own (base64): `text` typed into an empty document, depending on nothing. */
export function freshYjsInsert(text: string): string {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

/** A pending suggestion on a request's first section, made by its lead (a member of its district: "all from the district" finds it). */
async function suggestionOf(w: World, request: { sectionIds: string[]; lead: { token: string } }): Promise<string> {
  const { suggestWaiverSectionChange } = await w.call<{ suggestWaiverSectionChange: { id: string } }>(
    'mutation ($input: SuggestWaiverSectionChangeInput!) { suggestWaiverSectionChange(input: $input) { id } }',
    { sectionId: request.sectionIds[0], from: { index: 0 }, text: 'Suggested. ' },
    request.lead.token,
  );
  return suggestWaiverSectionChange.id;
}

/** A y-protocols awareness update of one new client (base64). */
export function awarenessOf(state: Record<string, unknown>): string {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState(state);
  const update = encodeAwarenessUpdate(awareness, [awareness.clientID]);
  awareness.destroy();
  return Buffer.from(update).toString('base64');
}

export const MUTATIONS: Record<string, Entry> = {
  // --- organizations ---
  createOrganization: org(['OWNER'], async (w) => ({
    input: { name: unique('Ozark Valley R-IV'), kind: 'DISTRICT', region: 'Southwest' },
    tokens: (await w.team(STATE_AGENCY, DISTRICT)).tokens,
  })),
  updateOrganization: org(['OWNER'], async (w) => {
    const team = await w.team(DISTRICT);
    return { input: { organizationId: team.gid, name: unique('Renamed district') }, tokens: team.tokens };
  }),
  setOrganizationZones: org(EDITORS, async (w) => {
    // The state agency's staff decide; the district's own OWNER is the outsider here.
    const state = await w.team(STATE_AGENCY);
    const district = await w.team(DISTRICT);
    return {
      input: { organizationId: district.gid, schoolYear: currentSchoolYear(), zones: ['INNOVATIVE_LEARNING_DESIGN'] },
      tokens: { ...state.tokens, outsider: district.owner.token },
    };
  }),
  addMember: org(['OWNER'], async (w) => {
    const team = await w.team(DISTRICT);
    return { input: { organizationId: team.gid, email: `${unique('new-teacher')}@test.example`, role: 'VIEWER' }, tokens: team.tokens };
  }),
  setMemberRole: org(['OWNER'], async (w) => {
    const team = await w.team(DISTRICT);
    const member = await w.person(team.organization);
    return { input: { organizationId: team.gid, userId: member.gid, role: 'EDITOR' }, tokens: team.tokens };
  }),
  removeMember: org(['OWNER'], async (w) => {
    const team = await w.team(DISTRICT);
    const member = await w.person(team.organization);
    return { input: { organizationId: team.gid, userId: member.gid }, tokens: team.tokens };
  }),

  // --- partnerships ---
  setDistrictSkillInterests: org(EDITORS, async (w) => {
    const team = await w.team(DISTRICT);
    return { input: { districtId: team.gid, skills: ['welding', 'nursing'] }, tokens: team.tokens };
  }),
  createOpportunity: org(EDITORS, async (w) => {
    const team = await w.team(BUSINESS);
    return {
      input: {
        businessId: team.gid,
        kind: 'JOB_SHADOW',
        title: unique('Shadow a line tech'),
        description: 'A day with our crew.',
        capacity: 4,
        regions: ['Central'],
      },
      tokens: team.tokens,
    };
  }),
  updateOpportunity: org(EDITORS, async (w) => {
    const { business, opportunityId } = await opportunityOf(w, OpportunityStatus.OPEN);
    return { input: { opportunityId, title: unique('Renamed shadow day') }, tokens: business.tokens };
  }),
  openOpportunity: org(EDITORS, async (w) => {
    const { business, opportunityId } = await opportunityOf(w, OpportunityStatus.DRAFT);
    return { input: { opportunityId }, tokens: business.tokens };
  }),
  closeOpportunity: org(EDITORS, async (w) => {
    const { business, opportunityId } = await opportunityOf(w, OpportunityStatus.OPEN);
    return { input: { opportunityId }, tokens: business.tokens };
  }),
  requestPartnership: org(EDITORS, async (w) => {
    const district = await w.team(DISTRICT);
    const { opportunityId } = await opportunityOf(w, OpportunityStatus.OPEN);
    return { input: { opportunityId, districtId: district.gid, studentCount: 2 }, tokens: district.tokens };
  }),
  respondToPartnership: org(EDITORS, async (w) => {
    const { tokens, partnershipId } = await partnershipOf(w, PartnershipStatus.REQUESTED, 'business');
    return { input: { partnershipId, decision: 'ACCEPT' }, tokens };
  }),
  startPartnership: org(EDITORS, async (w) => {
    const { tokens, partnershipId } = await partnershipOf(w, PartnershipStatus.ACCEPTED, 'district');
    return { input: { partnershipId }, tokens };
  }),
  completePartnership: org(EDITORS, async (w) => {
    const { tokens, partnershipId } = await partnershipOf(w, PartnershipStatus.ACTIVE, 'district');
    return { input: { partnershipId }, tokens };
  }),
  cancelPartnership: org(EDITORS, async (w) => {
    const { tokens, partnershipId } = await partnershipOf(w, PartnershipStatus.ACCEPTED, 'business');
    return { input: { partnershipId, note: 'The bus fell through' }, tokens };
  }),

  // --- learning ---
  createLearningModule: org(EDITORS, async (w) => {
    const team = await w.team(OrganizationKind.HIGHER_ED);
    return {
      input: {
        publisherId: team.gid,
        title: unique('Mastery grading'),
        summary: 'Grading for mastery.',
        body: 'Week one.',
        audiences: ['NEW_EDUCATOR'],
        format: 'VIRTUAL',
      },
      tokens: team.tokens,
    };
  }),
  updateLearningModule: org(EDITORS, async (w) => {
    const { college, moduleId } = await w.learningModule(false);
    return { input: { moduleId, title: unique('Mastery grading, revised') }, tokens: college.tokens };
  }),
  publishLearningModule: org(EDITORS, async (w) => {
    const { college, moduleId } = await w.learningModule(false);
    return { input: { moduleId }, tokens: college.tokens };
  }),
  deleteLearningModuleDraft: org(EDITORS, async (w) => {
    const { college, moduleId } = await w.learningModule(false);
    return { input: { moduleId }, tokens: college.tokens };
  }),
  archiveLearningModule: org(EDITORS, async (w) => {
    const { college, moduleId } = await w.learningModule(true);
    return { input: { moduleId }, tokens: college.tokens };
  }),
  // A learning plan is the viewer's own: anyone signed in keeps one.
  addToLearningPlan: org(SIGNED_IN, async (w) => {
    const { college, moduleId } = await w.learningModule(true);
    return { input: { moduleId }, tokens: college.tokens };
  }),
  completeLearningModule: org(SIGNED_IN, async (w) => {
    const { college, moduleId } = await w.learningModule(true);
    return { input: { moduleId, evidenceUrl: 'https://example.com/certificate' }, tokens: college.tokens };
  }),
  removeFromLearningPlan: org(SIGNED_IN, async (w, actor) => {
    const { college, moduleId } = await w.learningModule(true);
    const token = college.tokens[actor];
    if (token) await w.call('mutation ($input: LearningModuleRefInput!) { addToLearningPlan(input: $input) { __typename } }', { moduleId }, token);
    return { input: { moduleId }, tokens: college.tokens };
  }),
  setLearningPlanAudience: org(SIGNED_IN, async (w) => ({ input: { audience: 'VETERAN_EDUCATOR' }, tokens: (await w.team(DISTRICT)).tokens })),

  // --- waivers ---
  createWaiverRequest: org(EDITORS, async (w) => {
    const team = await w.team(DISTRICT);
    return { input: { districtId: team.gid, title: unique('Seat-time flexibility'), kind: 'MSIP6' }, tokens: team.tokens };
  }),
  addWaiverDistrict: waiver(['LEAD'], async (w) => {
    const request = await w.waiver();
    const cosigner = await w.team(DISTRICT);
    return { input: { waiverRequestId: request.id, districtId: cosigner.gid }, tokens: request.tokens };
  }),
  inviteWaiverCollaborator: waiver(['LEAD'], async (w) => {
    const request = await w.waiver();
    const invitee = await w.person();
    return { input: { waiverRequestId: request.id, email: invitee.email, role: 'AUTHOR' }, tokens: request.tokens };
  }),
  removeWaiverCollaborator: waiver(['LEAD'], async (w) => {
    const request = await w.waiver();
    const leaving = await w.person();
    await w.call(
      'mutation ($input: InviteWaiverCollaboratorInput!) { inviteWaiverCollaborator(input: $input) { role } }',
      { waiverRequestId: request.id, email: leaving.email, role: 'AUTHOR' },
      request.lead.token,
    );
    return { input: { waiverRequestId: request.id, userId: leaving.gid }, tokens: request.tokens };
  }),
  addWaiverSection: waiver(AUTHORS, async (w) => {
    const request = await w.waiver();
    return { input: { waiverRequestId: request.id, title: 'Transportation', body: 'Bus routes.' }, tokens: request.tokens };
  }),
  editWaiverSection: waiver(AUTHORS, async (w) => {
    const request = await w.waiver();
    return { input: { sectionId: request.sectionIds[0], baseVersion: 1, body: 'MSIP 6 minimum hours.' }, tokens: request.tokens };
  }),
  pushWaiverSectionUpdate: waiver(AUTHORS, async (w) => {
    const request = await w.waiver();
    return { input: { sectionId: request.sectionIds[0], update: freshYjsInsert('Typed live.') }, tokens: request.tokens };
  }),
  // Suggesting mode: every collaborator may suggest (a REVIEWER may not edit: pushWaiverSectionUpdate above); only the lead and authors decide.
  suggestWaiverSectionChange: waiver(COLLABORATORS, async (w) => {
    const request = await w.waiver();
    return { input: { sectionId: request.sectionIds[0], from: { index: 0 }, text: 'Suggested. ' }, tokens: request.tokens };
  }),
  acceptWaiverSuggestion: waiver(AUTHORS, async (w) => {
    const request = await w.waiver();
    return { input: { suggestionId: await suggestionOf(w, request) }, tokens: request.tokens };
  }),
  rejectWaiverSuggestion: waiver(AUTHORS, async (w) => {
    const request = await w.waiver();
    return { input: { suggestionId: await suggestionOf(w, request) }, tokens: request.tokens };
  }),
  decideWaiverSuggestions: waiver(AUTHORS, async (w) => {
    const request = await w.waiver();
    await suggestionOf(w, request);
    return { input: { waiverRequestId: request.id, accept: true, districtId: request.district.gid }, tokens: request.tokens };
  }),
  pushWaiverSectionAwareness: waiver(WAIVER_READERS, async (w) => {
    const request = await w.waiver();
    return { input: { sectionId: request.sectionIds[0], update: awarenessOf({ user: { name: 'Reader' }, cursor: null }) }, tokens: request.tokens };
  }),
  renameWaiverSection: waiver(AUTHORS, async (w) => {
    const request = await w.waiver();
    return { input: { sectionId: request.sectionIds[0], title: 'The requirement' }, tokens: request.tokens };
  }),
  moveWaiverSection: waiver(AUTHORS, async (w) => {
    const request = await w.waiver();
    return { input: { sectionId: request.sectionIds[0], position: 2 }, tokens: request.tokens };
  }),
  restoreWaiverSectionRevision: waiver(AUTHORS, async (w) => {
    const request = await w.waiver();
    const edit = 'mutation ($input: EditWaiverSectionInput!) { editWaiverSection(input: $input) { revision { id } } }';
    const first = await w.call<{ editWaiverSection: { revision: { id: string } } }>(
      edit,
      { sectionId: request.sectionIds[0], baseVersion: 1, body: 'First text.' },
      request.lead.token,
    );
    await w.call(edit, { sectionId: request.sectionIds[0], baseVersion: 2, body: 'Second text.' }, request.lead.token);
    return { input: { revisionId: first.editWaiverSection.revision.id }, tokens: request.tokens };
  }),
  attachWaiverEvidence: waiver(AUTHORS, async (w, actor) => {
    const request = await w.waiver();
    // Each actor offers an upload of their own (the anonymous, one of the lead's): only authors may attach evidence.
    const documentId = await w.upload(request.tokens[actor] ?? request.lead.token);
    return { input: { sectionId: request.sectionIds[1], documentIds: [documentId] }, tokens: request.tokens };
  }),
  removeWaiverEvidence: waiver(AUTHORS, async (w) => {
    const request = await w.waiver();
    const documentId = await w.upload(request.lead.token);
    await w.call(
      'mutation ($input: AttachWaiverEvidenceInput!) { attachWaiverEvidence(input: $input) { id } }',
      { sectionId: request.sectionIds[1], documentIds: [documentId] },
      request.lead.token,
    );
    return { input: { sectionId: request.sectionIds[1], documentId }, tokens: request.tokens };
  }),
  setWaiverPresence: waiver(WAIVER_READERS, async (w) => {
    const request = await w.waiver();
    return { input: { waiverRequestId: request.id, sectionId: request.sectionIds[0] }, tokens: request.tokens };
  }),
  addWaiverComment: waiver(WAIVER_READERS, async (w) => {
    const request = await w.waiver();
    return { input: { sectionId: request.sectionIds[0], body: 'Cite the rule number here.' }, tokens: request.tokens };
  }),
  resolveWaiverComment: waiver(WAIVER_READERS, async (w) => {
    const request = await w.waiver();
    const { addWaiverComment } = await w.call(
      'mutation ($input: AddWaiverCommentInput!) { addWaiverComment(input: $input) { id } }',
      { sectionId: request.sectionIds[0], body: 'Which rule?' },
      request.lead.token,
    );
    return { input: { commentId: addWaiverComment.id, resolved: true }, tokens: request.tokens };
  }),
  startWaiverReview: waiver(['LEAD'], async (w) => {
    const request = await w.waiver();
    await w.call(
      'mutation ($input: EditWaiverSectionInput!) { editWaiverSection(input: $input) { version } }',
      { sectionId: request.sectionIds[0], baseVersion: 1, body: 'Text.' },
      request.lead.token,
    );
    return { input: { waiverRequestId: request.id }, tokens: request.tokens };
  }),
  signOffWaiverRequest: waiver(['OWNER'], async (w) => {
    const request = await w.waiverInReview();
    return { input: { waiverRequestId: request.id, districtId: request.district.gid, textDigest: request.textDigest }, tokens: request.tokens };
  }),
  submitWaiverRequest: waiver(['LEAD'], async (w) => {
    const request = await w.waiverInReview({ signed: true });
    return { input: { waiverRequestId: request.id }, tokens: request.tokens };
  }),
  withdrawWaiverRequest: waiver(['LEAD'], async (w) => {
    const request = await w.waiver();
    return { input: { waiverRequestId: request.id }, tokens: request.tokens };
  }),
  // Decided by the state agency: its OWNER/EDITOR/VIEWER are the roles here, the request's lead the outsider.
  decideWaiverRequest: org(EDITORS, async (w) => {
    const request = await w.waiverInReview({ submitted: true });
    const state = await w.team(STATE_AGENCY);
    return {
      input: { waiverRequestId: request.id, decision: 'APPROVED', note: 'Approved for two school years.' },
      tokens: { ...state.tokens, outsider: request.lead.token },
    };
  }),

  // --- notifications --- (mutations without an `input` argument take these fields as their arguments)
  markNotificationRead: org(['OWNER'], async (w) => {
    // A business team hears of a request; the id is its OWNER's thread: nobody else's to mark.
    const { business, partnershipId } = await requestedOf(w);
    const inbox = await w.t.data<{ viewer: { notifications: { edges: Array<{ node: { id: string; subjectId: string } }> } } }, object>(
      '{ viewer { notifications(first: 5) { edges { node { id subjectId } } } } }',
      {},
      { token: business.owner.token },
    );
    const thread = inbox.viewer.notifications.edges.find((edge) => edge.node.subjectId === partnershipId)!;
    return { input: { id: thread.node.id }, tokens: business.tokens };
  }),
  markAllNotificationsRead: org(SIGNED_IN, async (w) => ({ input: { before: new Date().toISOString() }, tokens: (await requestedOf(w)).business.tokens })),
  setNotificationSettings: org(SIGNED_IN, async (w) => ({
    input: { settings: [{ kind: 'WAIVER_COMMENT', email: 'WEEKLY_DIGEST' }] },
    tokens: (await w.team(DISTRICT)).tokens,
  })),
  // --- zone applications (./applications.ts) ---
  ...APPLICATION_MUTATIONS,
};
