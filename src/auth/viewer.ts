/**
 * Who is asking: the signed-in user and their roles, loaded once per request
 * (one statement) and read by the policy module.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ROLE_RANK, type MemberRole, type OrganizationKind } from '../domain/enums';
import { UnauthenticatedError } from '../errors';
import { bearerToken, type TokenVerifier } from './tokens';
import { arrayParam, selectRows, type Reading } from '../db/select';

export interface ViewerUser {
  id: string;
  email: string;
  displayName: string;
}

export interface Grant {
  organizationId: string;
  organizationKind: OrganizationKind;
  role: MemberRole;
}

/** Up to this many grants are searched in turn, with no map. */
const FEW_GRANTS = 8;

export class Viewer {
  static readonly anonymous = new Viewer(null, []);
  /** Grants by organization, made on first use for a viewer with many (a socket's viewer is kept while connected: most have a few). */
  private byOrganization: Map<string, Grant> | undefined;

  constructor(
    readonly user: ViewerUser | null,
    readonly grants: readonly Grant[],
  ) {}

  get signedIn(): boolean {
    return this.user !== null;
  }

  get userId(): string | undefined {
    return this.user?.id;
  }

  /** The viewer's role in an organization, if any. */
  roleIn(organizationId: string): MemberRole | undefined {
    if (this.grants.length > FEW_GRANTS) {
      this.byOrganization ??= new Map(this.grants.map((grant) => [grant.organizationId, grant]));
      return this.byOrganization.get(organizationId)?.role;
    }
    // The last grant for the organization, as the map keeps it.
    let role: MemberRole | undefined;
    for (const grant of this.grants) if (grant.organizationId === organizationId) role = grant.role;
    return role;
  }

  /** At least `role` in that organization. */
  hasRole(organizationId: string, role: MemberRole): boolean {
    const own = this.roleIn(organizationId);
    return own !== undefined && ROLE_RANK[own] >= ROLE_RANK[role];
  }

  /** At least `role` in some organization of `kind`. */
  hasRoleInKind(kind: OrganizationKind, role: MemberRole): boolean {
    return this.grants.some((grant) => grant.organizationKind === kind && ROLE_RANK[grant.role] >= ROLE_RANK[role]);
  }

  organizationIds(kind?: OrganizationKind): string[] {
    return this.grants.filter((grant) => !kind || grant.organizationKind === kind).map((grant) => grant.organizationId);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ViewerRow {
  id: string;
  email: string;
  display_name: string;
  organization_id: string | null;
  kind: OrganizationKind | null;
  role: MemberRole | null;
}

/** Users with their grants (one row per membership), selected by `condition` over alias `u`. */
function viewerRows(em: EntityManager, condition: string, params: unknown[]): Promise<ViewerRow[]> {
  return selectRows<ViewerRow>(
    em,
    `select u.id, u.email, u.display_name, m.organization_id, o.kind, m.role
       from users u
       left join memberships m on m.user_id = u.id
       left join organizations o on o.id = m.organization_id
      where ${condition}`,
    params,
  );
}

/** One viewer from their rows (all of the same user). */
function viewerOf(rows: ViewerRow[]): Viewer {
  const [first] = rows;
  const grants = rows
    .filter((row) => row.organization_id && row.kind && row.role)
    .map((row) => ({ organizationId: row.organization_id!, organizationKind: row.kind!, role: row.role! }));
  return new Viewer({ id: first.id, email: first.email, displayName: first.display_name }, grants);
}

/** Loads the user a token names, with their grants; throws when there is no such user. */
export async function loadViewer(em: EntityManager, claims: { sub?: string; email?: string }): Promise<Viewer> {
  const byId = claims.sub && UUID.test(claims.sub);
  const key = byId ? claims.sub! : (claims.email ?? claims.sub ?? '').trim().toLowerCase();
  const rows = await viewerRows(em, byId ? 'u.id = ?' : 'u.email = ?', [key]);
  if (rows.length === 0) throw new UnauthenticatedError('The token names no user of this hub');
  return viewerOf(rows);
}

/** The viewers of many users at once, in one statement; a user who no longer exists is absent. */
export async function loadViewers(em: EntityManager, userIds: readonly string[]): Promise<Map<string, Viewer>> {
  if (userIds.length === 0) return new Map();
  const byUser = new Map<string, ViewerRow[]>();
  for (const row of await viewerRows(em, 'u.id = any(?::uuid[])', [arrayParam(userIds)])) {
    byUser.set(row.id, [...(byUser.get(row.id) ?? []), row]);
  }
  return new Map([...byUser].map(([id, rows]) => [id, viewerOf(rows)]));
}

/**
 * As a reading (to send with a write's first locks: `grantsWith`), the viewers again (by user id; anonymous ones are not in it), with their
 * grants re-read inside the caller's write transaction and their membership
 * rows locked FOR SHARE, in one order, until it ends: a removal or a demotion
 * (which updates or deletes those rows) waits for this write to commit, and a
 * write that waited for one sees its result (a row deleted meanwhile is
 * skipped; one updated is read as it now is).
 */
export function grantsReading(viewers: readonly Viewer[]): Reading<Map<string, Viewer>> {
  const users = new Map(viewers.flatMap((viewer) => (viewer.user ? [[viewer.user.id, viewer.user] as const] : [])));
  return {
    sql: `select m.user_id, m.organization_id, o.kind, m.role
       from memberships m join organizations o on o.id = m.organization_id
      where m.user_id = any(?::uuid[]) order by m.user_id, m.organization_id for share of m`,
    params: [arrayParam([...users.keys()])],
    answer: (found) => {
      const rows = found as Array<{ user_id: string; organization_id: string; kind: OrganizationKind; role: MemberRole }>;
      return new Map(
        [...users].map(([userId, user]) => [
          userId,
          new Viewer(
            user,
            rows.filter((row) => row.user_id === userId).map((row) => ({ organizationId: row.organization_id, organizationKind: row.kind, role: row.role })),
          ),
        ]),
      );
    },
  };
}

/** From an `Authorization` value (HTTP header or connection_init payload) to a Viewer. */
export async function viewerFromAuthorization(em: EntityManager, verify: TokenVerifier, authorization: unknown): Promise<Viewer> {
  return (await sessionFromAuthorization(em, verify, authorization)).viewer;
}

/** The viewer and when their token expires (ms since the epoch; Infinity without a token): a WebSocket ends there. */
export async function sessionFromAuthorization(
  em: EntityManager,
  verify: TokenVerifier,
  authorization: unknown,
): Promise<{ viewer: Viewer; expiresAt: number }> {
  const token = bearerToken(authorization);
  if (!token) return { viewer: Viewer.anonymous, expiresAt: Infinity };
  const claims = await verify(token);
  return { viewer: await loadViewer(em, claims), expiresAt: claims.exp * 1000 };
}
