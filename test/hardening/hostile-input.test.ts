/**
 * Thousands of hostile requests generated from the schema (seeded, so a run
 * can be replayed with HOSTILE_SEED), over HTTP and WebSocket, against one
 * hub: every answer is JSON with contract-coded errors and no internals, no
 * 5xx, no INTERNAL_SERVER_ERROR, no crash, and the heap returns near its
 * baseline afterwards.
 *
 * HOSTILE_SEED=n replays another run; HOSTILE_DEBUG=file appends each failing
 * request and its answer to `file`; HOSTILE_EXTRA=n runs n more rounds first
 * and prints the heap after each (it levels off).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemberRole, OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { factories } from '../factories';
import { capturingLogger, tokenFor, useTestHub } from '../helpers/hub';
import { partnershipFactories } from '../partnerships/factories';
import { PartnershipStatus } from '../../src/modules/partnerships/partnership.enums';
import { checkErrors, checkHttp, newTally, type Tally } from './hostile/checks';
import { malformedUploads, uploadCase } from './hostile/upload-cases';
import { selectRows } from '../../src/db/select';
import { parseGlobalId } from '../../src/domain/global-id';
import { httpCase, MALFORMED_HTTP, rawSocket, type RawRequest } from './hostile/http-cases';
import { fieldOperation, junkIds, rootFields, shapeOperation, type GeneratedOperation, type Pools } from './hostile/operations';
import { seeded } from './hostile/random';
import { checkSession, junkSession, operationFrames, runSession, unanswered, answeredAll } from './hostile/ws-cases';

const SEED = Number(process.env.HOSTILE_SEED ?? 20261123);
const HTTP_OPERATIONS = 3000;
const WS_JUNK_SESSIONS = 300;
const BODY_LIMIT = 1_000_000;
const UPLOADS = 400;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

// What the hub logs at `error`: every INTERNAL_SERVER_ERROR a client saw must be here (an unlogged one is a fault nobody would hear of).
const errorLog = capturingLogger('error');
const t = useTestHub(
  { RATE_LIMIT_USER_PER_MINUTE: '1000000', RATE_LIMIT_ADDRESS_PER_MINUTE: '1000000', WS_CONNECTIONS_PER_USER: '1000' },
  { logger: errorLog.logger },
);
let tokens: { actor: string; outsider: string };
let pools: Pools;
let schema: ReturnType<typeof buildClientSchema>;

beforeAll(async () => {
  const make = factories(t);
  const partnerships = partnershipFactories(t);
  // One actor who owns an organization of every kind, so most calls pass authorization and reach the services.
  const actor = await make.buildUser();
  const owned = [];
  for (const kind of Object.values(OrganizationKind)) {
    const organization = await make.buildOrganization({ kind, zones: [Zone.SYSTEM_DESIGN] });
    await make.buildMember({ organization, user: actor, role: MemberRole.OWNER });
    owned.push(organization);
  }
  const business = owned.find((o) => o.kind === OrganizationKind.BUSINESS)!;
  const district = owned.find((o) => o.kind === OrganizationKind.DISTRICT)!;
  const opportunity = await partnerships.buildOpportunity({ business });
  const partnership = await partnerships.buildPartnership({ opportunity, district, status: PartnershipStatus.REQUESTED });
  const { user: outsider, organization: elsewhere } = await make.buildMember();
  tokens = { actor: await tokenFor(actor.email), outsider: await tokenFor(outsider.email) };

  const introspection = await t.data<IntrospectionQuery, object>(getIntrospectionQuery());
  schema = buildClientSchema(introspection);
  const nodeTypes = schema.getPossibleTypes(schema.getType('Node') as never).map((type) => type.name);
  pools = {
    ids: [
      ...owned.map((o) => toGlobalId('Organization', o.id)),
      toGlobalId('Organization', elsewhere.id),
      toGlobalId('Opportunity', opportunity.id),
      toGlobalId('Partnership', partnership.id),
      toGlobalId('User', actor.id),
      toGlobalId('User', outsider.id),
      ...junkIds(nodeTypes),
    ],
  };
});

const origin = () => t.url.replace('/graphql', '');

async function send(request: RawRequest, tally: Tally, harvest?: Set<string>): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${origin()}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
  } catch (error) {
    tally.problems.push(
      `${request.label}: no response (${(error as Error).message} ${String((error as { cause?: { code?: string; message?: string } }).cause?.code ?? (error as { cause?: Error }).cause?.message)})`,
    );
    return;
  }
  const text = await response.text();
  if (request.method === 'OPTIONS' || request.method === 'HEAD') {
    tally.responses++;
    if (response.status >= 500) tally.problems.push(`${request.label}: status ${response.status}`);
    return;
  }
  const before = tally.problems.length;
  checkHttp(`${request.label} [${request.method} ${request.path.slice(0, 80)}]`, response.status, response.headers.get('content-type'), text, tally);
  if (process.env.HOSTILE_DEBUG && tally.problems.length > before)
    (await import('node:fs')).appendFileSync(process.env.HOSTILE_DEBUG, `${String(request.body).slice(0, 3000)}\n${text.slice(0, 2000)}\n\n`);
  // Copies, not slices: a slice would keep the whole response alive.
  if (harvest) for (const match of text.matchAll(/"id":"([\w-]{20,120})"/g)) harvest.add(Buffer.from(match[1]).toString());
}

function asRequest(operation: GeneratedOperation, token: string | undefined): RawRequest {
  return {
    label: operation.label,
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: operation.query, variables: operation.variables, operationName: operation.operationName }),
  };
}

/** `count` requests from the seeded generator: schema-driven operations, shape attacks and HTTP-level junk. */
function generate(seed: number, count: number): RawRequest[] {
  const rnd = seeded(seed);
  const fields = rootFields(schema);
  return Array.from({ length: count }, (_, index) => {
    const token = rnd.pick([tokens.actor, tokens.actor, tokens.actor, tokens.actor, tokens.outsider, undefined]);
    const roll = rnd.next();
    if (roll < 0.7) {
      // Every root field comes up in turn, with fresh random arguments each time.
      const [kind, field] = fields[index % fields.length];
      return asRequest(fieldOperation(kind, field, rnd, pools), token);
    }
    if (roll < 0.85) return asRequest(shapeOperation(rnd), token);
    return httpCase(rnd, BODY_LIMIT);
  });
}

async function runAll(requests: RawRequest[], tally: Tally, concurrency: number, harvest?: Set<string>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) await send(requests[next++], tally, harvest);
    }),
  );
}

describe('hostile input', () => {
  const tally = newTally();
  const figures: Record<string, number | string> = { seed: SEED };

  it('answers thousands of generated hostile HTTP requests with coded errors, no internals and no 5xx', { timeout: 120_000 }, async () => {
    // Warm up (schema caches, pools, JIT) before taking the baseline.
    await runAll(generate(SEED - 1, 100), newTally(), 8);
    figures.heapBaselineMb = +(heapAfterGc() / 1e6).toFixed(1);
    // HOSTILE_EXTRA=n runs n more rounds of 1,500 first, printing the heap after each: it levels off (bounded caches).
    for (let extra = 0; extra < Number(process.env.HOSTILE_EXTRA ?? 0); extra++) {
      await runAll(generate(SEED + 100 + extra, 1500), newTally(), 16);
      console.log('[hostile-input] heap after an extra round', +(heapAfterGc() / 1e6).toFixed(1), 'MB');
    }
    const started = performance.now();

    // Phase one; ids the hub hands back (organizations, modules, requests it created) join the pool for phase two.
    const harvested = new Set<string>();
    await runAll(generate(SEED, HTTP_OPERATIONS / 2), tally, 16, harvested);
    pools.ids.push(...[...harvested].sort().slice(0, 300));
    figures.heapAfterPhaseOneMb = +(heapAfterGc() / 1e6).toFixed(1);
    await runAll(generate(SEED + 1, HTTP_OPERATIONS / 2), tally, 16);
    figures.heapAfterPhaseTwoMb = +(heapAfterGc() / 1e6).toFixed(1);
    for (const payload of MALFORMED_HTTP) {
      const answer = await rawSocket(t.hub.port, payload);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      tally.responses++;
      if (!status || Number(status) >= 500)
        tally.problems.push(`malformed HTTP ${JSON.stringify(payload.slice(0, 40))}: answered ${JSON.stringify(answer.slice(0, 200))}`);
      else checkHttp(`malformed HTTP ${JSON.stringify(payload.slice(0, 40))}`, Number(status), null, answer.slice(answer.indexOf('\r\n\r\n') + 4), tally);
    }
    figures.httpRequests = tally.responses;
    figures.httpSeconds = +((performance.now() - started) / 1000).toFixed(1);
    figures.harvestedIds = harvested.size;

    expect(tally.problems.slice(0, 25)).toEqual([]);
    expect(tally.responses).toBeGreaterThanOrEqual(HTTP_OPERATIONS);
  });

  it('survives junk WebSocket frames before and after connection_init, closing with client codes only', { timeout: 60_000 }, async () => {
    const rnd = seeded(SEED + 2);
    const wsTally = newTally();
    const sessions = Array.from({ length: WS_JUNK_SESSIONS }, () => junkSession(rnd, tokens.actor, BODY_LIMIT));
    let next = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        while (next < sessions.length) {
          const session = sessions[next++];
          checkSession(session.label, await runSession(t.wsUrl, session.frames, { protocol: session.protocol }), wsTally);
        }
      }),
    );
    figures.wsJunkSessions = wsTally.responses;
    figures.wsCloseCodes = JSON.stringify(wsTally.statuses);
    expect(wsTally.problems.slice(0, 25)).toEqual([]);
    expect(wsTally.responses).toBe(WS_JUNK_SESSIONS);
    // Junk is refused, not ignored: most sessions were closed by the server with a 44xx code.
    expect(
      Object.entries(wsTally.statuses)
        .filter(([code]) => code.startsWith('ws 44'))
        .reduce((sum, [, n]) => sum + n, 0),
    ).toBeGreaterThan(WS_JUNK_SESSIONS / 3);
  });

  it('answers generated operations over WebSocket with coded errors, each one answered', { timeout: 60_000 }, async () => {
    const rnd = seeded(SEED + 3);
    const wsTally = newTally();
    const fields = rootFields(schema);
    const queriesAndMutations = fields.filter(([kind]) => kind !== 'subscription');
    const subscriptions = fields.filter(([kind]) => kind === 'subscription');
    // Queries and mutations: every id gets `complete` or `error`.
    for (let session = 0; session < 10; session++) {
      const operations = Array.from({ length: 20 }, () => {
        const roll = rnd.next();
        if (roll < 0.8) return fieldOperation(...(rnd.pick(queriesAndMutations) as [never, never]), rnd, pools);
        return shapeOperation(rnd);
        // A message over the WebSocket limit closes the socket (1009), which the junk sessions cover.
      }).filter((operation) => !/^\s*subscription/.test(operation.query) && JSON.stringify(operation).length < BODY_LIMIT / 2);
      const result = await runSession(t.wsUrl, operationFrames(tokens.actor, operations), {
        awaitAck: true,
        settle: answeredAll(operations.length),
        timeoutMs: 20_000,
      });
      checkSession(`ws operations #${session}`, result, wsTally);
      expect(unanswered(operations.length, result), `session ${session} (closed ${result.closeCode} ${result.closeReason}) left operations unanswered`).toEqual(
        [],
      );
    }
    // Subscriptions: bad ones are refused with coded errors; valid ones stay open until the client leaves.
    const subscribeOps = Array.from({ length: 60 }, () => fieldOperation('subscription', rnd.pick(subscriptions)[1], rnd, pools)).filter(
      (operation) => JSON.stringify(operation).length < BODY_LIMIT / 2,
    );
    const live = await runSession(t.wsUrl, operationFrames(tokens.actor, subscribeOps), {
      awaitAck: true,
      settle: answeredAll(subscribeOps.length),
      timeoutMs: 1_500,
    });
    checkSession('ws subscriptions', live, wsTally);
    figures.wsOperations = 200 + subscribeOps.length;
    figures.wsSubscriptionsLeftOpen = unanswered(subscribeOps.length, live).length;
    // The server kept the socket open (the client closed it), and refused most of these malformed subscriptions outright.
    expect(live.closeCode).toBeUndefined();
    expect(figures.wsSubscriptionsLeftOpen).toBeLessThan(subscribeOps.length / 2);
    expect(wsTally.problems.slice(0, 25)).toEqual([]);
  });

  it('answers hostile uploads and downloads with coded JSON errors, stores only clean names and leaves no stray bytes', { timeout: 60_000 }, async () => {
    const rnd = seeded(SEED + 4);
    const uploadTally = newTally();
    const pdf = await fetch(`${origin()}/documents?filename=real.pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', authorization: `Bearer ${tokens.actor}` },
      body: '%PDF-1.7\n%%EOF',
    });
    const documentIds = [((await pdf.json()) as { id: string }).id];
    const requests = Array.from({ length: UPLOADS }, () => uploadCase(rnd, tokens.actor, documentIds));
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < requests.length) {
          const request = requests[next++];
          const label = `${request.label} [${request.method} ${request.path.slice(0, 60)}]`;
          const response = await fetch(`${origin()}${request.path}`, { method: request.method, headers: request.headers, body: request.body }).catch(
            (error: Error) => error,
          );
          if (response instanceof Error) {
            uploadTally.problems.push(`${label}: no response (${response.message})`);
            continue;
          }
          const body = Buffer.from(await response.arrayBuffer());
          if (response.status === 200 && request.method === 'GET') {
            uploadTally.responses++;
            if (response.headers.get('x-content-type-options') !== 'nosniff' || !response.headers.get('content-disposition')?.startsWith('attachment;'))
              uploadTally.problems.push(`${label}: a download without attachment/nosniff`);
            continue;
          }
          if (response.status === 201) {
            uploadTally.responses++;
            const { id } = JSON.parse(body.toString()) as { id?: string };
            if (parseGlobalId(id ?? '')?.type !== 'Document')
              uploadTally.problems.push(`${label}: 201 without a document id: ${body.toString().slice(0, 200)}`);
            continue;
          }
          checkHttp(label, response.status, response.headers.get('content-type'), body.toString(), uploadTally);
        }
      }),
    );
    for (const payload of malformedUploads(tokens.actor)) {
      const answer = await rawSocket(t.hub.port, payload);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      uploadTally.responses++;
      if (!status || Number(status) >= 500)
        uploadTally.problems.push(`malformed upload ${JSON.stringify(payload.slice(-60))}: answered ${JSON.stringify(answer.slice(0, 200))}`);
      else if (Number(status) >= 400)
        checkErrors(
          `malformed upload ${JSON.stringify(payload.slice(-60))}`,
          (JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4) || '{}') as { errors?: unknown }).errors,
          uploadTally,
        );
    }
    figures.uploadRequests = uploadTally.responses;
    figures.uploadCodes = JSON.stringify(uploadTally.codes);
    expect(uploadTally.problems.slice(0, 25)).toEqual([]);
    expect(uploadTally.responses).toBe(UPLOADS + malformedUploads('').length);
    // Refused uploads left no bytes behind, and every name kept is a plain file name.
    const em = t.hub.orm.em.fork();
    const [{ orphans }] = await selectRows<{ orphans: number }>(
      em,
      'select count(*)::int as orphans from document_content c where not exists (select 1 from documents d where d.id = c.document_id)',
    );
    expect(orphans).toBe(0);
    const names = await selectRows<{ filename: string }>(em, 'select filename from documents');
    expect(names.filter(({ filename }) => /[/\\\p{Cc}\p{Cf}]/u.test(filename) || [...filename].length > 200 || filename.startsWith('.'))).toEqual([]);
  });

  it('still serves, and its heap returns near the baseline', async () => {
    expect((await fetch(`${origin()}/healthz`)).status).toBe(200);
    expect((await t.data<{ regions: string[] }, object>('{ regions }')).regions.length).toBe(8);
    const heap = heapAfterGc();
    figures.heapAfterMb = +(heap / 1e6).toFixed(1);
    // Each INTERNAL_SERVER_ERROR answered over HTTP was logged by the formatter (Apollo's own fallback answer, when the formatter
    // never ran, looks just as coded but leaves no line).
    figures.internalErrorsLogged = errorLog.lines.filter((line) => line.msg === 'unexpected error in operation').length;
    expect(tally.codes.INTERNAL_SERVER_ERROR ?? 0).toBeLessThanOrEqual(figures.internalErrorsLogged);
    figures.codes = JSON.stringify(tally.codes);
    figures.statuses = JSON.stringify(tally.statuses);
    console.log('[hostile-input]', figures);
    // What remains is bounded caches: the parsed documents over HTTP and over WebSocket (32 MiB each, source
    // text included) and what hangs off them (graphql-jit's compiled operations, validation results). On
    // 2026-12-01 one round left 77-85 MB above the baseline; with HOSTILE_EXTRA=3 the heap after the extra
    // rounds was 115, 118, 124 MB and the final figure 150 against 147 without them: it levels off, so the
    // bound below catches a leak (which grows with every round) without failing on the caches' own size.
    expect(heap - Number(figures.heapBaselineMb) * 1e6).toBeLessThan(100e6);
  });
});
