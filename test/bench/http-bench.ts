/**
 * HTTP: the hub beside the floor and PostGraphile for three questions
 * (catalogue search, the nested network query, one waiver request; PostGraphile
 * is asked the first two), with autocannon.
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { fixed, printTable } from './report';

export const SEARCH_QUERY = /* GraphQL */ `
  query Catalogue($search: String!, $first: Int!) {
    learningModules(first: $first, filter: { search: $search }) {
      totalCount
      edges {
        cursor
        node {
          id
          title
          summary
          competencies
          format
          durationHours
          publisher {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const WAIVER_QUERY = /* GraphQL */ `
  query Waiver($id: ID!, $comments: Int!) {
    waiverRequest(id: $id) {
      id
      title
      kind
      status
      updatedAt
      leadDistrict {
        id
        name
      }
      districts {
        id
        name
      }
      collaborators {
        role
        user {
          id
          displayName
        }
      }
      sections {
        id
        key
        title
        body
        position
        version
        updatedBy {
          id
          displayName
        }
      }
      comments(first: $comments) {
        totalCount
        edges {
          node {
            id
            body
            quote
            resolved
            author {
              id
              displayName
            }
            section {
              id
            }
          }
        }
      }
    }
  }
`;

/** How one server is asked a question: where to post what. */
export interface Asking {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface Question {
  key: string;
  name: string;
  /**
   * What must agree between the servers' answers, read from the answer's
   * `data`: totals and every id (as its row's uuid) in the order given.
   */
  answer: (data: unknown) => string[];
  /** The question as each server asks it; a server without one is not asked this question. */
  ask: Partial<Record<ServerName, { body: string; path?: string; answer?: (data: unknown) => string[] }>>;
}

export type ServerName = 'hub' | 'PostGraphile' | 'floor';

/** A server under measurement: its base URL and headers, and its CPU time so far (ms). */
export interface Server {
  name: ServerName;
  url: string;
  headers: Record<string, string>;
  cpuMs(): Promise<number>;
}

interface Measured {
  requests: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
  cpuPerRequest: number;
}

async function cannon(asking: Asking, seconds: number, connections: number): Promise<Omit<Measured, 'cpuPerRequest'>> {
  const result = await autocannon({
    url: asking.url,
    method: 'POST',
    body: asking.body,
    headers: { 'content-type': 'application/json', ...asking.headers },
    connections,
    duration: seconds,
  });
  // Requests over the whole run (autocannon's per-second average rounds a slow server's seconds down to 0).
  return {
    requests: result.requests.total / seconds,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** An answer as the servers send it: `{ data }`, and `errors` when one refused. */
interface Answer {
  data?: unknown;
  errors?: unknown[];
}

async function post(asking: Asking): Promise<Answer> {
  const response = await fetch(asking.url, { method: 'POST', body: asking.body, headers: { 'content-type': 'application/json', ...asking.headers } });
  if (!response.ok) throw new Error(`${asking.url}: HTTP ${response.status} ${(await response.text()).slice(0, 500)}`);
  return (await response.json()) as Answer;
}

/** A row's uuid from a global id (base64url of `Type:uuid`, the hub's and the floor's) or from a uuid (PostGraphile's `id`). */
export function rowId(id: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id)) return id.toLowerCase();
  return Buffer.from(id, 'base64url').toString('utf8').split(':')[1] ?? id;
}

/** The 1-minute load average, as printed before each run. */
export const load = () => os.loadavg()[0].toFixed(2);

/**
 * Each question on every server that is asked it: the answers are compared
 * (totals, ids and their order) before anything is timed, every server gets
 * the same warm-up, then `rounds` runs alternate the order (first as given,
 * then reversed). Prints one table with every run and the ratios.
 */
export async function runHttpBench(
  servers: Server[],
  questions: Question[],
  options: { seconds: number; connections: number; warmupSeconds: number; rounds: number },
) {
  const { seconds, connections, warmupSeconds, rounds } = options;
  const rows: Array<Array<string | number>> = [];
  const names = servers.map((server) => server.name);
  const results: Array<{ question: string; round: number; load: string; measured: Partial<Record<ServerName, Measured>> }> = [];
  for (const question of questions) {
    const asked = servers.filter((server) => question.ask[server.name]);
    const askings = new Map(
      asked.map((server) => {
        const ask = question.ask[server.name]!;
        return [server.name, { url: `${server.url}${ask.path ?? ''}`, body: ask.body, headers: server.headers }] as const;
      }),
    );

    // The same answer from every server, before measuring.
    const bytes: string[] = [];
    let reference: { name: string; answer: string[] } | undefined;
    for (const server of asked) {
      const answer = await post(askings.get(server.name)!);
      if (answer.errors) throw new Error(`${question.name}: ${server.name} answered with errors ${JSON.stringify(answer.errors).slice(0, 500)}`);
      const read = (question.ask[server.name]!.answer ?? question.answer)(answer.data);
      if (read.length < 2) throw new Error(`${question.name}: ${server.name}'s answer is empty`);
      if (reference && JSON.stringify(read) !== JSON.stringify(reference.answer)) {
        const at = read.findIndex((value, i) => value !== reference!.answer[i]);
        throw new Error(
          `${question.name}: ${server.name} and ${reference.name} disagree at item ${at} of ${read.length}/${reference.answer.length} (${read[at]} vs ${reference.answer[at]})`,
        );
      }
      reference ??= { name: server.name, answer: read };
      bytes.push(`${server.name} ${JSON.stringify(answer).length}`);
    }
    console.log(
      `[bench] ${question.name}: ${asked.map((s) => s.name).join(', ')} agree on ${reference!.answer.length} totals and ids, in order; bytes ${bytes.join(', ')}`,
    );

    for (const server of asked) {
      console.log(`[bench] ${question.name}: warm-up of ${server.name}, ${warmupSeconds} s (load ${load()})`);
      await cannon(askings.get(server.name)!, warmupSeconds, connections);
    }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? asked : [...asked].reverse();
      const before = load();
      console.log(
        `[bench] ${question.name}, run ${round + 1} (${order.map((s) => s.name).join(' → ')}): load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      const measured: Partial<Record<ServerName, Measured>> = {};
      for (const server of order) {
        const cpuBefore = await server.cpuMs();
        const result = await cannon(askings.get(server.name)!, seconds, connections);
        measured[server.name] = { ...result, cpuPerRequest: ((await server.cpuMs()) - cpuBefore) / Math.max(1, result.total) };
        console.log(`[bench]   ${server.name}: ${fixed(result.requests)} req/s, p99 ${result.p99} ms (load after ${load()})`);
      }
      results.push({ question: question.name, round: round + 1, load: before, measured });
      const rate = (name: ServerName) => measured[name]?.requests ?? NaN;
      rows.push([
        question.name,
        `${round + 1}: ${order.map((s) => s.name).join(' → ')}`,
        before,
        ...names.map((name) => fixed(rate(name), rate(name) < 20 ? 1 : 0)),
        ...names.map((name) => fixed(measured[name]?.p99 ?? NaN)),
        ...names.map((name) => fixed(measured[name]?.cpuPerRequest ?? NaN, 1)),
        fixed(rate('hub') / rate('floor'), 2),
        fixed(rate('PostGraphile') / rate('floor'), 2),
        fixed(rate('hub') / rate('PostGraphile'), 2),
        Object.values(measured).reduce((sum, m) => sum + m.errors, 0),
      ]);
    }
  }
  printTable(
    `HTTP: ${connections} connections, ${seconds} s per run after a ${warmupSeconds} s warm-up of each server; run 2 reverses run 1's order (latency in ms; CPU is the serving process's, per request)`,
    [
      'question',
      'run (order)',
      'load before',
      ...names.map((n) => `${n} req/s`),
      ...names.map((n) => `${n} p99`),
      ...names.map((n) => `${n} CPU ms`),
      'hub/floor',
      'PostGraphile/floor',
      'hub/PostGraphile',
      'errors',
    ],
    rows,
  );
  return results;
}
