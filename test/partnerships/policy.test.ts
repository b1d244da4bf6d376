/**
 * The partnership rules as a matrix: every action, tried by members of the
 * business and of the district in each role, and by outsiders.
 */
import { describe, expect, it } from 'vitest';
import { can, rules, type Action } from '../../src/auth/policy';
import { Viewer } from '../../src/auth/viewer';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';

const BUSINESS = 'org-business';
const DISTRICT = 'org-district';
const { OWNER, EDITOR, VIEWER } = MemberRole;

const member = (organizationId: string, organizationKind: OrganizationKind, role: MemberRole) =>
  new Viewer({ id: 'user', email: 'user@x.example', displayName: 'User' }, [{ organizationId, organizationKind, role }]);

const VIEWERS = {
  anonymous: Viewer.anonymous,
  outsider: member('org-elsewhere', OrganizationKind.BUSINESS, OWNER),
  businessOwner: member(BUSINESS, OrganizationKind.BUSINESS, OWNER),
  businessEditor: member(BUSINESS, OrganizationKind.BUSINESS, EDITOR),
  businessViewer: member(BUSINESS, OrganizationKind.BUSINESS, VIEWER),
  districtOwner: member(DISTRICT, OrganizationKind.DISTRICT, OWNER),
  districtEditor: member(DISTRICT, OrganizationKind.DISTRICT, EDITOR),
  districtViewer: member(DISTRICT, OrganizationKind.DISTRICT, VIEWER),
};
type Who = keyof typeof VIEWERS;

const sides = { districtId: DISTRICT, businessId: BUSINESS };
const MATRIX: Record<string, { action: Action; target: unknown; allowed: Who[] }> = {
  'manage opportunities of a business': {
    action: 'opportunity.manage',
    target: { businessId: BUSINESS, businessKind: OrganizationKind.BUSINESS },
    allowed: ['businessOwner', 'businessEditor'],
  },
  'offer opportunities as a district': { action: 'opportunity.manage', target: { businessId: DISTRICT, businessKind: OrganizationKind.DISTRICT }, allowed: [] },
  'read draft opportunities': {
    action: 'opportunity.readDraft',
    target: { businessId: BUSINESS },
    allowed: ['businessOwner', 'businessEditor', 'businessViewer'],
  },
  'request for a district': {
    action: 'partnership.request',
    target: { districtId: DISTRICT, districtKind: OrganizationKind.DISTRICT },
    allowed: ['districtOwner', 'districtEditor'],
  },
  'request for a business': { action: 'partnership.request', target: { districtId: BUSINESS, districtKind: OrganizationKind.BUSINESS }, allowed: [] },
  'read a partnership': {
    action: 'partnership.read',
    target: sides,
    allowed: ['businessOwner', 'businessEditor', 'businessViewer', 'districtOwner', 'districtEditor', 'districtViewer'],
  },
  'accept or decline': { action: 'partnership.respond', target: sides, allowed: ['businessOwner', 'businessEditor'] },
  'start, complete or cancel': { action: 'partnership.run', target: sides, allowed: ['businessOwner', 'businessEditor', 'districtOwner', 'districtEditor'] },
  "follow the business's events": {
    action: 'partnership.subscribe',
    target: { organizationId: BUSINESS },
    allowed: ['businessOwner', 'businessEditor', 'businessViewer'],
  },
  "set the district's skill interests": {
    action: 'district.setSkillInterests',
    target: { districtId: DISTRICT, districtKind: OrganizationKind.DISTRICT },
    allowed: ['districtOwner', 'districtEditor'],
  },
};

describe('authorization policy: opportunities and partnerships', () => {
  it('covers every partnership rule', () => {
    const covered = new Set(Object.values(MATRIX).map((cell) => cell.action));
    expect(
      Object.keys(rules)
        .filter((action) => /^(opportunity|partnership|district)\./.test(action))
        .every((action) => covered.has(action as Action)),
    ).toBe(true);
  });

  for (const [name, cell] of Object.entries(MATRIX)) {
    for (const [who, viewer] of Object.entries(VIEWERS) as Array<[Who, Viewer]>) {
      const expected = cell.allowed.includes(who);
      it(`${expected ? 'allows' : 'refuses'} ${who} to ${name}`, () => {
        expect(can(viewer, cell.action, cell.target as never)).toBe(expected);
      });
    }
  }
});
