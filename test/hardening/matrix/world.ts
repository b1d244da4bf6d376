/**
 * Fresh targets for the authorization matrix: an organization with one member
 * per role, an outsider (OWNER of an unrelated organization), and a waiver
 * request with its lead and invited collaborators. Built through the ORM
 * (organizations, people) and through the API as a user would (modules,
 * waiver requests), so each cell starts from its own untouched target.
 */
import { MemberRole, OrganizationKind, Zone } from '../../../src/domain/enums';
import { toGlobalId } from '../../../src/domain/global-id';
import type { Organization } from '../../../src/modules/organizations/organization.entity';
import { factories, unique } from '../../factories';
import { partnershipFactories } from '../../partnerships/factories';
import { tokenFor, type TestHub } from '../../helpers/hub';

export const ORGANIZATION_ACTORS = ['anonymous', 'outsider', 'OWNER', 'EDITOR', 'VIEWER'] as const;
export const WAIVER_ACTORS = [...ORGANIZATION_ACTORS, 'LEAD', 'AUTHOR', 'REVIEWER'] as const;
/** Zone applications add the facilitation team (people named by state-agency OWNERs, members of no organization here). */
export const APPLICATION_ACTORS = [...ORGANIZATION_ACTORS, 'FACILITATOR'] as const;
export type Actor = (typeof WAIVER_ACTORS)[number] | 'FACILITATOR';
export const SIGNED_IN = ['outsider', 'OWNER', 'EDITOR', 'VIEWER'] as const;

export type Tokens = Partial<Record<Actor, string>>;

export interface Person {
  userId: string;
  gid: string;
  email: string;
  token: string;
}

export interface Team {
  organization: Organization;
  gid: string;
  tokens: Tokens;
  owner: Person;
  editor: Person;
}

export interface Waiver {
  id: string;
  sectionIds: string[];
  district: Team;
  lead: Person;
  tokens: Tokens;
}

export function world(t: TestHub) {
  const base = factories(t.hub.orm);
  const deals = partnershipFactories(t.hub.orm);

  const call = async <R = Record<string, { id: string }>>(query: string, input: object, token?: string): Promise<R> =>
    t.data<R, { input: object }>(query, { input }, { token });

  async function person(organization?: Organization, role: MemberRole = MemberRole.VIEWER): Promise<Person> {
    const user = await base.buildUser();
    if (organization) await base.buildMember({ organization, user, role });
    return { userId: user.id, gid: toGlobalId('User', user.id), email: user.email, token: await tokenFor(user.email) };
  }

  /** An organization with an OWNER, an EDITOR and a VIEWER, and an outsider: OWNER of another organization of `outsiderKind`. */
  async function team(kind: OrganizationKind, outsiderKind: OrganizationKind = kind): Promise<Team> {
    const organization = await base.buildOrganization({ kind, zones: [Zone.SYSTEM_DESIGN] });
    const [owner, editor, viewer] = await Promise.all([
      person(organization, MemberRole.OWNER),
      person(organization, MemberRole.EDITOR),
      person(organization, MemberRole.VIEWER),
    ]);
    const elsewhere = await base.buildOrganization({ kind: outsiderKind, zones: [Zone.SYSTEM_DESIGN] });
    const outsider = await person(elsewhere, MemberRole.OWNER);
    return {
      organization,
      gid: toGlobalId('Organization', organization.id),
      owner,
      editor,
      tokens: { OWNER: owner.token, EDITOR: editor.token, VIEWER: viewer.token, outsider: outsider.token },
    };
  }

  /** An upload of `token`'s (a small PDF, through POST /documents): its Document id. */
  async function upload(token: string): Promise<string> {
    const response = await fetch(`${t.url.replace('localhost', '127.0.0.1').replace(/\/graphql$/, '/documents')}?filename=evidence.pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', authorization: `Bearer ${token}` },
      body: '%PDF-1.7\n%%EOF\n',
    });
    if (response.status !== 201) throw new Error(`upload failed: ${response.status}`);
    return ((await response.json()) as { id: string }).id;
  }

  /** A learning module of a college's, made through the API (a draft unless `publish`). */
  async function learningModule(publish: boolean) {
    const college = await team(OrganizationKind.HIGHER_ED);
    const { createLearningModule } = await call(
      'mutation ($input: CreateLearningModuleInput!) { createLearningModule(input: $input) { id } }',
      {
        publisherId: college.gid,
        title: unique('Competency-based grading'),
        summary: 'Grading for mastery.',
        body: 'Week one: standards.',
        audiences: ['NEW_EDUCATOR'],
        format: 'VIRTUAL',
      },
      college.editor.token,
    );
    if (publish)
      await call(
        'mutation ($input: LearningModuleRefInput!) { publishLearningModule(input: $input) { id } }',
        { moduleId: createLearningModule.id },
        college.editor.token,
      );
    return { college, moduleId: createLearningModule.id };
  }

  /** A waiver request of an SDZ district, led by one of its EDITORs, with an invited AUTHOR and REVIEWER (members of no district). */
  async function waiver(): Promise<Waiver> {
    const district = await team(OrganizationKind.DISTRICT);
    const lead = await person(district.organization, MemberRole.EDITOR);
    const { createWaiverRequest } = await call<{ createWaiverRequest: { id: string; sections: Array<{ id: string }> } }>(
      'mutation ($input: CreateWaiverRequestInput!) { createWaiverRequest(input: $input) { id sections { id } } }',
      { districtId: district.gid, title: unique('Seat-time flexibility'), kind: 'MSIP6' },
      lead.token,
    );
    const [author, reviewer] = await Promise.all([person(), person()]);
    for (const [who, role] of [
      [author, 'AUTHOR'],
      [reviewer, 'REVIEWER'],
    ] as const) {
      await call(
        'mutation ($input: InviteWaiverCollaboratorInput!) { inviteWaiverCollaborator(input: $input) { role } }',
        { waiverRequestId: createWaiverRequest.id, email: who.email, role },
        lead.token,
      );
    }
    return {
      id: createWaiverRequest.id,
      sectionIds: createWaiverRequest.sections.map((s) => s.id),
      district,
      lead,
      tokens: { ...district.tokens, LEAD: lead.token, AUTHOR: author.token, REVIEWER: reviewer.token },
    };
  }

  /** Moves a waiver request to IN_REVIEW, signed off by its district's OWNER (ready to submit), and SUBMITTED when asked. */
  async function waiverInReview(options: { signed?: boolean; submitted?: boolean } = {}): Promise<Waiver & { textDigest: string }> {
    const request = await waiver();
    await call(
      'mutation ($input: EditWaiverSectionInput!) { editWaiverSection(input: $input) { version } }',
      { sectionId: request.sectionIds[0], baseVersion: 1, body: 'MSIP 6 minimum hours.' },
      request.lead.token,
    );
    await call('mutation ($input: WaiverRequestActionInput!) { startWaiverReview(input: $input) { id } }', { waiverRequestId: request.id }, request.lead.token);
    const textDigest = await digestOf(request.id, request.lead.token);
    if (options.signed || options.submitted) {
      await call(
        'mutation ($input: SignOffWaiverRequestInput!) { signOffWaiverRequest(input: $input) { __typename } }',
        { waiverRequestId: request.id, districtId: request.district.gid, textDigest },
        request.district.owner.token,
      );
    }
    if (options.submitted)
      await call(
        'mutation ($input: WaiverRequestActionInput!) { submitWaiverRequest(input: $input) { id } }',
        { waiverRequestId: request.id },
        request.lead.token,
      );
    return { ...request, textDigest };
  }

  /** The digest of a waiver request's text, as a signer reads it before signing off. */
  async function digestOf(id: string, token: string): Promise<string> {
    const { waiverRequest } = await t.data<{ waiverRequest: { textDigest: string } }, { id: string }>(
      'query ($id: ID!) { waiverRequest(id: $id) { textDigest } }',
      { id },
      { token },
    );
    return waiverRequest.textDigest;
  }

  return { ...base, ...deals, hub: t.hub, t, call, person, team, upload, learningModule, waiver, waiverInReview };
}

export type World = ReturnType<typeof world>;
