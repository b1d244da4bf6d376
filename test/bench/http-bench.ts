/**
 * HTTP: the hub beside the floor for three questions (catalogue search, the
 * nested network query, one waiver request), with autocannon.
 */
import autocannon from 'autocannon';
import { fixed, printTable } from './report';

export const SEARCH_QUERY = /* GraphQL */ `
  query Catalogue($search: String!, $first: Int!) {
    learningModules(first: $first, filter: { search: $search }) {
      totalCount
      edges { cursor node { id title summary competencies format durationHours publisher { id name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const WAIVER_QUERY = /* GraphQL */ `
  query Waiver($id: ID!, $comments: Int!) {
    waiverRequest(id: $id) {
      id title kind status updatedAt
      leadDistrict { id name }
      districts { id name }
      collaborators { role user { id displayName } }
      sections { id key title body position version updatedBy { id displayName } }
      comments(first: $comments) { totalCount edges { node { id body quote resolved author { id displayName } section { id } } } }
    }
  }
`;

export interface Question {
  key: string;
  name: string;
  query: string;
  floorPath: string;
  variables: Record<string, unknown>;
  /** A number that must match between the hub's and the floor's answers (e.g. how many edges), read from the answer's `data`. */
  check: (data: unknown) => number;
}

export interface HttpTarget {
  hubUrl: string;
  floorUrl: string;
  token: string;
  viewerEmail: string;
}

interface Measured {
  requests: number;
  p50: number;
  p99: number;
  errors: number;
}

async function cannon(url: string, body: string, headers: Record<string, string>, seconds: number, connections: number): Promise<Measured> {
  const result = await autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, connections, duration: seconds });
  return { requests: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + result.timeouts };
}

/** An answer as both servers send it: `{ data }`, and `errors` from the hub when it refused. */
interface Answer {
  data?: unknown;
  errors?: unknown[];
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Answer;
}

/** Measures each question on the hub and on the floor, prints the table, returns the rows. */
export async function runHttpBench(target: HttpTarget, questions: Question[], seconds: number, connections: number) {
  const rows: Array<Array<string | number>> = [];
  const results: Array<{ name: string; hub: Measured; floor: Measured }> = [];
  for (const question of questions) {
    const hubBody = JSON.stringify({ query: question.query, variables: question.variables });
    const hubHeaders = { authorization: `Bearer ${target.token}` };
    const floorBody = JSON.stringify(question.variables);
    const floorHeaders = { 'x-viewer': target.viewerEmail };
    const floorUrl = `${target.floorUrl}${question.floorPath}`;

    // Same answer from both, before measuring.
    const hubAnswer = await post(target.hubUrl, hubBody, hubHeaders);
    if (hubAnswer.errors) throw new Error(`${question.name}: hub answered with errors ${JSON.stringify(hubAnswer.errors).slice(0, 500)}`);
    const floorAnswer = await post(floorUrl, floorBody, floorHeaders);
    const [hubCheck, floorCheck] = [question.check(hubAnswer.data), question.check(floorAnswer.data)];
    if (hubCheck !== floorCheck || hubCheck === 0) throw new Error(`${question.name}: hub and floor disagree (${hubCheck} vs ${floorCheck})`);
    const bytes = [JSON.stringify(hubAnswer).length, JSON.stringify(floorAnswer).length];

    const hub = await cannon(target.hubUrl, hubBody, hubHeaders, seconds, connections);
    const floor = await cannon(floorUrl, floorBody, floorHeaders, seconds, connections);
    results.push({ name: question.name, hub, floor });
    rows.push([
      question.name, `${bytes[0]} / ${bytes[1]}`,
      fixed(hub.requests), fixed(hub.p50), fixed(hub.p99),
      fixed(floor.requests), fixed(floor.p50), fixed(floor.p99),
      fixed(hub.requests / floor.requests, 2), hub.errors + floor.errors,
    ]);
  }
  printTable(
    `HTTP: ${connections} connections, ${seconds} s each (latency in ms)`,
    ['question', 'bytes hub/floor', 'hub req/s', 'hub p50', 'hub p99', 'floor req/s', 'floor p50', 'floor p99', 'hub/floor', 'errors'],
    rows,
  );
  return results;
}
