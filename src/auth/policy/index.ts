/**
 * The one authorization policy: who may do what. Every mutation and every
 * protected read asks `authorize(viewer, action, target)`; the rules are pure
 * functions of the viewer's grants and a small description of the target, so
 * they are tested as a matrix of role x action. Each feature's rules and
 * targets are in their own file here (organizations, partnerships, waivers,
 * learning, applications, documents: with notifications and the audit
 * trail), assembled into the one table `rules`.
 */
import { ForbiddenError, UnauthenticatedError } from '../../errors';
import type { Viewer } from '../viewer';
import { applicationRules } from './applications';
import { recordRules } from './documents';
import { learningRules } from './learning';
import { organizationRules } from './organizations';
import { partnershipRules } from './partnerships';
import { waiverRules } from './waivers';

export type { ApplicationStartTarget, ApplicationTarget, FacilitationTarget } from './applications';
export type { DocumentAccessTarget } from './documents';
export { PUBLISHER_KINDS, type PublisherTarget } from './learning';
export type { MemberTarget, OrganizationTarget, UserContactTarget } from './organizations';
export type { BusinessTarget, DistrictTarget, PartnershipTarget } from './partnerships';
export type { WaiverDistrictTarget, WaiverTarget } from './waivers';

/** Every action the hub authorizes, with who may do it: each feature's rules, in one table. */
export const rules = {
  ...organizationRules,
  ...partnershipRules,
  ...waiverRules,
  ...learningRules,
  ...applicationRules,
  ...recordRules,
};

export type Rules = typeof rules;
export type Action = keyof Rules;
export type TargetOf<A extends Action> = Parameters<Rules[A]['allows']>[1];

/** Whether the viewer may do `action` to `target`. */
export function can<A extends Action>(viewer: Viewer, action: A, target: TargetOf<A>): boolean {
  const { allows } = rules[action] as { allows: (viewer: Viewer, target: TargetOf<A>) => boolean };
  return allows(viewer, target);
}

/** Throws UNAUTHENTICATED (anonymous) or FORBIDDEN unless the viewer may. */
export function authorize<A extends Action>(viewer: Viewer, action: A, target: TargetOf<A>): void {
  if (can(viewer, action, target)) return;
  if (!viewer.signedIn) throw new UnauthenticatedError(`Sign in first: ${rules[action].describe.toLowerCase()}`);
  throw new ForbiddenError(rules[action].describe);
}

/** The signed-in viewer's user id, or UNAUTHENTICATED. */
export function requireUserId(viewer: Viewer): string {
  if (!viewer.userId) throw new UnauthenticatedError();
  return viewer.userId;
}
