/** The policy's rules for business-to-education opportunities and partnerships. */
import { MemberRole, OrganizationKind } from '../../domain/enums';
import type { OrganizationTarget } from './organizations';
import { isMember, rule } from './rule';

const { EDITOR } = MemberRole;

export interface BusinessTarget {
  businessId: string;
  businessKind: OrganizationKind;
}

export interface DistrictTarget {
  districtId: string;
  districtKind: OrganizationKind;
}

/** Both sides of a partnership. */
export interface PartnershipTarget {
  districtId: string;
  businessId: string;
}

export const partnershipRules = {
  'opportunity.manage': rule<BusinessTarget>(
    'Only owners and editors of a business may offer and change its opportunities',
    (viewer, target) => target.businessKind === OrganizationKind.BUSINESS && viewer.hasRole(target.businessId, EDITOR),
  ),
  'opportunity.readDraft': rule<Pick<BusinessTarget, 'businessId'>>('Only members of the business see its draft opportunities', (viewer, target) =>
    isMember(viewer, target.businessId),
  ),
  'partnership.request': rule<DistrictTarget>(
    'Only owners and editors of a district may request partnerships for it',
    (viewer, target) => target.districtKind === OrganizationKind.DISTRICT && viewer.hasRole(target.districtId, EDITOR),
  ),
  'partnership.read': rule<PartnershipTarget>(
    'Only members of the district or the business see a partnership',
    (viewer, target) => isMember(viewer, target.districtId) || isMember(viewer, target.businessId),
  ),
  'partnership.respond': rule<PartnershipTarget>('Only owners and editors of the business may accept or decline a request', (viewer, target) =>
    viewer.hasRole(target.businessId, EDITOR),
  ),
  'partnership.run': rule<PartnershipTarget>(
    'Only owners and editors of the district or the business may move a partnership',
    (viewer, target) => viewer.hasRole(target.districtId, EDITOR) || viewer.hasRole(target.businessId, EDITOR),
  ),
  'partnership.subscribe': rule<OrganizationTarget>('Only members of an organization may follow its partnerships', (viewer, target) =>
    isMember(viewer, target.organizationId),
  ),
  'district.setSkillInterests': rule<DistrictTarget>(
    'Only owners and editors of a district may set its skill interests',
    (viewer, target) => target.districtKind === OrganizationKind.DISTRICT && viewer.hasRole(target.districtId, EDITOR),
  ),
};
