/**
 * Hostile requests at the HTTP layer: batches, broken JSON, odd bodies,
 * wrong content types and encodings, oversized bodies, GET with mutations,
 * odd methods and paths, and a few malformed requests written straight to a
 * socket.
 */
import net from 'node:net';
import type { Random } from './random';

export interface RawRequest {
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const q = (query: string, extra: object = {}) => JSON.stringify({ query, ...extra });

/** Requests sent through fetch. */
export function httpCase(rnd: Random, bodyLimit: number): RawRequest {
  const post = (label: string, body: string | Uint8Array, headers: Record<string, string> = JSON_TYPE): RawRequest => ({
    label,
    method: 'POST',
    path: '/graphql',
    headers,
    body,
  });
  const get = (label: string, params: Record<string, string>, headers: Record<string, string> = {}): RawRequest => ({
    label,
    method: 'GET',
    path: `/graphql?${new URLSearchParams(params)}`,
    headers: { 'apollo-require-preflight': 'true', ...headers },
  });
  const cases: Array<() => RawRequest> = [
    () => post('batched array', JSON.stringify(Array.from({ length: 1 + rnd.int(50) }, () => ({ query: '{ regions }' })))),
    () => post('empty array', '[]'),
    () => post('truncated JSON', q('{ regions }').slice(0, 1 + rnd.int(15))),
    () => post('trailing garbage', `${q('{ regions }')}}}`),
    () => post('JSON with NaN', '{"query": "{ regions }", "variables": {"x": NaN}}'),
    () => post('JSON with comments', '{"query": "{ regions }" /* hi */}'),
    () => post('lone surrogate', '{"query": "{ organization(slug: \\"\\ud800\\") { name } }"}'),
    () => post('deeply nested JSON', `{"query": "{ regions }", "variables": {"x": ${'['.repeat(5000 + rnd.int(50_000))}${']'.repeat(5000)}}}`),
    () => post('deep JSON object', `{"query": "{ regions }", "variables": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`),
    () => post('scalar body', rnd.pick(['null', '1', '"{ regions }"', 'true', '{}', '""'])),
    () => post('query not a string', JSON.stringify({ query: rnd.pick([1, {}, [], true, null, ['{ regions }']]) })),
    () => post('variables not an object', q('{ regions }', { variables: rnd.pick(['x', 1, [1], true, '{"a":1}']) })),
    () => post('operationName not a string', q('{ regions }', { operationName: rnd.pick([1, {}, [], true]) })),
    () =>
      post(
        'extensions junk',
        q('{ regions }', { extensions: rnd.pick(['x', 1, { persistedQuery: { version: 1, sha256Hash: 'abc' } }, { persistedQuery: 'x' }]) }),
      ),
    () => post('persisted query only', JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } })),
    () => post('__proto__ body', '{"__proto__": {"query": "{ regions }"}, "query": "{ regions }"}'),
    () => post('oversized body', q(`{ regions } #${'x'.repeat(bodyLimit + rnd.int(bodyLimit))}`)),
    () => post('text/plain', q('{ regions }'), { 'content-type': 'text/plain' }),
    () => post('form', 'query=%7B+regions+%7D', { 'content-type': 'application/x-www-form-urlencoded' }),
    () =>
      post('multipart', '--b\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ regions }"}\r\n--b--', {
        'content-type': 'multipart/form-data; boundary=b',
      }),
    () => post('application/graphql', '{ regions }', { 'content-type': 'application/graphql' }),
    () => post('xml', '<query/>', { 'content-type': 'application/xml' }),
    () => post('charset latin1', q('{ regions }'), { 'content-type': 'application/json; charset=latin1' }),
    () => post('charset utf-16', q('{ regions }'), { 'content-type': 'application/json; charset=utf-16' }),
    () => post('gzip junk', q('{ regions }'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    () => post('unknown encoding', q('{ regions }'), { 'content-type': 'application/json', 'content-encoding': 'zz' }),
    () => post('no content type', q('{ regions }'), {}),
    () =>
      post(
        'binary body',
        Uint8Array.from({ length: 2000 }, () => rnd.int(256)),
      ),
    () =>
      post('bad authorization', q('{ viewer { email } }'), {
        ...JSON_TYPE,
        authorization: rnd.pick(['Bearer', 'Bearer x.y.z', 'Basic dXNlcjpwdw==', `Bearer ${'a'.repeat(8000)}`, 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']),
      }),
    () => post('x-request-id junk', q('{ regions }'), { ...JSON_TYPE, 'x-request-id': rnd.pick(['<script>', 'x'.repeat(5000), '../../etc']) }),
    () => get('GET mutation', { query: 'mutation { createOrganization(input: {name: "X", kind: DISTRICT}) { id } }' }),
    () => get('GET without preflight header', { query: '{ regions }' }, { 'apollo-require-preflight': '' }),
    () => get('GET no query', {}),
    () =>
      get('GET bad variables', {
        query: 'query ($f: Int) { organizations(first: $f) { totalCount } }',
        variables: rnd.pick(['notjson', '[1]', '{"f": "x"}', '1']),
      }),
    () => get('GET bad extensions', { query: '{ regions }', extensions: 'notjson' }),
    () => get('GET subscription', { query: 'subscription { learningModulePublished { id } }' }),
    () => ({ label: 'odd method', method: rnd.pick(['PUT', 'DELETE', 'PATCH']), path: '/graphql', headers: JSON_TYPE, body: q('{ regions }') }),
    () => ({
      label: 'odd path',
      method: 'GET',
      path: rnd.pick([
        '/graphql/x',
        '/%00',
        '/%E0%A4%A',
        '/ide/__proto__',
        '/ide/constructor',
        '/ide/hasOwnProperty',
        '/ide/..%2F..%2Fpackage.json',
        '/healthz/x',
        '/.env',
        '/graphql%00',
      ]),
    }),
    () => ({
      label: 'OPTIONS preflight',
      method: 'OPTIONS',
      path: '/graphql',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    }),
  ];
  return rnd.pick(cases)();
}

/** Malformed HTTP written to a socket; resolves with what came back. */
export function rawSocket(port: number, payload: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => resolve(received));
    socket.on('close', () => resolve(received));
    socket.on('connect', () => {
      socket.write(payload);
      socket.end();
    });
  });
}

export const MALFORMED_HTTP = [
  'GARBAGE\r\n\r\n',
  'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}',
  'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  `GET /graphql?query=${'x'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`,
  'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
];
