/** Reading zone applications: one by id, the viewer's list, and the public cohort counts per region. */
import type { FilterQuery } from '@mikro-orm/core';
import { requireUserId } from '../../auth/policy';
import { selectRows } from '../../db/select';
import { MemberRole, type Zone } from '../../domain/enums';
import { expectGlobalId } from '../../domain/global-id';
import { REGIONS } from '../../domain/regions';
import { BY_ID, findPage, type ConnectionResult, type SortKey } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import { canReadApplication, viewerIsFacilitator } from './application.access';
import { ZoneApplication } from './application.entity';
import type { ZoneApplicationsArgs } from './application.inputs';

const NEWEST_FIRST: SortKey[] = [{ field: 'createdAt', column: 'created_at', direction: 'desc', type: 'timestamp' }, BY_ID];

/** The application when the viewer may read it; null otherwise (absent and hidden look the same). */
export async function getZoneApplication(ctx: HubContext, globalId: string): Promise<ZoneApplication | null> {
  const id = expectGlobalId(globalId, 'ZoneApplication', 'id');
  const application = await ctx.loaders.byId(ZoneApplication).load(id);
  return application && (await canReadApplication(ctx, application)) ? application : null;
}

/** The applications the viewer may read: their organizations' (and their own as a teacher); for the facilitation team, every submitted one too. */
export async function listZoneApplications(ctx: HubContext, args: ZoneApplicationsArgs): Promise<ConnectionResult<ZoneApplication>> {
  const userId = requireUserId(ctx.viewer);
  const member = ctx.viewer.organizationIds();
  const owner = member.filter((id) => ctx.viewer.hasRole(id, MemberRole.OWNER));
  const visible: FilterQuery<ZoneApplication>[] = [{ applicant: { $in: member }, teacher: null }, { teacher: userId }, { applicant: { $in: owner } }];
  if (await viewerIsFacilitator(ctx)) visible.push({ submittedAt: { $ne: null } });
  const where: FilterQuery<ZoneApplication> = { $or: visible };
  if (args.zone) where.zone = args.zone;
  if (args.schoolYear) where.schoolYear = args.schoolYear;
  if (args.status) where.status = args.status;
  return findPage(ctx.em, ZoneApplication, where, NEWEST_FIRST, args);
}

export interface CohortRegionCount {
  region: string;
  organizations: number;
  teachers: number;
}

export interface ZoneCohortCounts {
  zone: Zone;
  schoolYear: string;
  regions: CohortRegionCount[];
  /** Members whose organization names no region. */
  withoutRegion: CohortRegionCount;
}

/** A zone's cohort for a school year, counted per DESE supervisory region (all eight, zeros included). Public. */
export async function zoneCohort(ctx: HubContext, zone: Zone, schoolYear: string): Promise<ZoneCohortCounts> {
  const rows = await selectRows<{ region: string | null; organizations: number; teachers: number }>(
    ctx.em,
    `select region, sum(organizations)::int as organizations, sum(teachers)::int as teachers from (
        select o.region, 1 as organizations, 0 as teachers
          from zone_memberships zm join organizations o on o.id = zm.organization_id
         where zm.zone = ? and zm.school_year = ?
        union all
        select o.region, 0, 1
          from teacher_zone_memberships tm join organizations o on o.id = tm.organization_id
         where tm.zone = ? and tm.school_year = ?
      ) counted group by region`,
    [zone, schoolYear, zone, schoolYear],
  );
  const byRegion = new Map(rows.map((row) => [row.region, row]));
  const count = (region: string | null, name: string): CohortRegionCount => ({
    region: name,
    organizations: byRegion.get(region)?.organizations ?? 0,
    teachers: byRegion.get(region)?.teachers ?? 0,
  });
  const unknown = rows.filter((row) => row.region === null || !(REGIONS as readonly string[]).includes(row.region));
  return {
    zone,
    schoolYear,
    regions: REGIONS.map((region) => count(region, region)),
    withoutRegion: {
      region: 'No region',
      organizations: unknown.reduce((sum, row) => sum + row.organizations, 0),
      teachers: unknown.reduce((sum, row) => sum + row.teachers, 0),
    },
  };
}
