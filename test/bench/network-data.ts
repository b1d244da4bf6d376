/**
 * A network of organizations, learning modules (with prerequisites),
 * opportunities, partnerships and members, generated in a few set-based SQL
 * statements (generate_series), fast enough for state scale. Used by the
 * statement-count test (small and large shapes) and by the benchmarks.
 *
 * Organizations cycle through four kinds: DISTRICT, HIGHER_ED, BUSINESS,
 * REGIONAL. Higher-ed and regional ones publish modules; businesses offer
 * opportunities; districts ask for partnerships.
 */
import type pg from 'pg';

export interface NetworkShape {
  /** Prefix of every organization's name (unique per data set: tests filter on it with `search`). */
  tag: string;
  organizations: number;
  /** Learning modules of each publisher (higher-ed and regional organizations: half of them). */
  modulesPerPublisher: number;
  /** Opportunities of each business (a quarter of the organizations). */
  opportunitiesPerBusiness: number;
  /** Partnerships of each opportunity, with districts in turn. */
  partnershipsPerOpportunity: number;
  /** Members of every organization, besides the viewer. */
  membersPerOrganization: number;
  /** The viewer belongs to the organizations numbered 1..this (OWNER). */
  viewerOrganizations: number;
}

export interface NetworkData {
  viewerEmail: string;
  organizationIds: string[];
}

const REGIONS = ['Central', 'Kansas City', 'Northeast', 'Northwest', 'South Central', 'Southeast', 'Southwest', 'St. Louis'];
const COMPETENCIES = [
  'competency-based grading',
  'student agency',
  'mastery transcripts',
  'project-based learning',
  'real world learning',
  'assessment design',
  'learner profiles',
  'flexible pacing',
];
const TOPICS = ['Mastery', 'Rubrics', 'Learner agency', 'Flexible pacing', 'Portfolio defense', 'Standards-based grading', 'Client projects', 'Capstones'];

/** Builds the network in one transaction; returns the viewer's email and the organizations in name order. */
export async function buildNetwork(client: pg.Client, shape: NetworkShape): Promise<NetworkData> {
  const slug = shape.tag.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const viewerEmail = `${slug}-viewer@bench.example`;
  await client.query('begin');
  try {
    await client.query(
      `create temp table net_orgs on commit drop as
      select n, gen_random_uuid() as id,
             (array['DISTRICT','HIGHER_ED','BUSINESS','REGIONAL'])[1 + (n - 1) % 4]::organization_kind as kind
        from generate_series(1, $1::int) n`,
      [shape.organizations],
    );
    await client.query(
      `insert into organizations (id, name, slug, kind, region, description)
      select id, $1 || ' ' || lpad(n::text, 5, '0'), $2 || '-' || n, kind, ($3::text[])[1 + n % 8], 'A member of the Success-Ready Students Network'
        from net_orgs`,
      [shape.tag, slug, REGIONS],
    );

    await client.query(
      `create temp table net_users on commit drop as
      select n, gen_random_uuid() as id from generate_series(0, $1::int) n`,
      [shape.membersPerOrganization],
    );
    await client.query(
      `insert into users (id, email, display_name)
      select id, case when n = 0 then $1 else $2 || '-member-' || n || '@bench.example' end, 'Member ' || n from net_users`,
      [viewerEmail, slug],
    );
    // Members 1..n belong to every organization; the viewer (0) to the first `viewerOrganizations`.
    await client.query(
      `insert into memberships (id, organization_id, user_id, role)
      select gen_random_uuid(), o.id, u.id, case when u.n = 0 then 'OWNER' else 'VIEWER' end::member_role
        from net_orgs o cross join net_users u
       where u.n > 0 or o.n <= $1`,
      [shape.viewerOrganizations],
    );
    await client.query(
      `create temp table net_modules on commit drop as
      select o.id as publisher_id, k, gen_random_uuid() as id, o.n as org_n
        from net_orgs o, generate_series(1, $1::int) k where o.kind in ('HIGHER_ED', 'REGIONAL')`,
      [shape.modulesPerPublisher],
    );
    await client.query(
      `insert into learning_modules (id, created_at, updated_at, title, summary, body, competencies, audiences, format, duration_hours, zones, publisher_id, status, version, published_at)
      select m.id, now() - (m.k || ' minutes')::interval, now(),
             ($1::text[])[1 + (m.k + m.org_n) % 8] || ' in practice, part ' || m.k,
             'How Missouri classrooms apply ' || lower(($1::text[])[1 + (m.k + m.org_n) % 8]) || ' on the way to competency-based learning',
             '## Why' || chr(10) || 'Educators in the network move from seat time to mastery. This module walks through ' || lower(($1::text[])[1 + m.k % 8]) || ' with examples from SDZ districts.',
             array[($2::text[])[1 + m.k % 8], ($2::text[])[1 + (m.k + 3) % 8]],
             array[(array['PRESERVICE','NEW_EDUCATOR','VETERAN_EDUCATOR','SCHOOL_LEADER'])[1 + m.k % 4]],
             (array['IN_PERSON','VIRTUAL','HYBRID','SELF_PACED'])[1 + m.k % 4]::delivery_format,
             1 + m.k % 6, array['SYSTEM_DESIGN','INNOVATIVE_LEARNING_DESIGN'], m.publisher_id, 'PUBLISHED', 1, now() - (m.k || ' minutes')::interval
        from net_modules m`,
      [TOPICS, COMPETENCIES],
    );
    // Each module after the first needs its predecessor (and the one before that) at the same publisher.
    await client.query(`insert into learning_module_prerequisites (id, module_id, prerequisite_id, position)
      select gen_random_uuid(), m.id, p.id, m.k - p.k - 1
        from net_modules m join net_modules p on p.publisher_id = m.publisher_id and p.k in (m.k - 1, m.k - 2)`);

    await client.query(
      `create temp table net_opps on commit drop as
      select o.id as business_id, o.n as org_n, k, gen_random_uuid() as id
        from net_orgs o, generate_series(1, $1::int) k where o.kind = 'BUSINESS'`,
      [shape.opportunitiesPerBusiness],
    );
    await client.query(
      `insert into opportunities (id, created_at, updated_at, business_id, kind, title, description, skills, grade_bands, regions, capacity, seats_taken, starts_on, ends_on, status, opened_at)
      select id, now() - (k || ' minutes')::interval, now(), business_id,
             (array['INTERNSHIP','JOB_SHADOW','APPRENTICESHIP','CLIENT_PROJECT','GUEST_SPEAKER','SITE_VISIT','MENTORSHIP','EXPERT_ADVISOR'])[1 + k % 8]::opportunity_kind,
             'Real world learning opportunity ' || k, 'Students work beside our staff on a real project and present to clients.',
             array['communication', 'teamwork'], array['9-12'], array[($1::text[])[1 + org_n % 8]], 1000, 0, null, null, 'OPEN', now()
        from net_opps`,
      [REGIONS],
    );
    const districts = Math.ceil(shape.organizations / 4);
    await client.query(
      `insert into partnerships (id, created_at, updated_at, opportunity_id, district_id, business_id, status, student_count, message)
      select gen_random_uuid(), now() - (p || ' seconds')::interval, now(), x.id, d.id, x.business_id,
             (array['REQUESTED','ACCEPTED','ACTIVE','COMPLETED'])[1 + p % 4]::partnership_status, 5 + p, 'Our juniors are ready.'
        from net_opps x cross join generate_series(1, $1::int) p
        join net_orgs d on d.kind = 'DISTRICT' and d.n = 1 + 4 * ((x.org_n + x.k + p) % $2::int)`,
      [shape.partnershipsPerOpportunity, districts],
    );
    const { rows } = await client.query<{ id: string }>('select id from net_orgs order by n');
    await client.query('commit');
    return { viewerEmail, organizationIds: rows.map((row) => row.id) };
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** The nested network query of the issue, paged by `organizations` and `children`. */
export const NETWORK_QUERY = /* GraphQL */ `
  query Network($search: String!, $organizations: Int!, $children: Int!) {
    organizations(first: $organizations, search: $search) {
      totalCount
      edges {
        node {
          id
          name
          kind
          modules(first: $children) {
            totalCount
            edges {
              node {
                id
                title
                publisher {
                  id
                  name
                }
                prerequisites {
                  id
                  title
                }
              }
            }
          }
          opportunities(first: $children) {
            totalCount
            edges {
              node {
                id
                title
                seatsRemaining
                partnerships(first: $children) {
                  totalCount
                  edges {
                    node {
                      id
                      status
                      studentCount
                      district {
                        id
                        name
                      }
                    }
                  }
                }
              }
            }
          }
          partnerships(first: $children) {
            edges {
              node {
                id
                status
                business {
                  id
                  name
                }
                district {
                  id
                  name
                }
              }
            }
          }
          members(first: $children) {
            totalCount
            edges {
              node {
                role
                user {
                  id
                  displayName
                }
              }
            }
          }
        }
      }
    }
  }
`;
