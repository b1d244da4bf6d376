/**
 * `User.email`: the person, people who share an organization or a waiver
 * request with them, and state-agency staff read it; every other signed-in
 * user sees the name and a null email, through any path (members, waiver
 * collaborators), and the check costs one statement per request.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MemberRole } from '../../src/domain/enums';
import { InviteWaiverCollaboratorDocument } from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { waiverFactories, type District, type Person } from '../waivers/factories';

const t = useTestHub();
const make = waiverFactories(t);
let lead: District;
let colleague: Person;
let invitee: Person;
let outsider: Person;
let staff: Person;
let waiverRequestId: string;

const MEMBERS = `query ($id: ID!) { node(id: $id) { ... on Organization { members(first: 10) { edges { node { role user { displayName email } } } } } } }`;
type Members = { node: { members: { edges: Array<{ node: { role: string; user: { displayName: string; email: string | null } } }> } } };

async function emailsOfMembers(reader: Person): Promise<Record<string, string | null>> {
  const data = await t.data<Members, object>(MEMBERS, { id: lead.id }, { token: reader.token });
  return Object.fromEntries(data.node.members.edges.map(({ node }) => [node.user.displayName, node.user.email]));
}

beforeAll(async () => {
  const waiver = await make.buildWaiver();
  lead = waiver.lead;
  waiverRequestId = waiver.id;
  colleague = await make.buildPerson(lead.organization, MemberRole.VIEWER);
  invitee = await make.buildPerson();
  await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId, email: invitee.email, role: 'REVIEWER' } }, { token: lead.owner.token });
  // A member of an unrelated district: signed in, shares nothing with the lead.
  outsider = (await make.buildDistrict()).owner;
  staff = await make.buildStateStaff(MemberRole.VIEWER);
});

describe('User.email', () => {
  const byName = (person: Person) => person.user.displayName;

  it('is null for a signed-in user who shares nothing with the person, whose name still shows', async () => {
    const seen = await emailsOfMembers(outsider);
    expect(seen).toEqual({ [byName(lead.owner)]: null, [byName(colleague)]: null });
  });

  it('shows to the person themself, and to people of the same organization', async () => {
    expect(await emailsOfMembers(colleague)).toEqual({ [byName(lead.owner)]: lead.owner.email, [byName(colleague)]: colleague.email });
    const own = await t.data<{ viewer: { email: string } }, object>('{ viewer { email } }', {}, { token: outsider.token });
    expect(own.viewer.email).toBe(outsider.email);
  });

  it('shows to people who share a waiver request, both ways, and to state-agency staff', async () => {
    const seenByInvitee = await emailsOfMembers(invitee);
    expect(seenByInvitee[byName(lead.owner)]).toBe(lead.owner.email);
    expect(await emailsOfMembers(staff)).toEqual({ [byName(lead.owner)]: lead.owner.email, [byName(colleague)]: colleague.email });
    const collaborators = await t.data<{ node: { collaborators: Array<{ user: { email: string | null } }> } }, object>(
      'query ($id: ID!) { node(id: $id) { ... on WaiverRequest { collaborators { user { email } } } } }',
      { id: waiverRequestId },
      { token: colleague.token },
    );
    expect(collaborators.node.collaborators.map((c) => c.user.email)).toContain(invitee.email);
  });

  it('costs one statement for all the people of a response, and none for your own organization', async () => {
    const count = async (reader: Person) => {
      t.resetStatements();
      await emailsOfMembers(reader);
      return t.statements.filter((sql) => /shares_waiver_request/.test(sql)).length;
    };
    expect(await count(outsider)).toBe(1);
    expect(await count(colleague)).toBe(0);
    expect(await count(staff)).toBe(0);
  });
});
