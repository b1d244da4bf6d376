/**
 * One named case for each bug the hostile-input generator found, so each
 * stays fixed even if the generator's seed stops producing it.
 */
import { ArgumentValidationError } from 'type-graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatHubError } from '../../src/graphql/format-error';
import { createLogger } from '../../src/logger';
import { tokenFor, useTestHub } from '../helpers/hub';
import { readJson } from '../helpers/json';
import { factories } from '../factories';
import { rawSocket } from './hostile/http-cases';
import { runSession } from './hostile/ws-cases';

const t = useTestHub({ LIMIT_COST: '2000' });
let token: string;

beforeAll(async () => {
  const { user } = await factories(t.hub.orm).buildMember();
  token = await tokenFor(user.email);
});

const origin = () => t.url.replace('/graphql', '');
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('HTTP requests that used to get a 500 or an uncoded answer', () => {
  it('answers /ide/constructor and other Object.prototype names with 404 NOT_FOUND, not 500', async () => {
    for (const name of ['constructor', 'hasOwnProperty', '__proto__', 'toString']) {
      const response = await fetch(`${origin()}/ide/${name}`);
      expect(response.status, name).toBe(404);
      expect((await readJson(response)).errors[0].extensions.code, name).toBe('NOT_FOUND');
    }
  });

  it('answers a corrupt gzip body with 400 BAD_USER_INPUT, not 500', async () => {
    const response = await post('{"query":"{ regions }"}', { 'content-encoding': 'gzip' });
    expect(response.status).toBe(400);
    expect((await readJson(response)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers PUT, PATCH and DELETE with 405 BAD_USER_INPUT and an Allow header, naming no library', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const response = await fetch(t.url, { method, headers: { 'content-type': 'application/json' }, body: '{"query":"{ regions }"}' });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, POST');
      const error = (await readJson(response)).errors[0];
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).not.toMatch(/apollo/i);
    }
  });

  it('answers a query over the cost limit with 400 QUERY_TOO_COMPLEX, not 500', async () => {
    const response = await post(JSON.stringify({ query: '{ organizations(first: 100) { edges { node { members(first: 100) { totalCount } } } } }' }));
    expect(response.status).toBe(400);
    const error = (await readJson(response)).errors[0];
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    expect(error.extensions.http).toBeUndefined();
  });

  it('refuses a subscription over HTTP with 400 BAD_USER_INPUT instead of running its resolver without an event', async () => {
    const response = await post(JSON.stringify({ query: 'subscription { learningModulePublished { id } }' }));
    expect(response.status).toBe(400);
    const error = (await readJson(response)).errors[0];
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fields[0].path).toBe('query');
  });

  it('answers a list of more than 50 wrong values (graphql-js gives up with an uncoded error) with BAD_USER_INPUT', async () => {
    const query = 'mutation ($input: SetDistrictSkillInterestsInput!) { setDistrictSkillInterests(input: $input) { id } }';
    const response = await post(JSON.stringify({ query, variables: { input: { districtId: 'x', skills: Array(60).fill(7) } } }));
    const { errors } = await readJson(response);
    expect(new Set(errors.map((e: { extensions: { code: string } }) => e.extensions.code))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(errors.at(-1).extensions.fields).toEqual([{ path: 'variables', message: 'too many invalid values' }]);
  });

  it('answers an automatic persisted query whose hash does not match with BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', async () => {
    const response = await post(JSON.stringify({ query: '{ regions }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }));
    expect(response.status).toBe(400);
    expect((await readJson(response)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers malformed HTTP (bad request line, headers too large) with a coded JSON body', async () => {
    for (const [payload, status] of [
      ['GARBAGE\r\n\r\n', '400'],
      [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`, '431'],
    ] as const) {
      const answer = await rawSocket(t.hub.port, payload);
      expect(answer.slice(9, 12)).toBe(status);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('text the database cannot hold', () => {
  it('refuses a NUL character in a variable or a literal with BAD_USER_INPUT naming the input path, not INTERNAL_SERVER_ERROR', async () => {
    const variable = await readJson(
      await post(JSON.stringify({ query: 'query ($slug: String!) { organization(slug: $slug) { name } }', variables: { slug: 'a\u0000b' } })),
    );
    expect(variable.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'slug' }] });
    const nested = await readJson(
      await post(
        JSON.stringify({
          query: 'mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { name } }',
          variables: { input: { organizationId: 'x', name: '\u0000' } },
        }),
        {
          authorization: `Bearer ${token}`,
        },
      ),
    );
    expect(nested.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.name' }] });
    const literal = await readJson(await post(JSON.stringify({ query: '{ organization(slug: "a\\u0000b") { name } }' })));
    expect(literal.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'slug' }] });
  });

  it('refuses an unpaired surrogate (which made the email validator throw, masked as INTERNAL_SERVER_ERROR) with BAD_USER_INPUT', async () => {
    const body = JSON.stringify({
      query: 'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
      variables: { input: { kind: 'DISTRICT', name: 'Ozark R-I', ownerEmail: '\ud800' } },
    });
    const result = await readJson(await post(body, { authorization: `Bearer ${token}` }));
    expect(result.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.ownerEmail' }] });
  });

  it('answers BAD_USER_INPUT when a validator throws instead of reporting (type-graphql wraps the exception)', () => {
    const thrown = new ArgumentValidationError(new URIError('URI malformed') as never);
    const formatted = formatHubError({ message: thrown.message, path: ['createOrganization'] }, thrown, { production: true, logger: createLogger('silent') });
    expect(formatted.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input' }] });
    expect(formatted.message).not.toMatch(/URI/);
  });

  it('refuses it over WebSocket too', async () => {
    const query = 'query ($slug: String!) { organization(slug: $slug) { name } }';
    const result = await runSession(
      t.wsUrl,
      [
        JSON.stringify({ type: 'connection_init', payload: {} }),
        JSON.stringify({ type: 'subscribe', id: 'n', payload: { query, variables: { slug: '\u0000' } } }),
      ],
      { awaitAck: true, settle: (r) => r.messages.some((m) => m.type === 'complete' || m.type === 'error') },
    );
    const error = result.messages.find((m) => m.type === 'error');
    expect((error?.payload as Array<{ extensions: { code: string } }>)[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('WebSocket messages that used to get an internal error', () => {
  it('closes with 4400, not 4500, when a client sends a message only servers send', async () => {
    for (const type of ['next', 'error', 'connection_ack']) {
      const result = await runSession(t.wsUrl, [JSON.stringify({ type: 'connection_init', payload: {} }), JSON.stringify({ type, id: '1', payload: {} })]);
      expect(result.closeCode, type).toBe(4400);
    }
  });

  it('answers variables that do not coerce with BAD_USER_INPUT, as over HTTP', async () => {
    const query = 'query ($slug: String!, $id: ID!) { organization(slug: $slug) { name } node(id: $id) { id } }';
    const result = await runSession(
      t.wsUrl,
      [
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
        JSON.stringify({ type: 'subscribe', id: 'v', payload: { query, variables: { slug: 42, id: { x: 1 } } } }),
      ],
      { awaitAck: true, settle: (r) => r.messages.some((m) => m.type === 'complete' || m.type === 'error') },
    );
    const answer = result.messages.find((m) => m.id === 'v' && (m.type === 'next' || m.type === 'error'));
    const errors = (answer?.type === 'next' ? (answer.payload as { errors: unknown[] }).errors : answer?.payload) as Array<{ extensions: { code: string } }>;
    expect(errors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });
});
