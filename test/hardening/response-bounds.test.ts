/**
 * Issue 11, finding 2: list fields escaped the cost limit, and one response
 * could hold anything. A cycle through plain lists (`waiverRequest {
 * sections { waiverRequest { sections … } } }`, 30 aliases, depth 12) built
 * half a million objects; 30 aliases × `first: 100` of module bodies built
 * 30 MB. Now every list is costed by its bound (refused before execution),
 * and what one response holds is bounded in objects and bytes, over HTTP, over
 * WebSocket and per subscription event, with a coded QUERY_TOO_COMPLEX.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { OrganizationKind } from '../../src/domain/enums';
import type { Organization } from '../../src/modules/organizations/organization.entity';
import { useTestHub, wsExecute, type GraphQLErrorBody } from '../helpers/hub';
import { learningFactories } from '../learning/factories';
import { subscribeReady, waiverFactories } from '../waivers/factories';
import { unique } from '../factories';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const SMALL_BYTES = 20_000;
const SMALL_NODES = 50;
/** A hub with the default limits, and one with small response bounds. */
const t = useTestHub({ RATE_LIMIT_ADDRESS_PER_MINUTE: '100000' });
const small = useTestHub({ LIMIT_RESPONSE_BYTES: String(SMALL_BYTES), LIMIT_RESPONSE_NODES: String(SMALL_NODES) });

let waiverId: string;
let publisher: Organization;
const MODULES = 100;
const BODY = 'Competency-based learning lets students advance on demonstrated mastery. '.repeat(140); // about 10 kB

const cycle = (depth: number): string => (depth === 0 ? 'id' : `sections { waiverRequest { ${cycle(depth - 1)} } }`);
/** The cyclic query: 30 aliases, each cycling through plain lists to depth 11. */
const cyclicQuery = (id: string) => `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: waiverRequest(id: "${id}") { ${cycle(5)} }`).join(' ')} }`;
/** The anonymous 2 kB query: 30 aliases × first: 100 module bodies. */
const bodiesQuery = (slug: string) =>
  `{ ${Array.from({ length: 30 }, (_, i) => `m${i}: organization(slug: "${slug}") { modules(first: 100) { edges { node { title body } } } }`).join(' ')} }`;

const codeOf = (errors: readonly unknown[] | undefined) => (errors?.[0] as GraphQLErrorBody | undefined)?.extensions;

beforeAll(async () => {
  const waivers = waiverFactories(t);
  ({ id: waiverId } = await waivers.buildWaiver());
  const learning = learningFactories(t);
  publisher = await learning.buildOrganization({ name: unique('Bodies College'), kind: OrganizationKind.HIGHER_ED });
  for (let i = 0; i < MODULES; i++) await learning.buildModule({ publisher, body: BODY });
});

describe('lists are costed by their bounds', () => {
  it('refuses the cyclic plain-list query with QUERY_TOO_COMPLEX before running it, over HTTP', async () => {
    t.resetStatements();
    const result = await t.request(cyclicQuery(waiverId));
    expect(result.status).toBe(400);
    expect(codeOf(result.errors)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    expect(result.data ?? null).toBeNull();
    expect(t.statements).toEqual([]);
  });

  it('refuses the cyclic plain-list query over WebSocket', async () => {
    const result = await wsExecute(t.ws(), cyclicQuery(waiverId));
    expect(codeOf(result.errors)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });

  it('still serves one level of the same lists', async () => {
    const result = await t.request(`{ waiverRequest(id: "${waiverId}") { sections { waiverRequest { sections { id } } } } }`);
    expect(result.errors).toBeUndefined();
  });
});

describe('what one response may hold', () => {
  it('refuses 30 aliases × first: 100 of module bodies (30 MB) with QUERY_TOO_COMPLEX, over HTTP and WebSocket', async () => {
    const query = bodiesQuery(publisher.slug);
    expect(query.length).toBeLessThan(4000);
    const http = await t.request(query);
    expect(codeOf(http.errors)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'responseBytes', maxBytes: 10_000_000 });
    expect(http.data ?? null).toBeNull();
    const ws = await wsExecute(t.ws(), query);
    expect(codeOf(ws.errors)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'responseBytes' });
    expect(ws.data ?? null).toBeNull();
    // Within the bound, the same list answers.
    const one = await t.data<{ organization: { modules: { edges: unknown[] } } }, object>(
      `{ organization(slug: "${publisher.slug}") { modules(first: 100) { edges { node { body } } } } }`,
    );
    expect(one.organization.modules.edges).toHaveLength(MODULES);
  });

  it('refuses a response over LIMIT_RESPONSE_BYTES over HTTP and WebSocket, and serves one under it', async () => {
    const over = `{ organization(slug: "${publisher.slug}") { modules(first: 3) { edges { node { body } } } } }`; // about 30 kB
    const http = await small.request(over);
    expect(codeOf(http.errors)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'responseBytes', maxBytes: SMALL_BYTES });
    const ws = await wsExecute(small.ws(), over);
    expect(codeOf(ws.errors)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'responseBytes', maxBytes: SMALL_BYTES });
    const under = `{ organization(slug: "${publisher.slug}") { modules(first: 1) { edges { node { body } } } } }`;
    expect((await small.request(under)).errors).toBeUndefined();
    expect((await wsExecute(small.ws(), under)).errors).toBeUndefined();
  });

  it('refuses a response over LIMIT_RESPONSE_NODES, and stops resolving the lists below once the bound is passed', async () => {
    small.resetStatements();
    // 100 modules: the first list already passes the bound, so no prerequisites, versions or publishers are loaded.
    const query = `{ organization(slug: "${publisher.slug}") { modules(first: 100) { edges { node { prerequisites { id } versions { version } publisher { name } } } } } }`;
    const http = await small.request(query);
    expect(codeOf(http.errors)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'responseNodes', maxNodes: SMALL_NODES });
    expect(http.data ?? null).toBeNull();
    expect(small.statements.filter((sql) => /learning_module_(prerequisites|versions)/.test(sql))).toEqual([]);
    const ws = await wsExecute(small.ws(), query);
    expect(codeOf(ws.errors)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'responseNodes' });
  });

  it('answers a subscription event over the byte bound with QUERY_TOO_COMPLEX, and delivers the next one', async () => {
    const waivers = waiverFactories(small);
    const { id, lead, sections } = await waivers.buildWaiver();
    const subscriber = await subscribeReady(small, lead.owner, id, sections[0].id);
    const edit = (baseVersion: number, body: string) =>
      small.data(
        'mutation ($input: EditWaiverSectionInput!) { editWaiverSection(input: $input) { outcome } }',
        { input: { sectionId: sections[1].id, baseVersion, body } },
        { token: lead.owner.token },
      );
    await edit(1, 'x'.repeat(SMALL_BYTES * 2));
    await edit(2, 'A short rationale.');
    const delivered = await subscriber.waitFor((event) => event.__typename === 'WaiverSectionEdited');
    expect(delivered).toMatchObject({ body: 'A short rationale.', version: 3 });
    expect(subscriber.errors).toHaveLength(1);
    expect((subscriber.errors[0] as GraphQLErrorBody).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'responseBytes' });
    subscriber.stop();
  });

  it('keeps memory and /healthz steady while four cyclic and four 30 MB queries run at once', async () => {
    const origin = t.url.replace('/graphql', '').replace('localhost', '127.0.0.1');
    const post = (query: string) =>
      fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then((response) =>
        response.json(),
      );
    for (let i = 0; i < 3; i++) gc();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    let slowest = 0;
    let attacksDone = false;
    const health = (async () => {
      let answers = 0;
      while (!attacksDone || answers === 0) {
        const started = performance.now();
        const response = await fetch(`${origin}/healthz`);
        expect(response.status).toBe(200);
        slowest = Math.max(slowest, performance.now() - started);
        answers++;
      }
      return answers;
    })();
    const attacks = await Promise.all([
      ...Array.from({ length: 4 }, () => post(cyclicQuery(waiverId))),
      ...Array.from({ length: 4 }, () => post(bodiesQuery(publisher.slug))),
    ]).finally(() => (attacksDone = true));
    const answers = await health;
    clearInterval(sampler);
    const grownMb = (peak - before) / 2 ** 20;
    console.log(`rss grew by at most ${grownMb.toFixed(1)} MB; /healthz answered ${answers} times, the slowest in ${slowest.toFixed(0)} ms`);
    for (const answer of attacks) expect(codeOf((answer as { errors?: unknown[] }).errors)).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    // Before: these four 30 MB answers grew RSS by about 300 MB here, and the cyclic ones never finished.
    expect(grownMb).toBeLessThan(64);
    // A loaded two-core machine answers /healthz within a second or so; the issue saw it stall for 16 s.
    expect(slowest).toBeLessThan(3000);
  });
});
