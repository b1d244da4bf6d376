/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are read loosely in these assertions */
/**
 * The matrix entries of zone applications. Actors: anonymous, an outsider
 * (OWNER of an unrelated organization), the applicant's (or the state
 * agency's) OWNER / EDITOR / VIEWER, and a FACILITATOR (on the facilitation
 * team, member of no organization). Each cell builds its own application.
 */
import { OrganizationKind, Zone } from '../../../src/domain/enums';
import { applicationEventsTopic } from '../../../src/modules/applications/application.events';
import { ApplicationEventType, ApplicationStatus } from '../../../src/modules/applications/application.enums';
import { parseGlobalId } from '../../../src/domain/global-id';
import { applicationWorld, Q, type Person, type StartedApplication } from '../../applications/factories';
import { awarenessOf, freshYjsInsert, type Built, type Entry } from './mutations';
import type { SubscriptionEntry } from './subscriptions';
import { APPLICATION_ACTORS, type Actor, type Tokens, type World } from './world';

const APPLICANTS = ['OWNER', 'EDITOR'] as const;
const TEAM = ['FACILITATOR'] as const;

const worlds = new WeakMap<World, ReturnType<typeof applicationWorld>>();
const of = (w: World) => {
  let made = worlds.get(w);
  if (!made) worlds.set(w, (made = applicationWorld(w.t)));
  return made;
};

/** A district with a person per role, an outsider and a facilitator, with tokens. */
async function cast(w: World, kind = OrganizationKind.DISTRICT) {
  const a = of(w);
  const team = await a.applicant(kind);
  const [outsider, facilitator] = await Promise.all([a.applicant().then((o) => o.owner), a.facilitator()]);
  const people: Partial<Record<Actor, Person>> = { OWNER: team.owner, EDITOR: team.editor, VIEWER: team.viewer, outsider, FACILITATOR: facilitator };
  const tokens: Tokens = Object.fromEntries(Object.entries(people).map(([actor, p]) => [actor, p!.token]));
  return { a, team, people, tokens, facilitator };
}

/** A draft SDZ application (or `zone`) of a fresh cast, complete when asked. */
async function draft(w: World, options: { zone?: Zone; complete?: boolean } = {}) {
  const c = await cast(w);
  const window = await c.a.window(options.zone ?? Zone.SYSTEM_DESIGN);
  const application = await c.a.start(window, c.team.gid, c.team.editor.token);
  if (options.complete) await c.a.complete(application, c.team.editor.token, options.zone === Zone.INNOVATIVE_LEARNING_DESIGN ? c.team.editor : undefined);
  return { ...c, window, application };
}

async function submitted(w: World): Promise<Awaited<ReturnType<typeof draft>>> {
  const d = await draft(w, { complete: true });
  await d.a.call(Q.submit, { applicationId: d.application.id }, d.team.editor.token);
  return d;
}

async function clarifying(w: World) {
  const s = await submitted(w);
  const { requestApplicationClarification } = await s.a.call<any>(
    Q.clarify,
    { applicationId: s.application.id, question: 'Which grades?' },
    s.facilitator.token,
  );
  return { ...s, clarificationId: requestApplicationClarification.id as string };
}

async function selected(w: World) {
  const s = await submitted(w);
  const { decideZoneApplication } = await s.a.call<any>(Q.decide, { applicationId: s.application.id, decision: 'SELECTED' }, s.facilitator.token);
  return { ...s, requirementId: decideZoneApplication.boardResolution.id as string };
}

/** The state agency's OWNER / EDITOR / VIEWER, an outsider district OWNER and a facilitator. */
async function stateCast(w: World) {
  const state = await w.team(OrganizationKind.STATE_AGENCY, OrganizationKind.DISTRICT);
  const facilitator = await of(w).facilitator();
  return { tokens: { ...state.tokens, FACILITATOR: facilitator.token }, a: of(w) };
}

const entry = (allowed: readonly Actor[], build: Entry['build']): Entry => ({ actors: APPLICATION_ACTORS, allowed, build });
/** The document an actor attaches must be their own upload: each cell uploads as its actor (as the OWNER for anonymous). */
const uploadAs = (c: Awaited<ReturnType<typeof cast>>, actor: Actor) => c.a.upload(c.people[actor] ?? c.team.owner);
const section = (application: StartedApplication) => application.sections[0];
const year = () => {
  const start = 1000 + Math.floor(Math.random() * 1000);
  return `${start}-${start + 1}`;
};

export const APPLICATION_MUTATIONS: Record<string, Entry> = {
  openApplicationWindow: entry(['OWNER', 'EDITOR'], async (w): Promise<Built> => {
    const { tokens } = await stateCast(w);
    return {
      input: { zone: 'SYSTEM_DESIGN', schoolYear: year(), opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString() },
      tokens,
    };
  }),
  extendApplicationWindow: entry(['OWNER', 'EDITOR'], async (w) => {
    const { tokens, a } = await stateCast(w);
    const window = await a.window(Zone.COLLABORATIVE_NETWORK);
    return { input: { windowId: window.nodeId, extendedTo: new Date(window.deadline.getTime() + 86_400_000).toISOString() }, tokens };
  }),
  grantFacilitationRole: entry(['OWNER'], async (w) => {
    const { tokens, a } = await stateCast(w);
    return { input: { email: `${a.unique('facilitator')}@test.example` }, tokens };
  }),
  revokeFacilitationRole: entry(['OWNER'], async (w) => {
    const { tokens, a } = await stateCast(w);
    const leaving = await a.facilitator();
    return { input: { userId: leaving.gid }, tokens };
  }),
  startZoneApplication: entry(APPLICANTS, async (w) => {
    const c = await cast(w);
    const window = await c.a.window(Zone.SYSTEM_DESIGN);
    return { input: { zone: 'SYSTEM_DESIGN', schoolYear: window.schoolYear, applicantId: c.team.gid }, tokens: c.tokens };
  }),
  editApplicationSection: entry(APPLICANTS, async (w) => {
    const d = await draft(w);
    return { input: { sectionId: section(d.application).id, baseVersion: 1, body: 'Our CBL practice.' }, tokens: d.tokens };
  }),
  // Co-typing a narrative live: the co-authors who may edit it push updates; everyone who may read it relays awareness.
  pushApplicationSectionUpdate: entry(APPLICANTS, async (w) => {
    const d = await draft(w);
    return { input: { sectionId: section(d.application).id, update: freshYjsInsert('Typed live.') }, tokens: d.tokens };
  }),
  pushApplicationSectionAwareness: entry(['OWNER', 'EDITOR', 'VIEWER'], async (w) => {
    const d = await draft(w);
    return { input: { sectionId: section(d.application).id, update: awarenessOf({ user: { name: 'Reader' }, cursor: null }) }, tokens: d.tokens };
  }),
  rateEvidenceOfPractice: entry(APPLICANTS, async (w) => {
    const d = await draft(w);
    return { input: { sectionId: section(d.application).id, rating: 'IN_PLACE', links: ['https://example.org/cbl'] }, tokens: d.tokens };
  }),
  acknowledgeZoneCommitments: entry(APPLICANTS, async (w) => {
    const d = await draft(w);
    return { input: { applicationId: d.application.id, commitmentKeys: ['sdz-1'] }, tokens: d.tokens };
  }),
  attachApplicationDocuments: entry(APPLICANTS, async (w, actor) => {
    const d = await draft(w);
    return { input: { applicationId: d.application.id, sectionId: section(d.application).id, documentIds: [await uploadAs(d, actor)] }, tokens: d.tokens };
  }),
  submitZoneApplication: entry(APPLICANTS, async (w) => {
    const d = await draft(w, { complete: true });
    return { input: { applicationId: d.application.id }, tokens: d.tokens };
  }),
  withdrawZoneApplication: entry(APPLICANTS, async (w) => {
    const s = await submitted(w);
    return { input: { applicationId: s.application.id }, tokens: s.tokens };
  }),
  answerApplicationClarification: entry(APPLICANTS, async (w) => {
    const c = await clarifying(w);
    return { input: { clarificationId: c.clarificationId, answer: 'Grades K-8.' }, tokens: c.tokens };
  }),
  startApplicationReview: entry(TEAM, async (w) => {
    const s = await submitted(w);
    return { input: { applicationId: s.application.id }, tokens: s.tokens };
  }),
  addApplicationReviewNote: entry(TEAM, async (w) => {
    const s = await submitted(w);
    return { input: { applicationId: s.application.id, body: 'Strong on data.' }, tokens: s.tokens };
  }),
  requestApplicationClarification: entry(TEAM, async (w) => {
    const s = await submitted(w);
    return { input: { applicationId: s.application.id, question: 'Which partners?' }, tokens: s.tokens };
  }),
  decideZoneApplication: entry(TEAM, async (w) => {
    const s = await submitted(w);
    return { input: { applicationId: s.application.id, decision: 'SELECTED', note: 'Welcome.' }, tokens: s.tokens };
  }),
  submitBoardResolution: entry(APPLICANTS, async (w, actor) => {
    const s = await selected(w);
    return { input: { requirementId: s.requirementId, documentId: await uploadAs(s, actor) }, tokens: s.tokens };
  }),
  acceptBoardResolution: entry(TEAM, async (w) => {
    const s = await selected(w);
    await s.a.call(Q.submitResolution, { requirementId: s.requirementId, documentId: await s.a.upload(s.team.owner) }, s.team.owner.token);
    return { input: { requirementId: s.requirementId }, tokens: s.tokens };
  }),
};

export const APPLICATION_SUBSCRIPTIONS: Record<string, SubscriptionEntry> = {
  // A narrative's Yjs document: its first message (the state) reaches every reader of the draft; the editor's pushes keep coming.
  applicationSectionSync: {
    actors: APPLICATION_ACTORS,
    allowed: ['OWNER', 'EDITOR', 'VIEWER'],
    build: async (w) => {
      const d = await draft(w);
      const push = 'mutation ($input: PushApplicationSectionUpdateInput!) { pushApplicationSectionUpdate(input: $input) { version } }';
      const sectionId = section(d.application).id;
      return {
        variables: { sectionId },
        tokens: d.tokens,
        trigger: async () => void (await d.a.call(push, { sectionId, update: freshYjsInsert('Ping. ') }, d.team.editor.token)),
      };
    },
  },
  applicationEvents: {
    actors: APPLICATION_ACTORS,
    allowed: ['OWNER', 'EDITOR', 'VIEWER', 'FACILITATOR'],
    build: async (w) => {
      const s = await submitted(w);
      const payload = {
        type: ApplicationEventType.DOCUMENT_RECEIVED,
        applicationId: parseGlobalId(s.application.id)!.id,
        applicantId: s.team.organization.id,
        teacherId: null,
        zone: Zone.SYSTEM_DESIGN,
        schoolYear: s.window.schoolYear,
        status: ApplicationStatus.SUBMITTED,
        submitted: true,
        actorId: null,
        at: new Date().toISOString(),
      };
      return {
        variables: { applicationId: s.application.id },
        tokens: s.tokens,
        trigger: async () => applicationEventsTopic.publish(w.hub.bus.pubsub, payload),
      };
    },
  },
};
