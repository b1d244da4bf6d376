/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are read loosely in these assertions */
/**
 * Zone application test data: windows (each on a school year of its own, so
 * test files sharing the run's database never meet), facilitation team
 * members, uploaded documents, and GraphQL calls for the applicant journey.
 */
import { randomInt } from 'node:crypto';
import { MemberRole, OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { ApplicationWindow, FacilitationTeamMember } from '../../src/modules/applications/application.entity';
import { factories, unique } from '../factories';
import { samples, upload as uploadDocument } from '../documents/helpers';
import { tokenFor, type TestHub } from '../helpers/hub';

const DAY = 86_400_000;

export interface Person {
  userId: string;
  gid: string;
  email: string;
  token: string;
}

export const Q = {
  start:
    'mutation ($input: StartZoneApplicationInput!) { startZoneApplication(input: $input) { id status sections { id key kind version } commitments { key } } }',
  submit: 'mutation ($input: SubmitZoneApplicationInput!) { submitZoneApplication(input: $input) { id status submittedAt } }',
  withdraw: 'mutation ($input: ZoneApplicationRefInput!) { withdrawZoneApplication(input: $input) { id status } }',
  edit: 'mutation ($input: EditApplicationSectionInput!) { editApplicationSection(input: $input) { outcome section { version body } conflict { baseVersion regions { line } } } }',
  rate: 'mutation ($input: RateEvidenceOfPracticeInput!) { rateEvidenceOfPractice(input: $input) { id rating links } }',
  acknowledge: 'mutation ($input: AcknowledgeZoneCommitmentsInput!) { acknowledgeZoneCommitments(input: $input) { id commitments { key acknowledged } } }',
  attach: 'mutation ($input: AttachApplicationDocumentsInput!) { attachApplicationDocuments(input: $input) { id letterOfSupport { id } } }',
  startReview: 'mutation ($input: ZoneApplicationRefInput!) { startApplicationReview(input: $input) { id status } }',
  note: 'mutation ($input: ApplicationNoteInput!) { addApplicationReviewNote(input: $input) { id body } }',
  clarify: 'mutation ($input: RequestApplicationClarificationInput!) { requestApplicationClarification(input: $input) { id question application { status } } }',
  answer:
    'mutation ($input: AnswerApplicationClarificationInput!) { answerApplicationClarification(input: $input) { id question answer answeredAt application { status } } }',
  decide:
    'mutation ($input: DecideZoneApplicationInput!) { decideZoneApplication(input: $input) { id status placedZone decisionNote decisionSummary boardResolution { id status dueAt } } }',
  openWindow: 'mutation ($input: OpenApplicationWindowInput!) { openApplicationWindow(input: $input) { id zone schoolYear deadline isOpen } }',
  extendWindow: 'mutation ($input: ExtendApplicationWindowInput!) { extendApplicationWindow(input: $input) { id deadline extendedTo } }',
  grant: 'mutation ($input: GrantFacilitationRoleInput!) { grantFacilitationRole(input: $input) { id } }',
  submitResolution: 'mutation ($input: SubmitBoardResolutionInput!) { submitBoardResolution(input: $input) { id status receivedAt documents { id } } }',
  acceptResolution: 'mutation ($input: AcceptBoardResolutionInput!) { acceptBoardResolution(input: $input) { id status acceptedAt } }',
};

export interface StartedApplication {
  id: string;
  status: string;
  sections: Array<{ id: string; key: string; kind: string; version: number }>;
  commitments: Array<{ key: string }>;
}

export function applicationWorld(t: TestHub) {
  const base = factories(t.hub.orm);
  const em = () => t.hub.orm.em.fork();

  const call = <R = Record<string, any>>(query: string, input: object, token?: string): Promise<R> => t.data<R, { input: object }>(query, { input }, { token });

  async function person(organization?: { id: string }, role: MemberRole = MemberRole.VIEWER): Promise<Person> {
    const user = await base.buildUser();
    if (organization) await base.buildMember({ organization: organization as never, user, role });
    return { userId: user.id, gid: toGlobalId('User', user.id), email: user.email, token: await tokenFor(user.email) };
  }

  /** An organization of `kind` with an OWNER and an EDITOR (and a VIEWER). */
  async function applicant(kind: OrganizationKind = OrganizationKind.DISTRICT, region = 'Central') {
    const organization = await base.buildOrganization({ kind, region });
    const [owner, editor, viewer] = await Promise.all([
      person(organization, MemberRole.OWNER),
      person(organization, MemberRole.EDITOR),
      person(organization, MemberRole.VIEWER),
    ]);
    return { organization, gid: toGlobalId('Organization', organization.id), owner, editor, viewer };
  }

  /** A window on a school year no other test uses, open from `opensAt` (a day ago) to `closesAt` (a month on). */
  async function window(zone: Zone, options: { opensAt?: Date; closesAt?: Date; now?: Date } = {}): Promise<ApplicationWindow> {
    const now = options.now ?? new Date();
    for (;;) {
      const start = randomInt(2100, 9000);
      const fork = em();
      // Insert-or-skip: cells building windows at once never collide on a school year.
      const id = crypto.randomUUID();
      const inserted = await fork
        .createQueryBuilder(ApplicationWindow)
        .insert({
          id,
          zone,
          schoolYear: `${start}-${start + 1}`,
          opensAt: options.opensAt ?? new Date(now.getTime() - DAY),
          closesAt: options.closesAt ?? new Date(now.getTime() + 30 * DAY),
        })
        .onConflict(['zone', 'school_year'])
        .ignore()
        .execute('run');
      if (inserted.affectedRows === 1) return fork.findOneOrFail(ApplicationWindow, { id });
    }
  }

  /** A person on the facilitation team. */
  async function facilitator(): Promise<Person> {
    const who = await person();
    const fork = em();
    fork.create(FacilitationTeamMember, { user: who.userId });
    await fork.flush();
    return who;
  }

  /** A state-agency organization and its OWNER. */
  async function stateOwner(): Promise<Person> {
    const agency = await base.buildOrganization({ kind: OrganizationKind.STATE_AGENCY });
    return person(agency, MemberRole.OWNER);
  }

  /** An unattached PDF `uploader` uploaded through `POST /documents` (its Document id). */
  async function upload(uploader: Person, filename = 'letter.pdf'): Promise<string> {
    const answer = await uploadDocument(t, samples.pdf(filename), { token: uploader.token, filename });
    if (answer.status !== 201 && answer.status !== 200) throw new Error(`upload refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.id!;
  }

  async function start(window: ApplicationWindow, applicantGid: string, token: string, asTeacher = false): Promise<StartedApplication> {
    const { startZoneApplication } = await call<{ startZoneApplication: StartedApplication }>(
      Q.start,
      { zone: window.zone, schoolYear: window.schoolYear, applicantId: applicantGid, asTeacher },
      token,
    );
    return startZoneApplication;
  }

  /** Fills a started application so it may be submitted: narratives, ratings with a link, every commitment, an ILDZ letter. */
  async function complete(application: StartedApplication, token: string, uploader?: Person): Promise<void> {
    for (const section of application.sections) {
      await call(Q.edit, { sectionId: section.id, baseVersion: section.version, body: `Our work on ${section.key}.` }, token);
      if (section.kind === 'EVIDENCE_OF_PRACTICE')
        await call(Q.rate, { sectionId: section.id, rating: 'UNDER_CONSTRUCTION', links: ['https://example.org/evidence'] }, token);
    }
    await call(Q.acknowledge, { applicationId: application.id, commitmentKeys: application.commitments.map((c) => c.key) }, token);
    if (uploader) await call(Q.attach, { applicationId: application.id, documentIds: [await upload(uploader)] }, token);
  }

  /** A submitted application of a new applicant to `zone`. */
  async function submitted(zone: Zone, kind = OrganizationKind.DISTRICT) {
    const w = await window(zone);
    const team = await applicant(kind);
    const application = await start(w, team.gid, team.editor.token);
    await complete(application, team.editor.token, zone === Zone.INNOVATIVE_LEARNING_DESIGN ? team.editor : undefined);
    await call(Q.submit, { applicationId: application.id }, team.editor.token);
    return { window: w, team, application };
  }

  async function zoneMemberships(organizationId: string): Promise<Array<{ zone: string; school_year: string }>> {
    return em().execute('select zone, school_year from zone_memberships where organization_id = ? order by zone', [organizationId]);
  }

  return { ...base, call, person, applicant, window, facilitator, stateOwner, upload, start, complete, submitted, zoneMemberships, unique };
}

export type ApplicationWorld = ReturnType<typeof applicationWorld>;
