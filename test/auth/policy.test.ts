/**
 * The policy as a matrix: every organization and member action, tried by every
 * kind of viewer, with the expected answer in each cell.
 */
import { describe, expect, it } from 'vitest';
import { can, rules, type Action } from '../../src/auth/policy';
import { Viewer, type Grant } from '../../src/auth/viewer';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';

const ORG = 'org-1';
const SELF = 'user-self';
const OTHER = 'user-other';

const viewerWith = (grants: Omit<Grant, 'organizationId'>[], organizationId = ORG) =>
  new Viewer(
    { id: SELF, email: 'self@x.example', displayName: 'Self' },
    grants.map((grant) => ({ ...grant, organizationId })),
  );

const VIEWERS: Record<string, Viewer> = {
  anonymous: Viewer.anonymous,
  outsider: viewerWith([{ organizationKind: OrganizationKind.DISTRICT, role: MemberRole.OWNER }], 'org-elsewhere'),
  owner: viewerWith([{ organizationKind: OrganizationKind.DISTRICT, role: MemberRole.OWNER }]),
  editor: viewerWith([{ organizationKind: OrganizationKind.DISTRICT, role: MemberRole.EDITOR }]),
  member: viewerWith([{ organizationKind: OrganizationKind.DISTRICT, role: MemberRole.VIEWER }]),
  stateOwner: viewerWith([{ organizationKind: OrganizationKind.STATE_AGENCY, role: MemberRole.OWNER }], 'org-state'),
  stateEditor: viewerWith([{ organizationKind: OrganizationKind.STATE_AGENCY, role: MemberRole.EDITOR }], 'org-state'),
};

type Cell = { action: Action; target: unknown; allowed: Array<keyof typeof VIEWERS> };

const MATRIX: Record<string, Cell> = {
  'create an organization': { action: 'organization.create', target: undefined, allowed: ['stateOwner'] },
  'update an organization': { action: 'organization.update', target: { organizationId: ORG }, allowed: ['owner'] },
  'set zones': { action: 'organization.setZones', target: { organizationId: ORG }, allowed: ['stateOwner', 'stateEditor'] },
  'read members': {
    action: 'organization.readMembers',
    target: { organizationId: ORG },
    allowed: ['outsider', 'owner', 'editor', 'member', 'stateOwner', 'stateEditor'],
  },
  'add another member': { action: 'member.add', target: { organizationId: ORG, userId: OTHER, role: MemberRole.EDITOR }, allowed: ['owner'] },
  'add oneself as owner': { action: 'member.add', target: { organizationId: ORG, userId: SELF, role: MemberRole.OWNER }, allowed: ['owner'] },
  "change another's role": { action: 'member.setRole', target: { organizationId: ORG, userId: OTHER, role: MemberRole.OWNER }, allowed: ['owner'] },
  'raise own role': { action: 'member.setRole', target: { organizationId: ORG, userId: SELF, role: MemberRole.OWNER }, allowed: ['owner'] },
  'lower own role': { action: 'member.setRole', target: { organizationId: ORG, userId: SELF, role: MemberRole.VIEWER }, allowed: ['owner'] },
  'remove another member': { action: 'member.remove', target: { organizationId: ORG, userId: OTHER }, allowed: ['owner'] },
  "read an organization's audit trail": { action: 'audit.read', target: { organizationId: ORG }, allowed: ['owner', 'stateOwner', 'stateEditor'] },
  "read the whole network's audit trail": { action: 'audit.read', target: {}, allowed: ['stateOwner', 'stateEditor'] },
  'leave (remove oneself)': {
    action: 'member.remove',
    target: { organizationId: ORG, userId: SELF },
    allowed: ['outsider', 'owner', 'editor', 'member', 'stateOwner', 'stateEditor'],
  },
};

describe('authorization policy: organizations, members and the audit trail', () => {
  for (const [name, cell] of Object.entries(MATRIX)) {
    for (const [who, viewer] of Object.entries(VIEWERS)) {
      const expected = cell.allowed.includes(who);
      it(`${expected ? 'allows' : 'refuses'} ${who} to ${name}`, () => {
        expect(can(viewer, cell.action, cell.target as never)).toBe(expected);
      });
    }
  }

  it('has a matrix row for every organization, member and audit action', () => {
    const covered = new Set(Object.values(MATRIX).map((cell) => cell.action));
    const actions = Object.keys(rules).filter((action) => /^(organization|member|audit)\./.test(action));
    expect(actions.filter((action) => !covered.has(action as Action))).toEqual([]);
  });
});

describe('Viewer.roleIn', () => {
  /** A viewer in `count` organizations (org-0 …), an editor in each but owner of the last. */
  const viewerIn = (count: number) =>
    new Viewer(
      { id: SELF, email: 'self@x.example', displayName: 'Self' },
      Array.from({ length: count }, (_, i) => ({
        organizationId: `org-${i}`,
        organizationKind: OrganizationKind.DISTRICT,
        role: i === count - 1 ? MemberRole.OWNER : MemberRole.EDITOR,
      })),
    );

  it.each([1, 8, 9, 40])('answers the role in each of %i organizations, and none elsewhere (searched in turn or by a map)', (count) => {
    const viewer = viewerIn(count);
    expect(viewer.roleIn(`org-${count - 1}`)).toBe(MemberRole.OWNER);
    if (count > 1) expect(viewer.roleIn('org-0')).toBe(MemberRole.EDITOR);
    expect(viewer.roleIn('org-elsewhere')).toBeUndefined();
    expect(viewer.hasRole(`org-${count - 1}`, MemberRole.OWNER)).toBe(true);
    expect(Viewer.anonymous.roleIn('org-0')).toBeUndefined();
  });
});
