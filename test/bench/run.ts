/**
 * `npm run bench`: a state-scale data set in a scratch database (next to
 * DATABASE_URL, or on an embedded PostgreSQL), then HTTP against the floor,
 * PostGraphile on the read questions, subscription fan-out (in-process and, with REDIS_URL, across two hubs) and
 * co-editing, printed as tables. Everything talks to 127.0.0.1 only.
 *
 * Knobs: BENCH_SECONDS (HTTP, per run; default 10), BENCH_CONNECTIONS (16),
 * BENCH_SUBSCRIBERS ("1000,5000"), BENCH_EDITS (20), BENCH_ONLY
 * ("http,fanout,coedit,notifications"; also "cotyping", not run by default: cotyping-bench.ts and its
 * COTYPING_* knobs; or as words: `npm run bench -- fanout`), BENCH_QUESTIONS
 * ("search,network,waiver"), BENCH_DIGEST_PEOPLE (10000), BENCH_WARMUP_SECONDS (HTTP warm-up of each server
 * per question; 5), BENCH_ROUNDS (HTTP runs per question, alternating the
 * servers' order; 2), BENCH_PROFILE=1 (hubs write --cpu-prof files to
 * .bench-profiles/), BENCH_STREAM_PROFILE=1 (a CPU profile of the edit stream
 * in the subscribers' hub and the fan-out floor, summarized), BENCH_PROFILE_INTERVAL_US
 * (those profiles' sampling interval; V8's 1000 µs by default), BENCH_NODE_ARGS
 * (flags for the hubs' node, e.g. "--max-semi-space-size=64").
 *
 * `npm run bench -- reads` runs only the catalogue search and the nested
 * network question against the hub, PostGraphile and the floor;
 * `npm run bench -- fanout profile` the fan-out with its CPU profiles
 * summarized (top self time per edit) and the per-connection memory;
 * `hub-first` runs the fan-out's hubs before its floor (the order alternated).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';
import { signToken } from '../../src/auth/tokens';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { migrateUp } from '../../src/db/migrate';
import { createOrm } from '../../src/db/orm';
import { createScratchDatabase } from '../../src/db/scratch';
import { toGlobalId } from '../../src/domain/global-id';
import { entities } from '../../src/entities';
import { networkAnswer, postgraphileNetworkAnswer, postgraphileSearchAnswer, searchAnswer, waiverAnswer } from './answers';
import { runHttpBench, SEARCH_QUERY, WAIVER_QUERY, type Question, type Server } from './http-bench';
import { BENCH_FUNCTIONS, POSTGRAPHILE_NETWORK_QUERY, POSTGRAPHILE_SEARCH_QUERY } from './postgraphile-queries';
import { buildNetwork, NETWORK_QUERY } from './network-data';
import { benchHubEnv, BENCH_SECRET, cpuMsOf, startChild, startHubChild } from './processes';
import { runCoEditBench, runFanOutBench } from './realtime-bench';
import { printTable } from './report';
import { buildWaivers } from './waiver-data';
import { runNotificationBench } from './notifications-bench';
import { runCoTypingBench } from './cotyping-bench';

const SECRET = BENCH_SECRET;
const TAG = 'Bench org';

const env = process.env;
const seconds = Number(env.BENCH_SECONDS ?? 10);
const connections = Number(env.BENCH_CONNECTIONS ?? 16);
const subscriberCounts = (env.BENCH_SUBSCRIBERS ?? '1000,5000').split(',').map(Number);
const edits = Number(env.BENCH_EDITS ?? 20);
const warmupSeconds = Number(env.BENCH_WARMUP_SECONDS ?? 5);
const rounds = Number(env.BENCH_ROUNDS ?? 2);
/** `npm run bench -- reads`: the read questions against the peers only; other words name parts, as BENCH_ONLY does. */
const words = process.argv.slice(2);
const reads = words.includes('reads');
const parts = words.filter((word) => word !== 'profile' && word !== 'hub-first');
const only = new Set(reads ? ['http'] : parts.length ? parts : (env.BENCH_ONLY ?? 'http,fanout,coedit,notifications').split(','));
const questions = new Set(reads ? ['search', 'network'] : (env.BENCH_QUESTIONS ?? 'search,network,waiver').split(','));
const profileDir = path.resolve('.bench-profiles');
const execArgv = [...(env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), ...(env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function openServer(): Promise<{ url: string; label: string; stop(): Promise<void> }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, label: 'PostgreSQL at DATABASE_URL', stop: async () => {} };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnz-bench-pg-'));
  fs.chmodSync(dataDir, 0o755);
  const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
  return {
    url: embedded.url,
    label: 'embedded PostgreSQL',
    stop: async () => {
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await run();
  console.log(`[bench] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function main() {
  const server = await openServer();
  const scratch = await createScratchDatabase(server.url, 'cnz_bench');
  const children: Array<{ stop(): Promise<void> }> = [];
  try {
    const orm = await createOrm({ clientUrl: scratch.url, entities });
    await timed('migrations', () => migrateUp(orm));
    await orm.close();

    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    const network = await timed('network data', () =>
      buildNetwork(client, {
        tag: TAG,
        organizations: 500,
        modulesPerPublisher: 20,
        opportunitiesPerBusiness: 16,
        partnershipsPerOpportunity: 3,
        membersPerOrganization: 4,
        viewerOrganizations: 50,
      }),
    );
    const waivers = await timed('waiver data', () =>
      buildWaivers(client, {
        tag: TAG,
        requests: 50,
        sectionsPerRequest: 8,
        commentsPerRequest: 40,
        authors: 20,
        readers: Math.max(...subscriberCounts, only.has('cotyping') ? Number(env.COTYPING_READERS ?? 5000) : 0),
        viewerEmail: network.viewerEmail,
      }),
    );
    // PostGraphile's two root fields (postgraphile-queries.ts): v4's generated `condition` has no full-text search or ilike.
    await client.query(BENCH_FUNCTIONS);
    await client.query('analyze');
    const { rows: counts } = await client.query(
      `select 'organizations' as t, count(*) from organizations union all select 'learning modules', count(*) from learning_modules
       union all select 'prerequisites', count(*) from learning_module_prerequisites union all select 'opportunities', count(*) from opportunities
       union all select 'partnerships', count(*) from partnerships union all select 'memberships', count(*) from memberships
       union all select 'waiver requests', count(*) from waiver_requests union all select 'waiver sections', count(*) from waiver_sections
       union all select 'waiver comments', count(*) from waiver_comments`,
    );
    const {
      rows: [{ second_section: secondSection, second_body: secondBody }],
    } = await client.query(`select id as second_section, body as second_body from waiver_sections where waiver_request_id = $1 and position = 2`, [
      waivers.requestId,
    ]);
    const {
      rows: [{ version: pgVersion }],
    } = await client.query(`select current_setting('server_version') as version`);
    await client.end();

    console.log(
      `\nMachine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${server.label} ${pgVersion}`,
    );
    printTable(
      'Data set',
      ['table', 'rows'],
      counts.map((row) => [row.t, row.count]),
    );

    const token = await signToken(SECRET, { sub: network.viewerEmail, email: network.viewerEmail }, '4h');
    const hubEnv = benchHubEnv(scratch.url, { WS_CONNECTIONS_PER_USER: '100000' });
    const waiverRequestId = toGlobalId('WaiverRequest', waivers.requestId);

    if (only.has('http')) {
      const hub = await startHubChild(hubEnv, execArgv);
      children.push(hub);
      const floor = startChild('floor', { DATABASE_URL: scratch.url });
      children.push(floor);
      const postgraphile = startChild('postgraphile-process', { DATABASE_URL: scratch.url }, execArgv);
      children.push(postgraphile);
      const [{ port: floorPort }, { port: postgraphilePort }] = await Promise.all([
        floor.next<{ port: number }>('ready'),
        postgraphile.next<{ port: number }>('ready'),
      ]);
      const servers: Server[] = [
        { name: 'hub', url: hub.url, headers: { authorization: `Bearer ${token}` }, cpuMs: () => hub.cpuMs() },
        { name: 'PostGraphile', url: `http://127.0.0.1:${postgraphilePort}/graphql`, headers: {}, cpuMs: () => cpuMsOf(postgraphile) },
        { name: 'floor', url: `http://127.0.0.1:${floorPort}`, headers: { 'x-viewer': network.viewerEmail }, cpuMs: () => cpuMsOf(floor) },
      ];
      const graphql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
      const search = { search: 'flexible pacing', first: 20 };
      const nested = { search: TAG, organizations: 50, children: 10 };
      const waiver = { id: toGlobalId('WaiverRequest', waivers.typicalRequestId), comments: 50 };
      await runHttpBench(
        servers,
        (
          [
            {
              key: 'search',
              name: 'catalogue search',
              answer: searchAnswer,
              ask: {
                hub: { body: graphql(SEARCH_QUERY, search) },
                PostGraphile: { body: graphql(POSTGRAPHILE_SEARCH_QUERY, search), answer: postgraphileSearchAnswer },
                floor: { body: JSON.stringify(search), path: '/search' },
              },
            },
            {
              key: 'network',
              name: 'nested network (50 × 10)',
              answer: networkAnswer,
              ask: {
                hub: { body: graphql(NETWORK_QUERY, nested) },
                PostGraphile: { body: graphql(POSTGRAPHILE_NETWORK_QUERY, nested), answer: postgraphileNetworkAnswer },
                floor: { body: JSON.stringify(nested), path: '/network' },
              },
            },
            {
              key: 'waiver',
              name: 'one waiver request',
              answer: waiverAnswer,
              ask: { hub: { body: graphql(WAIVER_QUERY, waiver) }, floor: { body: JSON.stringify(waiver), path: '/waiver' } },
            },
          ] satisfies Question[]
        ).filter((question) => questions.has(question.key)),
        { seconds, connections, warmupSeconds, rounds },
      );
      await Promise.all([hub.stop(), floor.stop(), postgraphile.stop()]);
    }

    if (only.has('fanout')) {
      const subscriberTokens = await Promise.all(waivers.readerEmails.map((email) => signToken(SECRET, { sub: email, email }, '4h')));
      await runFanOutBench({
        hubEnv,
        redisUrl: env.REDIS_URL || undefined,
        token,
        subscriberTokens,
        waiverRequestId,
        sectionId: toGlobalId('WaiverSection', secondSection),
        sectionBody: secondBody,
        subscriberCounts,
        edits,
        editIntervalMs: 500,
        execArgv,
        profile: Boolean(env.BENCH_STREAM_PROFILE) || words.includes('profile'),
        hubFirst: words.includes('hub-first'),
      });
    }

    if (only.has('coedit')) {
      const tokens = await Promise.all(waivers.authorEmails.map((email) => signToken(SECRET, { sub: email, email }, '4h')));
      await runCoEditBench({ hubEnv, tokens, sectionId: toGlobalId('WaiverSection', waivers.sectionId), sectionBody: waivers.sectionBody, seconds, execArgv });
    }

    if (only.has('cotyping')) {
      await runCoTypingBench({
        hubEnv,
        databaseUrl: scratch.url,
        secret: SECRET,
        authorsSectionId: waivers.sectionId,
        readersSectionId: secondSection,
        authorTokens: await Promise.all(waivers.authorEmails.map((email) => signToken(SECRET, { sub: email, email }, '4h'))),
        readerTokens: await Promise.all(waivers.readerEmails.map((email) => signToken(SECRET, { sub: email, email }, '4h'))),
        viewerToken: token,
        execArgv,
      });
    }

    if (only.has('notifications')) {
      await runNotificationBench({
        databaseUrl: scratch.url,
        secret: SECRET,
        requestId: waivers.typicalRequestId,
        authorEmail: waivers.authorEmails[0],
        people: Number(env.BENCH_DIGEST_PEOPLE ?? 10_000),
      });
    }
  } finally {
    await Promise.allSettled(children.map((child) => child.stop()));
    await scratch.drop();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  },
);
