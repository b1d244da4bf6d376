/**
 * CPU per request of the hub on the two read questions, less noisy than
 * throughput on a shared machine: the bench's data set in a scratch database,
 * a hub child, `READS_CPU_REQUESTS` (default 200) requests per question at
 * `READS_CPU_IN_FLIGHT` (4) at a time after a warm-up, the hub's user + system CPU time divided by the
 * requests, in `READS_CPU_ROUNDS` rounds (2).
 * `READS_CPU_COMPARE=<other build's dist>` also starts that build's hub on the
 * same database (after checking both answer the same bytes) and alternates
 * the two in each round: compare within a round.
 * `READS_CPU_PROFILE=1` writes a CPU profile of each hub's first round
 * (.bench-profiles/) and prints its top functions and places;
 * `READS_CPU_ALLOCATIONS=1` a sampling heap profile of everything allocated
 * (KB per request by function). `READS_CPU_NODE_ARGS` are flags for the hubs' node (e.g. `--trace-gc`).
 * `node dist/test/bench/reads-cpu.js` after `npm run build:server`, with DATABASE_URL.
 */
import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { signToken } from '../../src/auth/tokens';
import { migrateUp } from '../../src/db/migrate';
import { createOrm } from '../../src/db/orm';
import { createScratchDatabase } from '../../src/db/scratch';
import { entities } from '../../src/entities';
import { SEARCH_QUERY } from './http-bench';
import { buildNetwork, NETWORK_QUERY } from './network-data';
import { benchHubEnv, BENCH_SECRET, startHubChild, type HubChild } from './processes';
import { printAllocations, printProfile } from './profile-summary';
import { printTable } from './report';

const SECRET = BENCH_SECRET;
const TAG = 'Bench org';
const requests = Number(process.env.READS_CPU_REQUESTS ?? 200);
const inFlight = Number(process.env.READS_CPU_IN_FLIGHT ?? 4);
const rounds = Number(process.env.READS_CPU_ROUNDS ?? 2);

async function main() {
  const scratch = await createScratchDatabase(process.env.DATABASE_URL!, 'cnz_reads_cpu');
  try {
    const orm = await createOrm({ clientUrl: scratch.url, entities });
    await migrateUp(orm);
    await orm.close();
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    const network = await buildNetwork(client, {
      tag: TAG,
      organizations: 500,
      modulesPerPublisher: 20,
      opportunitiesPerBusiness: 16,
      partnershipsPerOpportunity: 3,
      membersPerOrganization: 4,
      viewerOrganizations: 50,
    });
    await client.query('analyze');
    await client.end();
    const token = await signToken(SECRET, { sub: network.viewerEmail, email: network.viewerEmail }, '4h');
    const hubEnv = benchHubEnv(scratch.url);
    const nodeArgs = (process.env.READS_CPU_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const hubs: Array<{ name: string; hub: HubChild }> = [{ name: 'this build', hub: await startHubChild(hubEnv, nodeArgs) }];
    const other = process.env.READS_CPU_COMPARE;
    if (other) hubs.push({ name: `other (${other})`, hub: await startHubChild(hubEnv, nodeArgs, path.resolve(other, 'test/bench/hub-process.js')) });
    try {
      const questions = [
        { name: 'catalogue search', body: JSON.stringify({ query: SEARCH_QUERY, variables: { search: 'flexible pacing', first: 20 } }) },
        { name: 'nested network (50 × 10)', body: JSON.stringify({ query: NETWORK_QUERY, variables: { search: TAG, organizations: 50, children: 10 } }) },
      ];
      const ask = async (hub: HubChild, body: string) => {
        const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
        const text = await response.text();
        if (!response.ok || text.includes('"errors"')) throw new Error(`hub answered ${response.status}: ${text.slice(0, 300)}`);
        return text;
      };
      const rows: string[][] = [];
      for (const question of questions) {
        const answers = await Promise.all(hubs.map(({ hub }) => ask(hub, question.body)));
        if (answers.some((answer) => answer !== answers[0])) throw new Error(`${question.name}: the hubs' answers differ`);
        const run = async (hub: HubChild, count: number) => {
          let next = 0;
          await Promise.all(
            Array.from({ length: inFlight }, async () => {
              while (next++ < count) await ask(hub, question.body);
            }),
          );
        };
        for (const { hub } of hubs) await run(hub, Math.max(20, requests / 4));
        for (let round = 1; round <= rounds; round++) {
          const order = round % 2 === 1 ? hubs : [...hubs].reverse();
          for (const { name, hub } of order) {
            const load = os.loadavg()[0].toFixed(2);
            const profile = Boolean(process.env.READS_CPU_PROFILE) && round === 1;
            const allocations = Boolean(process.env.READS_CPU_ALLOCATIONS) && round === 1;
            if (profile) hub.send({ type: 'profile-start' });
            if (allocations) hub.send({ type: 'allocations-start' });
            const before = await hub.cpuMs();
            const started = Date.now();
            await run(hub, requests);
            const cpu = (await hub.cpuMs()) - before;
            const wall = Date.now() - started;
            rows.push([
              question.name,
              String(round),
              name,
              load,
              String(requests),
              (cpu / requests).toFixed(2),
              ((requests * 1000) / wall).toFixed(1),
              String(answers[0].length),
            ]);
            if (allocations) {
              hub.send({ type: 'allocations-stop', name: question.name.split(' ')[0] });
              const { file } = await hub.next<{ file: string }>('allocations');
              printAllocations(`${name}: ${question.name}, KB allocated per request`, file, 30, requests);
            }
            if (profile) {
              hub.send({ type: 'profile-stop', name: question.name.split(' ')[0] });
              const { file } = await hub.next<{ file: string }>('profiled');
              printProfile(`${name}: ${question.name}, CPU ms per request`, file, 30, requests);
            }
          }
        }
      }
      printTable(
        'Hub CPU per request',
        ['question', 'round', 'hub', 'load before', 'requests', 'CPU ms / request', `req/s (${inFlight} in flight)`, 'bytes'],
        rows,
      );
    } finally {
      await Promise.all(hubs.map(({ hub }) => hub.stop()));
    }
  } finally {
    await scratch.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
