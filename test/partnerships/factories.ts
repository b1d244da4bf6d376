/** Opportunities and partnerships built straight through the ORM, missing parents created. */
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import type { Organization } from '../../src/modules/organizations/organization.entity';
import type { User } from '../../src/modules/users/user.entity';
import { Opportunity } from '../../src/modules/partnerships/opportunity.entity';
import { Partnership } from '../../src/modules/partnerships/partnership.entity';
import { OpportunityKind, OpportunityStatus, PartnershipStatus } from '../../src/modules/partnerships/partnership.enums';
import { PartnershipTransition } from '../../src/modules/partnerships/partnership-transition.entity';
import { factories, ormOf, unique, type OrmSource } from '../factories';
import { tokenFor } from '../helpers/hub';
import { normalizeTags } from '../../src/text/normalize';

const HOLDS_SEATS = new Set([PartnershipStatus.ACCEPTED, PartnershipStatus.ACTIVE, PartnershipStatus.COMPLETED]);

export interface Side {
  organization: Organization;
  user: User;
  token: string;
}

export function partnershipFactories(orm: OrmSource) {
  const base = factories(orm);

  /** A member of a new (or given) organization, with a token. */
  async function buildSide(
    kind: OrganizationKind,
    overrides: { role?: MemberRole; organization?: Organization; region?: string | null; name?: string } = {},
  ): Promise<Side> {
    const organization =
      overrides.organization ??
      (await base.buildOrganization({ kind, name: overrides.name, region: overrides.region === undefined ? 'Central' : overrides.region }));
    const { user } = await base.buildMember({ organization, role: overrides.role ?? MemberRole.OWNER });
    return { organization, user, token: await tokenFor(user.email) };
  }

  const buildBusiness = (overrides: Parameters<typeof buildSide>[1] = {}) => buildSide(OrganizationKind.BUSINESS, overrides);
  const buildDistrict = (overrides: Parameters<typeof buildSide>[1] = {}) => buildSide(OrganizationKind.DISTRICT, overrides);

  interface OpportunityOverrides {
    business?: Organization;
    kind?: OpportunityKind;
    title?: string;
    description?: string;
    skills?: string[];
    gradeBands?: string[];
    regions?: string[];
    capacity?: number;
    seatsTaken?: number;
    status?: OpportunityStatus;
    endsOn?: Date | null;
    createdAt?: Date;
  }

  async function buildOpportunity(overrides: OpportunityOverrides = {}): Promise<Opportunity> {
    const business = overrides.business ?? (await base.buildOrganization({ kind: OrganizationKind.BUSINESS }));
    const em = ormOf(orm).em.fork();
    const opportunity = em.create(Opportunity, {
      business: business.id,
      kind: overrides.kind ?? OpportunityKind.JOB_SHADOW,
      title: overrides.title ?? unique('Opportunity'),
      description: overrides.description ?? 'Students spend a day with our team.',
      skills: normalizeTags(overrides.skills ?? ['teamwork']),
      gradeBands: overrides.gradeBands ?? ['9-12'],
      regions: overrides.regions ?? ['Central'],
      capacity: overrides.capacity ?? 10,
      seatsTaken: overrides.seatsTaken ?? 0,
      status: overrides.status ?? OpportunityStatus.OPEN,
      endsOn: overrides.endsOn ?? null,
      ...(overrides.createdAt ? { createdAt: overrides.createdAt } : {}),
    });
    await em.flush();
    return opportunity;
  }

  /** A partnership in a status (with a one-step history); seats it holds are taken on the opportunity. */
  async function buildPartnership(
    overrides: { opportunity?: Opportunity; district?: Organization; status?: PartnershipStatus; studentCount?: number } = {},
  ): Promise<Partnership> {
    const opportunity = overrides.opportunity ?? (await buildOpportunity());
    const district = overrides.district ?? (await base.buildOrganization({ kind: OrganizationKind.DISTRICT }));
    const status = overrides.status ?? PartnershipStatus.REQUESTED;
    const studentCount = overrides.studentCount ?? 1;
    const em = ormOf(orm).em.fork();
    const partnership = em.create(Partnership, {
      opportunity: opportunity.id,
      district: district.id,
      business: opportunity.business.id,
      status,
      studentCount,
    });
    em.create(PartnershipTransition, { partnership, fromStatus: null, toStatus: status });
    await em.flush();
    if (HOLDS_SEATS.has(status)) {
      await em.getConnection().execute('update opportunities set seats_taken = seats_taken + ? where id = ?', [studentCount, opportunity.id]);
    }
    return partnership;
  }

  return { ...base, buildSide, buildBusiness, buildDistrict, buildOpportunity, buildPartnership };
}

/** Reads an opportunity's stored seat counter and the seats its partnerships hold, to check they agree. */
export async function seatLedger(orm: OrmSource, opportunityId: string): Promise<{ seatsTaken: number; held: number; accepted: number }> {
  const [row] = await ormOf(orm)
    .em.fork()
    .getConnection()
    .execute(
      `select o.seats_taken as "seatsTaken",
            coalesce(sum(p.student_count) filter (where p.status in ('ACCEPTED', 'ACTIVE', 'COMPLETED')), 0)::int as held,
            count(p.id) filter (where p.status = 'ACCEPTED')::int as accepted
       from opportunities o left join partnerships p on p.opportunity_id = o.id
      where o.id = ? group by o.id`,
      [opportunityId],
    );
  return { seatsTaken: Number(row.seatsTaken), held: Number(row.held), accepted: Number(row.accepted) };
}
