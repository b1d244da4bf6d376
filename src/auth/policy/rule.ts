/** The shape of one rule of the policy (src/auth/policy/index.ts), and the checks several features' rules share. */
import type { Viewer } from '../viewer';

type Allows<T> = (viewer: Viewer, target: T) => boolean;

/** A rule: what it says when it refuses (the FORBIDDEN message), and whom it allows. */
export function rule<T = void>(describe: string, allows: Allows<T>) {
  return { describe, allows };
}

/** Whether the viewer belongs to the organization, in any role. */
export const isMember = (viewer: Viewer, organizationId: string): boolean => viewer.roleIn(organizationId) !== undefined;
