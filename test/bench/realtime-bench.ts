/**
 * Realtime: fan-out of section edits to thousands of subscribers (in one
 * process, and across two instances through Redis), and co-editing
 * throughput on one section with many authors.
 */
import os from 'node:os';
import { cpuMsOf, startChild, startHubChild, type Child, type HubChild } from './processes';
import { printProfile } from './profile-summary';
import { fixed, mb, percentile, printTable } from './report';

/** A child's memory after a full garbage collection (the fan-out's hubs and floor run with --expose-gc). */
interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

async function memoryOf(child: Child): Promise<Memory> {
  child.send({ type: 'memory' });
  return child.next<Memory>('memory', 30_000);
}

/** What one connection keeps: (connected - idle) / count, in KB. */
function perConnection(idle: Memory, connected: Memory, count: number) {
  const kb = (bytes: number) => bytes / 1024 / count;
  return {
    heap: kb(connected.heapUsed - idle.heapUsed),
    heapCommitted: kb(connected.heapTotal - idle.heapTotal),
    external: kb(connected.external - idle.external),
    rss: kb(connected.rss - idle.rss),
  };
}

/** Stops a profile of the edit stream and prints where the time went, per edit. */
async function profileStop(child: Child, name: string, title: string, edits: number) {
  child.send({ type: 'profile-stop', name });
  const { file } = await child.next<{ file: string }>('profiled', 60_000);
  printProfile(title, file, 20, edits);
}

const EDIT = /* GraphQL */ `
  mutation Edit($input: EditWaiverSectionInput!) {
    editWaiverSection(input: $input) {
      outcome
      version
      body
      conflict {
        currentVersion
        currentBody
      }
    }
  }
`;

interface EditResult {
  outcome: 'APPLIED' | 'MERGED' | 'UNCHANGED' | 'CONFLICT';
  version: number | null;
  body: string | null;
  conflict: { currentVersion: number; currentBody: string } | null;
}

async function edit(url: string, token: string, input: Record<string, unknown>): Promise<EditResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: EDIT, variables: { input } }),
  });
  const body = (await response.json()) as { data?: { editWaiverSection: EditResult }; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`editWaiverSection failed: ${JSON.stringify(body.errors).slice(0, 400)}`);
  return body.data.editWaiverSection;
}

export interface FanOutOptions {
  hubEnv: Record<string, string>;
  redisUrl?: string;
  /** The editor's token (the request's LEAD). */
  token: string;
  /** Subscribers' tokens, one person each. */
  subscriberTokens: string[];
  waiverRequestId: string;
  /** The section the stream edits (global id) and its text. */
  sectionId: string;
  sectionBody: string;
  subscriberCounts: number[];
  edits: number;
  editIntervalMs: number;
  execArgv?: string[];
  /** A CPU profile of the edit stream in the subscribers' hub and in the floor, summarized after each run. */
  profile?: boolean;
  /** The hubs before the floor (the default: the floor first). */
  hubFirst?: boolean;
}

/** Subscribers per subscriber process (one per core here): the floor and the hub are measured by the same crowd. */
const PER_PROCESS = 2500;

async function fanOutOnce(options: FanOutOptions, count: number, distributed: boolean, version: { current: number }) {
  const env = { ...options.hubEnv, ...(distributed ? { REDIS_URL: options.redisUrl! } : {}) };
  const execArgv = [...(options.execArgv ?? []), '--expose-gc'];
  const writer = await startHubChild(env, execArgv);
  const reader: HubChild = distributed ? await startHubChild(env, execArgv) : writer;
  const crowds = Array.from({ length: Math.ceil(count / PER_PROCESS) }, () => startChild('subscribers', {}));
  try {
    const idleRss = await reader.rss();
    const idleMemory = await memoryOf(reader);
    if (process.env.BENCH_HEAP_SNAPSHOT) {
      reader.send({ type: 'heap', name: `idle-${count}` });
      await reader.next('heaped', 120_000);
    }
    const shares = crowds.map((_, i) => Math.min(PER_PROCESS, count - i * PER_PROCESS));
    const opened = Date.now();
    crowds.forEach((crowd, i) =>
      crowd.send({
        type: 'open',
        urls: [reader.url],
        tokens: options.subscriberTokens.slice(i * PER_PROCESS, i * PER_PROCESS + shares[i]),
        waiverRequestId: options.waiverRequestId,
        count: shares[i],
      }),
    );
    await Promise.all(
      crowds.map((crowd) =>
        Promise.race([crowd.next('opened', 180_000), crowd.next('failed', 180_000).then((m) => Promise.reject(new Error(String(m.message))))]),
      ),
    );
    const connectSeconds = (Date.now() - opened) / 1000;
    const connectedRss = await reader.rss();

    const send = async (n: number) => {
      const result = await edit(writer.url, options.token, {
        sectionId: options.sectionId,
        baseVersion: version.current,
        body: `${options.sectionBody}\n\nStream edit ${n} at ${Date.now()}.`,
      });
      version.current = result.version!;
      return result.version!;
    };
    const everyone = (v: number, timeoutMs: number) =>
      Promise.all(
        crowds.map(async (crowd) => {
          for (;;) {
            const message = await crowd.next<{ version: number }>('complete', timeoutMs);
            if (message.version === v) return;
          }
        }),
      );

    // Warm-up: subscriptions are registered once an edit reaches everyone (bounded retries).
    let warmed = false;
    for (let attempt = 0; attempt < 5 && !warmed; attempt++) {
      const v = await send(-attempt);
      warmed = await everyone(v, 10_000).then(
        () => true,
        () => false,
      );
    }
    if (!warmed) throw new Error(`fan-out ${count}: the warm-up edit did not reach every subscriber`);
    // Every subscription registered and one event delivered: what the hub keeps per connection from here on.
    const memory = perConnection(idleMemory, await memoryOf(reader), count);
    if (process.env.BENCH_HEAP_SNAPSHOT) {
      reader.send({ type: 'heap', name: `connected-${count}` });
      await reader.next('heaped', 120_000);
    }

    const versions: number[] = [];
    let peakRss = connectedRss;
    const profiling = Boolean(options.profile);
    if (profiling) reader.send({ type: 'profile-start' });
    const cpuBefore = await reader.cpuMs();
    for (let n = 1; n <= options.edits; n++) {
      const started = Date.now();
      versions.push(await send(n));
      if (n % 5 === 0) peakRss = Math.max(peakRss, await reader.rss());
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.editIntervalMs - (Date.now() - started))));
    }
    const delivered = await everyone(versions[versions.length - 1], 60_000).then(
      () => true,
      () => false,
    );
    const cpuPerEdit = ((await reader.cpuMs()) - cpuBefore) / options.edits;
    if (profiling)
      await profileStop(
        reader,
        `stream-${count}-${distributed ? 'redis' : 'local'}`,
        `Hub (${distributed ? 'two hubs, Redis' : 'one hub'}), ${count} subscribers, ${options.edits} edits`,
        options.edits,
      );
    peakRss = Math.max(peakRss, await reader.rss());

    const all: number[] = [];
    let errors = 0;
    for (const crowd of crowds) {
      crowd.send({ type: 'close' });
      const message = await crowd.next<{ latencies: Array<[number, number[]]>; errors: number }>('latencies', 60_000);
      errors += message.errors;
      for (const [v, list] of message.latencies) if (versions.includes(v)) all.push(...list);
      slowest(message.latencies, versions);
    }
    return {
      mode: distributed ? 'two hubs, Redis' : 'one hub, in-process',
      count,
      connectSeconds,
      idleRss,
      connectedRss,
      peakRss,
      cpuPerEdit,
      memory,
      deliveries: all.length,
      expected: count * versions.length,
      complete: delivered,
      errors,
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      max: percentile(all, 100),
    };
  } finally {
    await Promise.all(crowds.map((crowd) => crowd.stop()));
    await writer.stop();
    if (reader !== writer) await reader.stop();
  }
}

/** Prints the three edits whose last delivery came latest (one crowd's view): a slow tail from one edit or from all. */
function slowest(latencies: Array<[number, number[]]>, versions: number[]) {
  const worst = latencies
    .filter(([v]) => versions.includes(v))
    .map(([v, list]) => [v, Math.max(...list), percentile(list, 50)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  console.log(`[bench]   slowest edits (version: max / p50 ms): ${worst.map(([v, max, p50]) => `${v}: ${max} / ${p50}`).join(', ')}`);
}

/** The same stream through the fan-out floor (fanout-floor.ts): what sockets and JSON alone cost here. */
async function fanOutFloor(options: FanOutOptions, count: number) {
  const floor = startChild('fanout-floor', {}, ['--expose-gc']);
  const crowds = Array.from({ length: Math.ceil(count / PER_PROCESS) }, () => startChild('subscribers', {}));
  try {
    const { port } = await floor.next<{ port: number }>('ready');
    const rss = async () => {
      floor.send({ type: 'rss' });
      return (await floor.next<{ rss: number }>('rss', 10_000)).rss;
    };
    const idleRss = await rss();
    const idleMemory = await memoryOf(floor);
    const shares = crowds.map((_, i) => Math.min(PER_PROCESS, count - i * PER_PROCESS));
    const opened = Date.now();
    crowds.forEach((crowd, i) => crowd.send({ type: 'open', urls: [`ws://127.0.0.1:${port}`], tokens: [], waiverRequestId: '', count: shares[i] }));
    await Promise.all(crowds.map((crowd) => crowd.next('opened', 180_000)));
    const connectSeconds = (Date.now() - opened) / 1000;
    const connectedRss = await rss();
    // The last subscribe messages are in flight when the crowds report `opened`.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const memory = perConnection(idleMemory, await memoryOf(floor), count);
    let peakRss = connectedRss;
    const versions: number[] = [];
    const profiling = Boolean(options.profile);
    if (profiling) floor.send({ type: 'profile-start' });
    const cpuBefore = await cpuMsOf(floor);
    for (let n = 1; n <= options.edits; n++) {
      const started = Date.now();
      floor.send({ type: 'broadcast', version: n, body: `${options.sectionBody}\n\nStream edit ${n} at ${Date.now()}.`, sectionId: options.sectionId });
      versions.push(n);
      await floor.next('sent', 30_000);
      if (n % 5 === 0) peakRss = Math.max(peakRss, await rss());
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.editIntervalMs - (Date.now() - started))));
    }
    const delivered = await Promise.all(
      crowds.map(async (crowd) => {
        for (;;) if ((await crowd.next<{ version: number }>('complete', 60_000)).version === options.edits) return;
      }),
    ).then(
      () => true,
      () => false,
    );
    const cpuPerEdit = ((await cpuMsOf(floor)) - cpuBefore) / options.edits;
    if (profiling) await profileStop(floor, `floor-${count}`, `Floor, ${count} subscribers, ${options.edits} edits`, options.edits);
    const all: number[] = [];
    for (const crowd of crowds) {
      crowd.send({ type: 'close' });
      const message = await crowd.next<{ latencies: Array<[number, number[]]> }>('latencies', 60_000);
      for (const [, list] of message.latencies) all.push(...list);
      slowest(message.latencies, versions);
    }
    return {
      mode: 'floor: bare ws, one process',
      count,
      connectSeconds,
      idleRss,
      connectedRss,
      peakRss,
      cpuPerEdit,
      memory,
      deliveries: all.length,
      expected: count * versions.length,
      complete: delivered,
      errors: 0,
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      max: percentile(all, 100),
    };
  } finally {
    await Promise.all(crowds.map((crowd) => crowd.stop()));
    await floor.stop();
  }
}

export async function runFanOutBench(options: FanOutOptions) {
  const version = { current: 1 };
  console.log(
    `[bench] fan-out: load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const results: Array<Awaited<ReturnType<typeof fanOutFloor>> & { load: string }> = [];
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const floors = async () => {
    for (const count of options.subscriberCounts) {
      const before = load();
      console.log(`[bench] fan-out floor, ${count} subscribers: load average before ${before}`);
      const result = await fanOutFloor(options, count);
      results.push({ ...result, load: before });
      console.log(`[bench] fan-out floor, ${count} subscribers: p99 ${result.p99} ms, ${result.deliveries}/${result.expected} delivered`);
    }
  };
  const hubs = async () => {
    const modes = options.redisUrl ? [false, true] : [false];
    if (!options.redisUrl) console.log('\n[bench] REDIS_URL is unset: the fan-out across two instances through Redis is skipped');
    for (const distributed of modes) {
      for (const count of options.subscriberCounts) {
        const before = load();
        console.log(`[bench] fan-out ${distributed ? 'two hubs' : 'one hub'}, ${count} subscribers: load average before ${before}`);
        const result = await fanOutOnce(options, count, distributed, version);
        results.push({ ...result, load: before });
        console.log(`[bench] fan-out ${result.mode}, ${count} subscribers: p99 ${result.p99} ms, ${result.deliveries}/${result.expected} delivered`);
      }
    }
  };
  // The order alternates between runs of the bench (`npm run bench -- fanout hub-first`): both are shown in the README.
  if (options.hubFirst) {
    await hubs();
    await floors();
  } else {
    await floors();
    await hubs();
  }
  printTable(
    `Subscriptions: ${options.edits} section edits, one every ${options.editIntervalMs} ms, commit → delivery in ms; RSS and CPU time per edit of the subscribers' hub`,
    ['mode', 'load before', 'subscribers', 'connect s', 'delivered', 'p50', 'p99', 'max', 'CPU ms/edit', 'RSS idle', 'RSS connected', 'RSS peak'],
    results.map((r) => [
      r.mode,
      r.load,
      r.count,
      fixed(r.connectSeconds, 1),
      `${r.deliveries}/${r.expected}${r.errors ? ` (${r.errors} errors)` : ''}`,
      fixed(r.p50),
      fixed(r.p99),
      fixed(r.max),
      fixed(r.cpuPerEdit),
      mb(r.idleRss),
      mb(r.connectedRss),
      mb(r.peakRss),
    ]),
  );
  printTable(
    'Per connection: (memory subscribed - memory idle) / subscribers, each after a full garbage collection, in KB (the hub: after the warm-up edit reached everyone)',
    ['mode', 'subscribers', 'JS heap', 'JS heap committed', 'external (buffers)', 'RSS'],
    results.map((r) => [r.mode, r.count, fixed(r.memory.heap, 1), fixed(r.memory.heapCommitted, 1), fixed(r.memory.external, 1), fixed(r.memory.rss, 1)]),
  );
  return results;
}

export interface CoEditOptions {
  hubEnv: Record<string, string>;
  tokens: string[];
  sectionId: string;
  sectionBody: string;
  seconds: number;
  execArgv?: string[];
}

/** Each author rewrites their own paragraph from the version they last saw, as fast as the hub accepts. */
export async function runCoEditBench(options: CoEditOptions) {
  const hub = await startHubChild(options.hubEnv, options.execArgv);
  try {
    const tally = { APPLIED: 0, MERGED: 0, UNCHANGED: 0, CONFLICT: 0, errors: 0 };
    const latencies: number[] = [];
    const deadline = Date.now() + options.seconds * 1000;
    const first = await edit(hub.url, options.tokens[0], { sectionId: options.sectionId, baseVersion: 1, body: options.sectionBody });
    const startVersion = first.version ?? 1;
    await Promise.all(
      options.tokens.map(async (token, author) => {
        let base = { version: startVersion, body: options.sectionBody };
        for (let n = 1; Date.now() < deadline && n <= 100_000; n++) {
          const lines = base.body.split('\n\n');
          lines[author] = `Paragraph ${author + 1}: author ${author + 1}, draft ${n}.`;
          const started = Date.now();
          try {
            const result = await edit(hub.url, token, { sectionId: options.sectionId, baseVersion: base.version, body: lines.join('\n\n') });
            latencies.push(Date.now() - started);
            tally[result.outcome]++;
            if (result.conflict) base = { version: result.conflict.currentVersion, body: result.conflict.currentBody };
            else base = { version: result.version!, body: result.body! };
          } catch {
            tally.errors++;
          }
        }
      }),
    );
    const accepted = tally.APPLIED + tally.MERGED;
    printTable(
      `Co-editing: ${options.tokens.length} authors on one section for ${options.seconds} s (each rewrites their own paragraph from the version they last saw)`,
      ['accepted edits/s', 'applied', 'merged', 'conflicts', 'errors', 'p50 ms', 'p99 ms'],
      [
        [
          fixed(accepted / options.seconds, 1),
          tally.APPLIED,
          tally.MERGED,
          tally.CONFLICT,
          tally.errors,
          fixed(percentile(latencies, 50)),
          fixed(percentile(latencies, 99)),
        ],
      ],
    );
    return { accepted, perSecond: accepted / options.seconds, ...tally };
  } finally {
    await hub.stop();
  }
}
