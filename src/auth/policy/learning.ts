/** The policy's rules for professional learning modules and learning plans. */
import { MemberRole, OrganizationKind } from '../../domain/enums';
import type { Viewer } from '../viewer';
import type { OrganizationTarget } from './organizations';
import { rule } from './rule';

const { EDITOR } = MemberRole;

/** A learning module's publisher, as the policy sees it. */
export interface PublisherTarget {
  organizationId: string;
  organizationKind: OrganizationKind;
}

/** Colleges, regional organizations and the state agency publish professional learning. */
export const PUBLISHER_KINDS: readonly OrganizationKind[] = [OrganizationKind.HIGHER_ED, OrganizationKind.REGIONAL, OrganizationKind.STATE_AGENCY];

const mayPublishFor = (viewer: Viewer, target: PublisherTarget): boolean =>
  PUBLISHER_KINDS.includes(target.organizationKind) && viewer.hasRole(target.organizationId, EDITOR);

export const learningRules = {
  'learningModule.create': rule<PublisherTarget>(
    'Only owners and editors of a college, a regional organization or the state agency may publish learning modules',
    mayPublishFor,
  ),
  'learningModule.edit': rule<PublisherTarget>('Only owners and editors of the publisher may change, publish or archive its learning modules', mayPublishFor),
  'learningModule.deleteDraft': rule<PublisherTarget>(
    'Only owners and editors of the publisher may delete its never-published learning modules',
    mayPublishFor,
  ),
  'learningModule.readDraft': rule<OrganizationTarget>(
    'Only members of the publisher may see its draft learning modules',
    (viewer, target) => viewer.roleIn(target.organizationId) !== undefined,
  ),
  'learningPlan.use': rule('Sign in to keep a learning plan', (viewer) => viewer.signedIn),
};
