/**
 * Waiver requests for the benchmarks, in set-based SQL: each drafted by two
 * districts of the network, with sections (and their first revisions),
 * comment threads, and collaborators: the network's viewer as LEAD and
 * `authors` more people as AUTHOR of all of them (the co-editing benchmark's
 * twenty authors), and `readers` as REVIEWERs of the first one only (the
 * fan-out benchmark's subscribers; the HTTP benchmark reads the second).
 */
import type pg from 'pg';

export interface WaiverShape {
  tag: string;
  requests: number;
  sectionsPerRequest: number;
  commentsPerRequest: number;
  /** Co-authors of every request. */
  authors: number;
  /** Reviewers of the first request (the fan-out benchmark's subscribers, one person each). */
  readers: number;
  viewerEmail: string;
}

export interface WaiverData {
  /** The first request (most sections edited, most subscribers). */
  requestId: string;
  /** A request as most are: no crowd of reviewers (the HTTP benchmark reads it). */
  typicalRequestId: string;
  /** The first request's first section. */
  sectionId: string;
  sectionBody: string;
  authorEmails: string[];
  readerEmails: string[];
}

/** The first section's text: one paragraph per author, blank lines between, so edits to different paragraphs merge. */
export function paragraphs(authors: number): string {
  return Array.from({ length: authors }, (_, i) => `Paragraph ${i + 1}: the district will report mastery evidence each term.`).join('\n\n');
}

const SECTION_KEYS = ['summary', 'requirement', 'rationale', 'design', 'evidence', 'equity', 'timeline', 'signatures'];
const LOREM =
  'Students advance on demonstrated mastery of the Missouri Learning Standards rather than seat time. ' +
  'Teachers record evidence against competencies in the learner profile, and families see progress each term. ';

export async function buildWaivers(client: pg.Client, shape: WaiverShape): Promise<WaiverData> {
  const slug = shape.tag.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const body = paragraphs(shape.authors);
  await client.query('begin');
  try {
    const {
      rows: [viewer],
    } = await client.query<{ id: string }>('select id from users where email = $1', [shape.viewerEmail]);
    // Districts of the network whose names carry the tag, two per request.
    await client.query(
      `create temp table wv_districts on commit drop as
      select row_number() over (order by name) as n, id from organizations where kind = 'DISTRICT' and name like $1 || '%'`,
      [shape.tag],
    );
    await client.query(
      `create temp table wv_requests on commit drop as
      select n, gen_random_uuid() as id from generate_series(1, $1::int) n`,
      [shape.requests],
    );
    await client.query(
      `insert into waiver_requests (id, created_at, updated_at, title, kind, status, lead_district_id, created_by_id)
      select r.id, now() - (r.n || ' hours')::interval, now(), 'Competency-based credit waiver ' || r.n,
             (array['MSIP6','FEDERAL','STATE_STATUTE','OTHER'])[1 + r.n % 4]::waiver_kind, 'DRAFT', d.id, $1
        from wv_requests r join wv_districts d on d.n = 1 + (r.n * 2) % (select count(*) from wv_districts)`,
      [viewer.id],
    );
    await client.query(`insert into waiver_districts (id, waiver_request_id, organization_id, lead)
      select gen_random_uuid(), r.id, d.id, d.n = 1 + (r.n * 2) % c.total
        from wv_requests r cross join (select count(*) as total from wv_districts) c
        join wv_districts d on d.n in (1 + (r.n * 2) % c.total, 1 + (r.n * 2 + 1) % c.total)`);
    await client.query(
      `insert into waiver_collaborators (id, waiver_request_id, user_id, role)
      select gen_random_uuid(), r.id, $1, 'LEAD' from wv_requests r`,
      [viewer.id],
    );

    await client.query(
      `create temp table wv_authors on commit drop as
      select n, gen_random_uuid() as id, $1 || '-author-' || n || '@bench.example' as email from generate_series(1, $2::int) n`,
      [slug, shape.authors],
    );
    await client.query(`insert into users (id, email, display_name) select id, email, 'Author ' || n from wv_authors`);
    await client.query(`insert into waiver_collaborators (id, waiver_request_id, user_id, role)
      select gen_random_uuid(), r.id, a.id, 'AUTHOR' from wv_requests r cross join wv_authors a`);

    await client.query(
      `create temp table wv_readers on commit drop as
      select n, gen_random_uuid() as id, $1 || '-reader-' || n || '@bench.example' as email from generate_series(1, $2::int) n`,
      [slug, shape.readers],
    );
    await client.query(`insert into users (id, email, display_name) select id, email, 'Reviewer ' || n from wv_readers`);
    await client.query(`insert into waiver_collaborators (id, waiver_request_id, user_id, role)
      select gen_random_uuid(), r.id, a.id, 'REVIEWER' from wv_requests r cross join wv_readers a where r.n = 1`);

    await client.query(
      `create temp table wv_sections on commit drop as
      select r.id as request_id, r.n as request_n, k, gen_random_uuid() as id from wv_requests r, generate_series(1, $1::int) k`,
      [shape.sectionsPerRequest],
    );
    await client.query(
      `insert into waiver_sections (id, waiver_request_id, key, title, body, position, version, updated_by_id)
      select s.id, s.request_id, ($1::text[])[1 + (s.k - 1) % 8] || case when s.k > 8 then '-' || s.k else '' end,
             initcap(($1::text[])[1 + (s.k - 1) % 8]), case when s.request_n = 1 and s.k = 1 then $2 else repeat($3, 6) end, s.k, 1, $4
        from wv_sections s`,
      [SECTION_KEYS, body, LOREM, viewer.id],
    );
    await client.query(
      `insert into waiver_revisions (id, waiver_request_id, section_id, version, body, kind, author_id)
      select gen_random_uuid(), s.waiver_request_id, s.id, 1, s.body, 'CREATED', $1
        from waiver_sections s join wv_sections w on w.id = s.id`,
      [viewer.id],
    );
    await client.query(
      `insert into waiver_comments (id, created_at, updated_at, waiver_request_id, section_id, author_id, body, quote, resolved_at, resolved_by_id)
      select gen_random_uuid(), now() - (c || ' minutes')::interval, now(), s.request_id, s.id, $1,
             'Could we cite the district''s grading policy here? (' || c || ')', 'mastery evidence',
             case when c % 3 = 0 then now() end, case when c % 3 = 0 then $1::uuid end
        from generate_series(1, $2::int) c join wv_sections s on s.k = 1 + c % $3::int`,
      [viewer.id, shape.commentsPerRequest, shape.sectionsPerRequest],
    );

    const {
      rows: [first],
    } = await client.query<{ request_id: string; id: string }>('select request_id, id from wv_sections where request_n = 1 and k = 1');
    const {
      rows: [typical],
    } = await client.query<{ id: string }>('select id from wv_requests where n = 2');
    const { rows: authors } = await client.query<{ email: string }>('select email from wv_authors order by n');
    const { rows: readers } = await client.query<{ email: string }>('select email from wv_readers order by n');
    await client.query('commit');
    return {
      requestId: first.request_id,
      typicalRequestId: typical.id,
      sectionId: first.id,
      sectionBody: body,
      authorEmails: authors.map((a) => a.email),
      readerEmails: readers.map((r) => r.email),
    };
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
