/**
 * The floor: the benchmarks' three questions answered with hand-written SQL
 * over `pg` and JSON.stringify on a bare node:http server, with the same
 * answers (global ids, cursors, counts) as the hub. Run as a child process:
 * DATABASE_URL is the data set, it reports its port over IPC and answers
 * `cpu` (process.cpuUsage) and `stop`. The viewer is
 * named by an `x-viewer` header (no token check: the floor's one shortcut).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

/** The hub's global id (`src/graphql/node.ts`), without loading the schema's decorators. */
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

async function viewerOf(email: string | undefined): Promise<{ userId: string | null; organizationIds: string[] }> {
  if (!email) return { userId: null, organizationIds: [] };
  const { rows } = await pool.query<{ id: string; organization_ids: string[] }>(
    `select u.id, array(select m.organization_id from memberships m where m.user_id = u.id) as organization_ids from users u where u.email = $1`,
    [email],
  );
  return rows[0] ? { userId: rows[0].id, organizationIds: rows[0].organization_ids } : { userId: null, organizationIds: [] };
}

/** (a) The catalogue: published modules matching the words, by relevance. */
async function search(variables: { search: string; first: number }) {
  const query = `websearch_to_tsquery('english', $1)`;
  const [rows, count] = await Promise.all([
    pool.query(
      `select m.id, m.title, m.summary, m.competencies, m.format, m.duration_hours, m.published_at, ts_rank(m.search, ${query}) as rank, o.id as publisher_id, o.name as publisher_name
         from learning_modules m join organizations o on o.id = m.publisher_id
        where m.status = 'PUBLISHED' and m.search @@ ${query}
        order by rank desc, m.published_at desc, m.id desc limit $2`,
      [variables.search, variables.first + 1],
    ),
    pool.query(`select count(*)::int as count from learning_modules m where m.status = 'PUBLISHED' and m.search @@ websearch_to_tsquery('english', $1)`, [
      variables.search,
    ]),
  ]);
  const page = rows.rows.slice(0, variables.first);
  const edges = page.map((m) => ({
    cursor: cursor(['rank-,publishedAt-,id-', m.rank, { d: m.published_at.toISOString() }, m.id]),
    node: {
      id: gid('LearningModule', m.id),
      title: m.title,
      summary: m.summary,
      competencies: m.competencies,
      format: m.format,
      durationHours: m.duration_hours,
      publisher: { id: gid('Organization', m.publisher_id), name: m.publisher_name },
    },
  }));
  return {
    learningModules: {
      totalCount: count.rows[0].count,
      edges,
      pageInfo: { hasNextPage: rows.rows.length > variables.first, endCursor: edges.at(-1)?.cursor ?? null },
    },
  };
}

/** Rows grouped by a key, in query order. */
function groupBy<K extends string, T extends Record<K, string>>(rows: T[], key: K): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(row[key]);
    if (list) list.push(row);
    else groups.set(row[key], [row]);
  }
  return groups;
}
/** A partnership row as the network query's windowed selects read it. */
interface PartnershipRow {
  id: string;
  status: string;
  business_id: string;
  business_name: string;
  district_id: string;
  district_name: string;
}

const counts = (rows: Array<{ parent: string; count: number }>) => new Map(rows.map((r) => [r.parent, r.count]));

/** (b) The nested network query, one statement per list and level. */
async function network(variables: { search: string; organizations: number; children: number }, viewerEmail?: string) {
  const viewer = await viewerOf(viewerEmail);
  const mine = viewer.organizationIds;
  const n = variables.children;
  const like = `%${variables.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const [orgs, orgCount] = await Promise.all([
    pool.query(`select id, name, kind from organizations where name ilike $1 order by name, id limit $2`, [like, variables.organizations + 1]),
    pool.query(`select count(*)::int as count from organizations where name ilike $1`, [like]),
  ]);
  const page = orgs.rows.slice(0, variables.organizations);
  const ids = page.map((o) => o.id);
  const businesses = page.filter((o) => o.kind === 'BUSINESS').map((o) => o.id);
  const others = page.filter((o) => o.kind !== 'BUSINESS').map((o) => o.id);
  const windowed = (table: string, parent: string, extra: string, columns = 't.*') =>
    `select * from (select ${columns}, row_number() over (partition by t.${parent} order by t.created_at desc, t.id desc) as rn
       from ${table} t where t.${parent} = any($1) ${extra}) w where rn <= $2 order by rn`;
  const readable = '(t.district_id = any($3) or t.business_id = any($3))';
  const [modules, moduleCounts, opps, oppCounts, bizPartnerships, districtPartnerships, members, memberCounts] = await Promise.all([
    pool.query(
      windowed(
        'learning_modules',
        'publisher_id',
        `and t.status = 'PUBLISHED'`,
        't.id, t.title, t.publisher_id, t.created_at, o.name as publisher_name',
      ).replace('from learning_modules t', 'from learning_modules t join organizations o on o.id = t.publisher_id'),
      [ids, n],
    ),
    pool.query(
      `select publisher_id as parent, count(*)::int as count from learning_modules where publisher_id = any($1) and status = 'PUBLISHED' group by publisher_id`,
      [ids],
    ),
    pool.query(
      windowed(
        'opportunities',
        'business_id',
        `and (t.status <> 'DRAFT' or t.business_id = any($3))`,
        't.id, t.title, t.capacity, t.seats_taken, t.business_id, t.created_at',
      ),
      [ids, n, mine],
    ),
    pool.query(
      `select business_id as parent, count(*)::int as count from opportunities t where business_id = any($1) and (t.status <> 'DRAFT' or t.business_id = any($2)) group by business_id`,
      [ids, mine],
    ),
    pool.query(
      windowed(
        'partnerships',
        'business_id',
        `and ${readable}`,
        't.id, t.status, t.business_id, t.district_id, t.created_at, b.name as business_name, d.name as district_name',
      ).replace('from partnerships t', 'from partnerships t join organizations b on b.id = t.business_id join organizations d on d.id = t.district_id'),
      [businesses, n, mine],
    ),
    pool.query(
      windowed(
        'partnerships',
        'district_id',
        `and ${readable}`,
        't.id, t.status, t.business_id, t.district_id, t.created_at, b.name as business_name, d.name as district_name',
      ).replace('from partnerships t', 'from partnerships t join organizations b on b.id = t.business_id join organizations d on d.id = t.district_id'),
      [others, n, mine],
    ),
    pool.query(
      `select * from (select t.organization_id, t.role, u.id as user_id, u.display_name, row_number() over (partition by t.organization_id order by t.created_at, t.id) as rn
         from memberships t join users u on u.id = t.user_id where t.organization_id = any($1)) w where rn <= $2 order by rn`,
      [ids, n],
    ),
    pool.query(`select organization_id as parent, count(*)::int as count from memberships where organization_id = any($1) group by organization_id`, [ids]),
  ]);
  const moduleIds = modules.rows.map((m) => m.id);
  const oppIds = opps.rows.map((o) => o.id);
  const [prerequisites, oppPartnerships, oppPartnershipCounts] = await Promise.all([
    pool.query(
      `select p.module_id, m.id, m.title from learning_module_prerequisites p join learning_modules m on m.id = p.prerequisite_id
        where p.module_id = any($1) and m.status <> 'DRAFT' order by p.module_id, p.position`,
      [moduleIds],
    ),
    pool.query(
      windowed(
        'partnerships',
        'opportunity_id',
        `and ${readable}`,
        't.id, t.status, t.student_count, t.opportunity_id, t.created_at, d.id as district_id, d.name as district_name',
      ).replace('from partnerships t', 'from partnerships t join organizations d on d.id = t.district_id'),
      [oppIds, n, mine],
    ),
    pool.query(
      `select opportunity_id as parent, count(*)::int as count from partnerships t where opportunity_id = any($1) and ${readable.replace(/\$3/g, '$2')} group by opportunity_id`,
      [oppIds, mine],
    ),
  ]);
  const prereqsBy = groupBy(prerequisites.rows, 'module_id');
  const modulesBy = groupBy(modules.rows, 'publisher_id');
  const oppsBy = groupBy(opps.rows, 'business_id');
  const oppPartnershipsBy = groupBy(oppPartnerships.rows, 'opportunity_id');
  const bizBy = groupBy(bizPartnerships.rows, 'business_id');
  const districtBy = groupBy(districtPartnerships.rows, 'district_id');
  const membersBy = groupBy(members.rows, 'organization_id');
  const [moduleTotals, oppTotals, oppPartnershipTotals, memberTotals] = [moduleCounts, oppCounts, oppPartnershipCounts, memberCounts].map((r) =>
    counts(r.rows),
  );
  const edge = <T>(node: T) => ({ node });
  const partnershipNode = (p: PartnershipRow) => ({
    id: gid('Partnership', p.id),
    status: p.status,
    business: { id: gid('Organization', p.business_id), name: p.business_name },
    district: { id: gid('Organization', p.district_id), name: p.district_name },
  });
  return {
    organizations: {
      totalCount: orgCount.rows[0].count,
      edges: page.map((o) => ({
        node: {
          id: gid('Organization', o.id),
          name: o.name,
          kind: o.kind,
          modules: {
            totalCount: moduleTotals.get(o.id) ?? 0,
            edges: (modulesBy.get(o.id) ?? []).map((m) =>
              edge({
                id: gid('LearningModule', m.id),
                title: m.title,
                publisher: { id: gid('Organization', o.id), name: m.publisher_name },
                prerequisites: (prereqsBy.get(m.id) ?? []).map((p) => ({ id: gid('LearningModule', p.id), title: p.title })),
              }),
            ),
          },
          opportunities: {
            totalCount: oppTotals.get(o.id) ?? 0,
            edges: (oppsBy.get(o.id) ?? []).map((x) =>
              edge({
                id: gid('Opportunity', x.id),
                title: x.title,
                seatsRemaining: x.capacity - x.seats_taken,
                partnerships: {
                  totalCount: oppPartnershipTotals.get(x.id) ?? 0,
                  edges: (oppPartnershipsBy.get(x.id) ?? []).map((p) =>
                    edge({
                      id: gid('Partnership', p.id),
                      status: p.status,
                      studentCount: p.student_count,
                      district: { id: gid('Organization', p.district_id), name: p.district_name },
                    }),
                  ),
                },
              }),
            ),
          },
          partnerships: { edges: ((o.kind === 'BUSINESS' ? bizBy : districtBy).get(o.id) ?? []).map((p) => edge(partnershipNode(p))) },
          members: {
            totalCount: memberTotals.get(o.id) ?? 0,
            edges: (membersBy.get(o.id) ?? []).map((m) => edge({ role: m.role, user: { id: gid('User', m.user_id), displayName: m.display_name } })),
          },
        },
      })),
    },
  };
}

/** (c) One waiver request with its districts, collaborators, sections and comments. */
async function waiver(variables: { id: string; comments: number }, viewerEmail?: string) {
  const viewer = await viewerOf(viewerEmail);
  const id = Buffer.from(variables.id, 'base64url').toString('utf8').split(':')[1];
  const {
    rows: [request],
  } = await pool.query(
    `select r.id, r.title, r.kind, r.status, r.updated_at, l.id as lead_id, l.name as lead_name,
            exists (select 1 from waiver_collaborators c where c.waiver_request_id = r.id and c.user_id = $2)
            or exists (select 1 from waiver_districts d where d.waiver_request_id = r.id and d.organization_id = any($3)) as readable
       from waiver_requests r join organizations l on l.id = r.lead_district_id where r.id = $1`,
    [id, viewer.userId, viewer.organizationIds],
  );
  if (!request?.readable) return { waiverRequest: null };
  const [districts, collaborators, sections, comments, commentCount] = await Promise.all([
    pool.query(
      `select o.id, o.name from waiver_districts d join organizations o on o.id = d.organization_id where d.waiver_request_id = $1 order by d.created_at, d.id`,
      [id],
    ),
    pool.query(
      `select c.role, u.id, u.display_name from waiver_collaborators c join users u on u.id = c.user_id where c.waiver_request_id = $1 order by c.created_at, c.id`,
      [id],
    ),
    pool.query(
      `select s.id, s.key, s.title, s.body, s.position, s.version, u.id as user_id, u.display_name from waiver_sections s left join users u on u.id = s.updated_by_id
        where s.waiver_request_id = $1 order by s.position`,
      [id],
    ),
    pool.query(
      `select c.id, c.body, c.quote, c.resolved_at, c.section_id, c.created_at, u.id as author_id, u.display_name from waiver_comments c left join users u on u.id = c.author_id
        where c.waiver_request_id = $1 and c.parent_id is null order by c.created_at, c.id limit $2`,
      [id, variables.comments + 1],
    ),
    pool.query(`select count(*)::int as count from waiver_comments where waiver_request_id = $1 and parent_id is null`, [id]),
  ]);
  return {
    waiverRequest: {
      id: variables.id,
      title: request.title,
      kind: request.kind,
      status: request.status,
      updatedAt: request.updated_at,
      leadDistrict: { id: gid('Organization', request.lead_id), name: request.lead_name },
      districts: districts.rows.map((d) => ({ id: gid('Organization', d.id), name: d.name })),
      collaborators: collaborators.rows.map((c) => ({ role: c.role, user: { id: gid('User', c.id), displayName: c.display_name } })),
      sections: sections.rows.map((s) => ({
        id: gid('WaiverSection', s.id),
        key: s.key,
        title: s.title,
        body: s.body,
        position: s.position,
        version: s.version,
        updatedBy: s.user_id ? { id: gid('User', s.user_id), displayName: s.display_name } : null,
      })),
      comments: {
        totalCount: commentCount.rows[0].count,
        edges: comments.rows.slice(0, variables.comments).map((c) => ({
          node: {
            id: gid('WaiverComment', c.id),
            body: c.body,
            quote: c.quote,
            resolved: c.resolved_at !== null,
            author: c.author_id ? { id: gid('User', c.author_id), displayName: c.display_name } : null,
            section: { id: gid('WaiverSection', c.section_id) },
          },
        })),
      },
    },
  };
}

/** A route answers the variables it was posted (parsed JSON, trusted: the benchmark sends them). */
type Route = (variables: never, viewer?: string) => Promise<unknown>;
const routes: Record<string, Route> = { '/search': search, '/network': network, '/waiver': waiver };

const server = http.createServer((req, res) => {
  const route = routes[req.url ?? ''];
  if (req.method !== 'POST' || !route) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const viewer = req.headers['x-viewer'] as string | undefined;
    route(JSON.parse(Buffer.concat(chunks).toString('utf8')) as never, viewer)
      .then((data) => {
        const body = JSON.stringify({ data });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      })
      .catch((error: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message);
      });
  });
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { type: string }) => {
  if (message.type === 'cpu') process.send?.({ type: 'cpu', ...process.cpuUsage() });
  if (message.type === 'stop') server.close(() => void pool.end().then(() => process.exit(0)));
});
