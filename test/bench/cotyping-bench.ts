/**
 * `npm run bench -- cotyping`: co-typing a waiver section (Yjs), the hub
 * beside Hocuspocus 3 (cotyping-hocuspocus.ts) in the same run.
 *
 * 1. Authors: COTYPING_AUTHORS (20) people typing into one section at once,
 *    a character every COTYPING_INTERVAL_MS (100) each for COTYPING_SECONDS
 *    (30), as the web app's client (cotyping-authors.ts): characters lost
 *    (typed but not in the stored text), whether every client converged to
 *    the stored text, and keystroke → arrival and keystroke → remote render
 *    (the other clients' Y.Text observer) p50/p99. Then the same clients on
 *    Hocuspocus.
 * 2. Readers: COTYPING_READERS (5000) sockets following one section
 *    (cotyping-readers.ts, 2,500 per process), one author typing
 *    COTYPING_KEYSTROKES (20) characters, one every COTYPING_KEYSTROKE_MS
 *    (500), pushed on the author's socket as the web app pushes them:
 *    keystroke → arrival p50/p99/max and the server's CPU per
 *    keystroke, the hub and Hocuspocus both up for the whole phase, warmed,
 *    in alternating rounds (hub, Hocuspocus, hub, Hocuspocus; COTYPING_ROUNDS
 *    pairs, 2), the load average printed before each.
 * 3. Memory: per connected reader ((after − before) / readers, each after a
 *    full GC, from phase 2) and per open document (COTYPING_DOCS (400)
 *    sections, one socket each, on a fresh server).
 *
 * COTYPING_PARTS ("authors,readers,memory") picks parts; COTYPING_PROFILE=1 prints the
 * servers' CPU profiles of the authors' typing and of each readers round. Everything is
 * bounded in time (COTYPING_TIMEOUT_S, 1800, for the whole bench) and every
 * child is killed when the bench ends, fails, or is interrupted; a server that
 * dies fails the bench with its name.
 */
import os from 'node:os';
import pg from 'pg';
import * as Y from 'yjs';
import { toGlobalId } from '../../src/domain/global-id';
import type { AuthorsResult } from './cotyping-authors';
import {
  b64,
  graphqlPost,
  hpSync,
  keyOf,
  openHocuspocus,
  openHubSubscription,
  PUSH_MUTATION,
  SECTION_BODY_QUERY,
  SocketOperations,
  SYNC_UPDATE,
  unb64,
  type GraphqlResult,
  type Selection,
} from './cotyping-protocol';
import { cpuMsOf, startChild, startHubChild, type Child } from './processes';
import { printProfile } from './profile-summary';
import { fixed, mb, percentile, printTable } from './report';

export interface CoTypingOptions {
  hubEnv: Record<string, string>;
  databaseUrl: string;
  secret: string;
  /** The authors' section (raw id): its text one paragraph per author. */
  authorsSectionId: string;
  /** The readers' section (raw id), of a request they are REVIEWERs of. */
  readersSectionId: string;
  authorTokens: string[];
  readerTokens: string[];
  /** The LEAD of every request (reads the stored text; follows many sections for the memory part). */
  viewerToken: string;
  execArgv?: string[];
}

const env = process.env;
const knob = (name: string, fallback: number) => Number(env[name] ?? fallback);
const PER_PROCESS = 2500;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

async function memoryOf(child: Child): Promise<Memory> {
  child.send({ type: 'memory' });
  return child.next<Memory>('memory', 60_000);
}

/** A server child and a promise that rejects, naming it, if it exits before `stop`. */
interface Server {
  name: string;
  child: Child;
  /** The hub's GraphQL URL, or Hocuspocus's ws URL. */
  url: string;
  died: Promise<never>;
  stopping: boolean;
}

/** Every child this bench started: killed on any way out. */
const started = new Set<Child>();
function track<T extends Child>(child: T): T {
  started.add(child);
  child.process.once('exit', () => started.delete(child));
  return child;
}
function killAll() {
  for (const child of started) child.process.kill('SIGKILL');
}

function watch(name: string, child: Child, url: string): Server {
  const server: Server = { name, child, url, stopping: false, died: undefined as unknown as Promise<never> };
  server.died = new Promise<never>((_, reject) =>
    child.process.once('exit', (code, signal) => {
      if (!server.stopping) reject(new Error(`${name} died during the co-typing bench (exit code ${code}, signal ${signal})`));
    }),
  );
  server.died.catch(() => undefined);
  return server;
}

async function stopServer(server: Server) {
  server.stopping = true;
  await server.child.stop();
}

/** Waits for `promise`, failing at once if one of `servers` dies meanwhile. */
function guarded<T>(servers: Server[], promise: Promise<T>): Promise<T> {
  return Promise.race([promise, ...servers.map((server) => server.died)]);
}

async function startHub(options: CoTypingOptions, gc: boolean): Promise<Server> {
  const hub = await startHubChild(options.hubEnv, [...(options.execArgv ?? []), ...(gc ? ['--expose-gc'] : [])]);
  track(hub);
  return watch('the hub', hub, hub.url);
}

async function startHocuspocus(options: CoTypingOptions, gc: boolean): Promise<Server> {
  const child = track(
    startChild('cotyping-hocuspocus', { DATABASE_URL: options.databaseUrl, JWT_SECRET: options.secret }, [
      ...(options.execArgv ?? []),
      ...(gc ? ['--expose-gc'] : []),
    ]),
  );
  const { port } = await child.next<{ port: number }>('ready', 60_000);
  return watch('Hocuspocus', child, `ws://127.0.0.1:${port}`);
}

// 1. Authors

interface AuthorsRow {
  server: string;
  protocol: 'hub' | 'hocuspocus';
  load: string;
  authors: number;
  typed: number;
  lost: number;
  extra: number;
  converged: boolean;
  storedMatches: boolean;
  result: AuthorsResult;
  serverCpuMs: number;
  revisions: number | null;
  updates: number | null;
}

async function countRows(databaseUrl: string, sectionId: string): Promise<{ revisions: number; updates: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const {
      rows: [row],
    } = await client.query<{ revisions: number; updates: number }>(
      `select (select count(*)::int from waiver_revisions where section_id = $1) as revisions,
              (select count(*)::int from waiver_section_updates where section_id = $1) as updates`,
      [sectionId],
    );
    return row;
  } finally {
    await client.end();
  }
}

async function authorsOn(options: CoTypingOptions, server: Server, protocol: 'hub' | 'hocuspocus', selection: Selection = 'web'): Promise<AuthorsRow> {
  const seconds = knob('COTYPING_SECONDS', 30);
  const authors = Math.min(knob('COTYPING_AUTHORS', 20), options.authorTokens.length);
  const intervalMs = knob('COTYPING_INTERVAL_MS', 100);
  const settleMs = 60_000;
  const sectionGlobalId = toGlobalId('WaiverSection', options.authorsSectionId);
  const label = protocol === 'hub' ? `${server.name}, ${selection === 'web' ? "the web app's selection (no author)" : 'with author'}` : server.name;
  const before = load();
  console.log(`[bench] co-typing, ${authors} authors on ${label} for ${seconds} s: load average before ${before}`);
  const rowsBefore = protocol === 'hub' ? await countRows(options.databaseUrl, options.authorsSectionId) : null;
  const child = track(startChild('cotyping-authors', {}));
  try {
    child.send({
      type: 'start',
      protocol,
      url: server.url,
      tokens: options.authorTokens.slice(0, authors),
      document: protocol === 'hub' ? sectionGlobalId : options.authorsSectionId,
      seconds,
      intervalMs,
      settleMs,
      selection,
    });
    const failed = child.next<{ message: string }>('failed', (seconds + 300) * 1000).then((m) => Promise.reject(new Error(`authors: ${m.message}`)));
    failed.catch(() => undefined);
    await guarded([server], Promise.race([child.next('connected', 120_000), failed]));
    const profiling = Boolean(env.COTYPING_PROFILE);
    if (profiling) server.child.send({ type: 'profile-start' });
    const cpuBefore = await cpuMsOf(server.child);
    const result = await guarded([server], Promise.race([child.next<AuthorsResult>('result', (seconds + 180) * 1000 + settleMs), failed]));
    const serverCpuMs = (await cpuMsOf(server.child)) - cpuBefore;
    if (profiling) {
      server.child.send({ type: 'profile-stop', name: `cotyping-authors-${protocol}` });
      const { file } = await server.child.next<{ file: string }>('profiled', 60_000);
      printProfile(
        `${label}, ${authors} authors typing (per push or update received)`,
        file,
        25,
        Math.max(1, result.pushes || result.typed.reduce((a, b) => a + b, 0)),
      );
    }
    let stored: string | null;
    if (protocol === 'hub') {
      const answer = await graphqlPost<{ node: { body: string } | null }>(server.url, options.viewerToken, SECTION_BODY_QUERY, { id: sectionGlobalId });
      stored = answer.data?.node?.body ?? null;
    } else {
      server.child.send({ type: 'text', name: options.authorsSectionId });
      stored = (await server.child.next<{ text: string | null }>('text', 10_000)).text;
    }
    // Lost: typed but not in the stored text; extra: in it more often than typed (neither should happen).
    let lost = 0;
    let extra = 0;
    result.letters.forEach((letter, i) => {
      let count = 0;
      for (let at = (stored ?? '').indexOf(letter); at >= 0; at = stored!.indexOf(letter, at + 1)) count++;
      const found = count - result.initialCounts[i];
      if (found < result.typed[i]) lost += result.typed[i] - found;
      else extra += found - result.typed[i];
    });
    const rowsAfter = protocol === 'hub' ? await countRows(options.databaseUrl, options.authorsSectionId) : null;
    return {
      server: label,
      protocol,
      load: before,
      authors,
      typed: result.typed.reduce((a, b) => a + b, 0),
      lost,
      extra,
      converged: result.converged,
      storedMatches: stored !== null && result.texts.every((text) => text === stored),
      result,
      serverCpuMs,
      revisions: rowsBefore && rowsAfter ? rowsAfter.revisions - rowsBefore.revisions : null,
      updates: rowsBefore && rowsAfter ? rowsAfter.updates - rowsBefore.updates : null,
    };
  } finally {
    await child.stop();
  }
}

async function runAuthors(options: CoTypingOptions): Promise<AuthorsRow[]> {
  const rows: AuthorsRow[] = [];
  for (const selection of (env.COTYPING_SELECTIONS ?? 'web,with-author').split(',') as Selection[]) {
    const hub = await startHub(options, false);
    try {
      rows.push(await authorsOn(options, hub, 'hub', selection));
    } finally {
      await stopServer(hub);
    }
  }
  const hocuspocus = await startHocuspocus(options, false);
  try {
    rows.push(await authorsOn(options, hocuspocus, 'hocuspocus'));
  } finally {
    await stopServer(hocuspocus);
  }
  const seconds = knob('COTYPING_SECONDS', 30);
  const interval = knob('COTYPING_INTERVAL_MS', 100);
  printTable(
    `Co-typing: ${rows[0]?.authors} authors in one section, a character every ${interval} ms each for ${seconds} s; keystroke → arrival at / render in the other authors' clients, ms`,
    [
      'server',
      'load before',
      'typed',
      'lost',
      'converged = stored',
      'arrival p50',
      'arrival p99',
      'render p50',
      'render p99',
      'render max',
      'pushes',
      'push p50',
      'push p99',
      'rate limited',
      'server CPU %',
      'client loop p99',
      'client CPU %',
    ],
    rows.map((r) => [
      r.server,
      r.load,
      r.typed,
      `${r.lost}${r.extra ? ` (+${r.extra})` : ''}`,
      r.converged && r.storedMatches ? 'yes' : `no (converged ${r.converged}, stored ${r.storedMatches})`,
      fixed(percentile(r.result.arrival, 50)),
      fixed(percentile(r.result.arrival, 99)),
      fixed(percentile(r.result.render, 50)),
      fixed(percentile(r.result.render, 99)),
      fixed(percentile(r.result.render, 100)),
      r.protocol === 'hub' ? r.result.pushes : '-',
      r.protocol === 'hub' ? fixed(percentile(r.result.pushMs, 50)) : '-',
      r.protocol === 'hub' ? fixed(percentile(r.result.pushMs, 99)) : '-',
      r.protocol === 'hub' ? r.result.rateLimited : '-',
      fixed((100 * r.serverCpuMs) / r.result.typingMs),
      fixed(r.result.loopDelayP99Ms),
      fixed((100 * r.result.clientCpuMs) / r.result.typingMs),
    ]),
  );
  for (const r of rows) {
    if (r.protocol === 'hub') {
      const p = (values: number[]) => `${fixed(percentile(values, 50))} / ${fixed(percentile(values, 99))}`;
      console.log(
        `[bench]   ${r.server}, where a keystroke's time goes (p50 / p99 ms): typed → its push sent ${p(r.result.queueMs)}; push round trip ${p(r.result.pushMs)}; push acknowledged → arrival at another author ${p(r.result.ackToArrivalMs)}; ${fixed(r.typed / Math.max(1, r.result.pushes), 1)} keystrokes per push`,
      );
    }
    if (r.revisions !== null) console.log(`[bench]   ${r.server}: ${r.updates} updates stored, ${r.revisions} revisions made for ${r.typed} keystrokes`);
    if (r.result.pushErrors.length) console.log(`[bench]   ${r.server}: push errors: ${r.result.pushErrors.slice(0, 5).join(' | ')}`);
    if (r.result.ended.length) console.log(`[bench]   ${r.server}: sockets ended: ${r.result.ended.slice(0, 5).join(' | ')}`);
    console.log(
      `[bench]   ${r.server}: samples ${r.result.arrival.length} arrivals, ${r.result.render.length} renders; settled in ${r.result.settleMs} ms; client loop delay max ${fixed(r.result.loopDelayMaxMs)} ms`,
    );
  }
  return rows;
}

// 2. Readers

/** One author's client typing into a document on either server, timing each keystroke. */
interface Writer {
  type(): Promise<string>;
  close(): void;
}

async function hubWriter(options: CoTypingOptions, server: Server, sectionGlobalId: string): Promise<Writer> {
  const doc = new Y.Doc();
  const text = doc.getText('body');
  const token = options.authorTokens[0];
  let first: () => void = () => undefined;
  const state = new Promise<void>((resolve) => (first = resolve));
  // Pushes go on the subscription's socket, as the web app sends them (src/web/waivers/sync.ts).
  const operations = new SocketOperations();
  const socket = await openHubSubscription(
    server.url,
    token,
    'web',
    { sectionId: sectionGlobalId, clientId: doc.clientID },
    (data) => {
      const sync = (JSON.parse(data.toString()) as { payload: GraphqlResult<{ waiverSectionSync: { kind: string; update: string | null } }> }).payload.data
        ?.waiverSectionSync;
      if (sync?.update) Y.applyUpdate(doc, unb64(sync.update), 'remote');
      if (sync?.kind === 'STATE') first();
    },
    (reason) => operations.closed(reason),
    operations,
  );
  await guarded([server], state);
  return {
    async type() {
      const key = keyOf(doc.clientID, Y.getState(doc.store, doc.clientID));
      const before = Y.encodeStateVector(doc);
      text.insert(text.length, 'x');
      const result = await operations.run<{ pushWaiverSectionUpdate: { outcome: string } }>(socket, PUSH_MUTATION, {
        input: { sectionId: sectionGlobalId, update: b64(Y.encodeStateAsUpdate(doc, before)) },
      });
      if (result.errors?.length) throw new Error(`push refused: ${JSON.stringify(result.errors).slice(0, 300)}`);
      return key;
    },
    close: () => socket.terminate(),
  };
}

async function hocuspocusWriter(options: CoTypingOptions, server: Server, documentName: string): Promise<Writer> {
  const doc = new Y.Doc();
  const text = doc.getText('body');
  const socket = await guarded(
    [server],
    openHocuspocus(server.url, documentName, options.authorTokens[0], Y.encodeStateVector(doc), {
      onDocument: (update) => Y.applyUpdate(doc, update, 'remote'),
      onMessage: () => undefined,
      answer: (stateVector) => Y.encodeStateAsUpdate(doc, stateVector),
      onEnd: () => undefined,
    }),
  );
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') socket.send(hpSync(documentName, SYNC_UPDATE, update));
  });
  return {
    async type() {
      const key = keyOf(doc.clientID, Y.getState(doc.store, doc.clientID));
      text.insert(text.length, 'x');
      return key;
    },
    close: () => socket.terminate(),
  };
}

interface ReadersRow {
  server: string;
  protocol: 'hub' | 'hocuspocus';
  round: number;
  load: string;
  readers: number;
  connectSeconds: number;
  delivered: number;
  expected: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  cpuPerKeystroke: number;
  perReader: { heap: number; rss: number };
  connectedRss: number;
}

type Variables = 'web' | 'shared';

async function readersRound(
  options: CoTypingOptions,
  server: Server,
  protocol: 'hub' | 'hocuspocus',
  round: number,
  variables: Variables,
): Promise<ReadersRow> {
  const readers = knob('COTYPING_READERS', 5000);
  const keystrokes = knob('COTYPING_KEYSTROKES', 20);
  const keystrokeMs = knob('COTYPING_KEYSTROKE_MS', 500);
  const label =
    protocol === 'hub' ? `${server.name}, ${variables === 'web' ? 'own clientId and stateVector (web app)' : 'same variables for all'}` : server.name;
  const before = load();
  console.log(`[bench] co-typing readers, round ${round}: ${readers} readers on ${label}: load average before ${before}`);
  const document = protocol === 'hub' ? toGlobalId('WaiverSection', options.readersSectionId) : options.readersSectionId;
  const idle = await memoryOf(server.child);
  const crowds = Array.from({ length: Math.ceil(readers / PER_PROCESS) }, () => track(startChild('cotyping-readers', {})));
  let writer: Writer | undefined;
  try {
    const shares = crowds.map((_, i) => Math.min(PER_PROCESS, readers - i * PER_PROCESS));
    const opening = Date.now();
    crowds.forEach((crowd, i) =>
      crowd.send({
        type: 'open',
        protocol,
        url: server.url,
        tokens: options.readerTokens.slice(i * PER_PROCESS, i * PER_PROCESS + shares[i]),
        documents: [document],
        count: shares[i],
        variables,
        selection: 'web',
      }),
    );
    await guarded(
      [server],
      Promise.all(
        crowds.map((crowd) =>
          Promise.race([crowd.next('opened', 300_000), crowd.next('failed', 300_000).then((m) => Promise.reject(new Error(`readers: ${String(m.message)}`)))]),
        ),
      ),
    );
    const connectSeconds = (Date.now() - opening) / 1000;
    writer = protocol === 'hub' ? await hubWriter(options, server, document) : await hocuspocusWriter(options, server, document);
    const everyone = (key: string, timeoutMs: number) =>
      guarded(
        [server],
        Promise.all(
          crowds.map(async (crowd) => {
            for (;;) if ((await crowd.next<{ key: string }>('complete', timeoutMs)).key === key) return;
          }),
        ),
      );
    // Warm-up: keystrokes until one reaches everyone (the server's code paths compiled, every subscription live).
    let warmed = false;
    for (let attempt = 0; attempt < 10 && !warmed; attempt++) {
      const key = await writer.type();
      warmed = await everyone(key, 15_000).then(
        () => true,
        () => false,
      );
    }
    if (!warmed) throw new Error(`${server.name}: no warm-up keystroke reached all ${readers} readers`);
    const connected = await memoryOf(server.child);
    const typedAt = new Map<string, number>();
    const profiling = Boolean(env.COTYPING_PROFILE);
    if (profiling) server.child.send({ type: 'profile-start' });
    const cpuBefore = await cpuMsOf(server.child);
    let last = '';
    for (let n = 0; n < keystrokes; n++) {
      const beat = Date.now();
      last = await guarded([server], writer.type());
      typedAt.set(last, beat);
      await sleep(Math.max(0, keystrokeMs - (Date.now() - beat)));
    }
    await everyone(last, 60_000).catch(() => undefined);
    const cpuPerKeystroke = ((await cpuMsOf(server.child)) - cpuBefore) / keystrokes;
    if (profiling) {
      server.child.send({ type: 'profile-stop', name: `cotyping-readers-${protocol}` });
      const { file } = await server.child.next<{ file: string }>('profiled', 60_000);
      printProfile(`${label}, ${readers} readers, round ${round}`, file, 25, keystrokes);
    }
    const latencies: number[] = [];
    let errors = 0;
    for (const crowd of crowds) {
      crowd.send({ type: 'close' });
      const report = await crowd.next<{ arrivals: Array<[string, number[]]>; errors: number }>('latencies', 60_000);
      errors += report.errors;
      for (const [key, times] of report.arrivals) {
        const at = typedAt.get(key);
        if (at !== undefined) for (const time of times) latencies.push(time - at);
      }
    }
    const kb = (bytes: number) => bytes / 1024 / readers;
    return {
      server: label,
      protocol,
      round,
      load: before,
      readers,
      connectSeconds,
      delivered: latencies.length,
      expected: readers * keystrokes,
      errors,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      cpuPerKeystroke,
      perReader: { heap: kb(connected.heapUsed - idle.heapUsed), rss: kb(connected.rss - idle.rss) },
      connectedRss: connected.rss,
    };
  } finally {
    writer?.close();
    await Promise.all(crowds.map((crowd) => crowd.stop()));
    await settled(server);
  }
}

/**
 * Waits (at most 120 s) until `server` is idle again once its clients left, so that the next round does not share
 * the machine with this one's disconnects: under 50 ms of CPU in a 500 ms window. Prints how long it took past 1 s.
 */
async function settled(server: Server): Promise<void> {
  const began = Date.now();
  let last = await cpuMsOf(server.child);
  while (Date.now() - began < 120_000) {
    await sleep(500);
    const now = await guarded([server], cpuMsOf(server.child));
    const busy = now - last;
    last = now;
    if (busy < 50) break;
  }
  const took = Date.now() - began;
  if (took > 1000) console.log(`[bench]   ${server.name} was busy for ${fixed(took / 1000, 1)} s after its clients disconnected`);
}

async function runReaders(options: CoTypingOptions): Promise<ReadersRow[]> {
  const rounds = knob('COTYPING_ROUNDS', 2);
  const hub = await startHub(options, true);
  const hocuspocus = await startHocuspocus(options, true).catch(async (error: unknown) => {
    await stopServer(hub);
    throw error;
  });
  const rows: ReadersRow[] = [];
  try {
    // Alternating: the hub (each way of subscribing), Hocuspocus after each.
    for (let round = 1; round <= rounds; round++) {
      for (const variables of (env.COTYPING_READER_VARIABLES ?? 'web,shared').split(',') as Variables[]) {
        rows.push(await readersRound(options, hub, 'hub', round, variables));
        rows.push(await readersRound(options, hocuspocus, 'hocuspocus', round, variables));
      }
    }
  } finally {
    await Promise.all([stopServer(hub), stopServer(hocuspocus)]);
  }
  const keystrokes = knob('COTYPING_KEYSTROKES', 20);
  const keystrokeMs = knob('COTYPING_KEYSTROKE_MS', 500);
  printTable(
    `Co-typing readers: ${rows[0]?.readers} sockets following one section, one author typing ${keystrokes} characters, one every ${keystrokeMs} ms; keystroke → arrival, ms; CPU of the serving process`,
    ['server', 'round', 'load before', 'readers', 'connect s', 'delivered', 'p50', 'p99', 'max', 'CPU ms/keystroke', 'RSS connected'],
    rows.map((r) => [
      r.server,
      r.round,
      r.load,
      r.readers,
      fixed(r.connectSeconds, 1),
      `${r.delivered}/${r.expected}${r.errors ? ` (${r.errors} errors)` : ''}`,
      fixed(r.p50),
      fixed(r.p99),
      fixed(r.max),
      fixed(r.cpuPerKeystroke),
      mb(r.connectedRss),
    ]),
  );
  return rows;
}

// 3. Memory per open document

interface DocumentsRow {
  server: string;
  protocol: 'hub' | 'hocuspocus';
  documents: number;
  load: string;
  perDocument: { heap: number; rss: number };
}

async function documentsOn(options: CoTypingOptions, server: Server, protocol: 'hub' | 'hocuspocus', sectionIds: string[]): Promise<DocumentsRow> {
  const before = load();
  console.log(`[bench] co-typing memory: ${sectionIds.length} documents open on ${server.name}: load average before ${before}`);
  const idle = await memoryOf(server.child);
  const crowd = track(startChild('cotyping-readers', {}));
  try {
    crowd.send({
      type: 'open',
      protocol,
      url: server.url,
      tokens: [options.viewerToken],
      documents: protocol === 'hub' ? sectionIds.map((id) => toGlobalId('WaiverSection', id)) : sectionIds,
      count: sectionIds.length,
      variables: 'web',
      selection: 'web',
    });
    await guarded(
      [server],
      Promise.race([crowd.next('opened', 300_000), crowd.next('failed', 300_000).then((m) => Promise.reject(new Error(`documents: ${String(m.message)}`)))]),
    );
    // The last handshakes' work settles.
    await sleep(1000);
    const open = await memoryOf(server.child);
    const kb = (bytes: number) => bytes / 1024 / sectionIds.length;
    return {
      server: server.name,
      protocol,
      documents: sectionIds.length,
      load: before,
      perDocument: { heap: kb(open.heapUsed - idle.heapUsed), rss: kb(open.rss - idle.rss) },
    };
  } finally {
    await crowd.stop();
  }
}

async function runDocuments(options: CoTypingOptions, readers: ReadersRow[]): Promise<void> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ id: string }>('select id from waiver_sections where id <> all($1::uuid[]) order by waiver_request_id, position limit $2', [
      [options.authorsSectionId, options.readersSectionId],
      knob('COTYPING_DOCS', 400),
    ])
    .finally(() => client.end());
  const sectionIds = rows.map((row) => row.id);
  const results: DocumentsRow[] = [];
  for (const protocol of ['hub', 'hocuspocus'] as const) {
    const server = protocol === 'hub' ? await startHub(options, true) : await startHocuspocus(options, true);
    try {
      results.push(await documentsOn(options, server, protocol, sectionIds));
    } finally {
      await stopServer(server);
    }
  }
  // The hub's readers as the web app subscribes.
  const lastReaders = (protocol: string) => [...readers].reverse().find((r) => r.protocol === protocol && !r.server.includes('same variables'));
  printTable(
    'Co-typing memory, KB, each figure after a full garbage collection: per connected reader ((connected − idle) / readers, one section, after the warm-up keystroke reached everyone; last round) and per open document (' +
      `${sectionIds.length} sections, one socket each: (open − idle) / sections, so one socket's share included)`,
    ['server', 'load before', 'JS heap / reader', 'RSS / reader', 'JS heap / document', 'RSS / document'],
    results.map((r) => {
      const reader = lastReaders(r.protocol);
      return [
        r.server,
        r.load,
        reader ? fixed(reader.perReader.heap, 1) : '-',
        reader ? fixed(reader.perReader.rss, 1) : '-',
        fixed(r.perDocument.heap, 1),
        fixed(r.perDocument.rss, 1),
      ];
    }),
  );
}

export async function runCoTypingBench(options: CoTypingOptions): Promise<void> {
  const parts = new Set((env.COTYPING_PARTS ?? 'authors,readers,memory').split(','));
  const timeoutS = knob('COTYPING_TIMEOUT_S', 1800);
  const onSignal = () => {
    killAll();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killAll);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the co-typing bench ran past COTYPING_TIMEOUT_S (${timeoutS} s)`)), timeoutS * 1000);
  });
  console.log(
    `\n[bench] co-typing: load average ${load()}; parts ${[...parts].join(', ')}; knobs: COTYPING_SECONDS ${knob('COTYPING_SECONDS', 30)}, COTYPING_READERS ${knob('COTYPING_READERS', 5000)}`,
  );
  try {
    await Promise.race([
      (async () => {
        if (parts.has('authors')) await runAuthors(options);
        let readers: ReadersRow[] = [];
        if (parts.has('readers')) readers = await runReaders(options);
        if (parts.has('memory')) await runDocuments(options, readers);
      })(),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
    killAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
