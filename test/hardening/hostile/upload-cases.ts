/**
 * Hostile uploads and downloads (`POST /documents`, `GET /documents/:id`):
 * bytes that lie about their type, odd and oversized declared types, file
 * names built to escape a folder or a header, broken Content-Disposition,
 * bad tokens, junk ids and methods, and a few raw-socket requests with
 * lying lengths. Seeded like the rest of the hostile suite.
 */
import type { Random } from './random';
import type { RawRequest } from './http-cases';

const TYPES = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png', 'image/jpeg'];
const HEADS: Record<string, number[]> = {
  'application/pdf': [...Buffer.from('%PDF-1.7\n')],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [0x50, 0x4b, 0x03, 0x04, ...Buffer.from('word/document.xml')],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff, 0xe0],
};

const NAMES = [
  '../../../../etc/passwd',
  '..\\..\\windows\\system32\\config\\sam',
  '/absolute/path/evidence.pdf',
  'evil\r\nSet-Cookie: session=stolen.pdf',
  'nul\u0000byte.pdf',
  '\u202Egnp.exe',
  '"; filename="evil.exe',
  '%2e%2e%2fescape.pdf',
  '😀'.repeat(300),
  'x'.repeat(10_000),
  '.',
  '...',
  ' ',
  'CON',
  '<script>alert(1)</script>.pdf',
];

function bytes(rnd: Random, length: number, head: number[] = []): Uint8Array {
  return Uint8Array.from([...head, ...Array.from({ length }, () => rnd.int(256))]);
}

/** Uploads and downloads sent through fetch, with the actor's token unless the case is about tokens. */
export function uploadCase(rnd: Random, token: string, documentIds: readonly string[]): RawRequest {
  const auth = { authorization: `Bearer ${token}` };
  const post = (label: string, body: Uint8Array | string, headers: Record<string, string>, query = ''): RawRequest => ({
    label: `upload: ${label}`,
    method: 'POST',
    path: `/documents${query}`,
    headers: { ...auth, ...headers },
    body,
  });
  const type = rnd.pick(TYPES);
  const other = rnd.pick(TYPES.filter((t) => t !== type));
  const cases: Array<() => RawRequest> = [
    () => post('random bytes with an allowed type', bytes(rnd, 1 + rnd.int(5000)), { 'content-type': type }),
    () => post("another type's bytes", bytes(rnd, rnd.int(2000), HEADS[other]), { 'content-type': type }),
    () => post('a signature cut short', Uint8Array.from(HEADS[type].slice(0, 1 + rnd.int(HEADS[type].length - 1))), { 'content-type': type }),
    () => post('an empty body', new Uint8Array(0), { 'content-type': type }),
    () =>
      post('a type with parameters and capitals', bytes(rnd, rnd.int(500), HEADS[type]), { 'content-type': `${type.toUpperCase()}; charset=binary; x="y"` }),
    () =>
      post('a type not allowed', bytes(rnd, 200), {
        'content-type': rnd.pick(['text/html', 'application/x-msdownload', 'image/svg+xml', 'application/zip', '*/*', 'application/pdf+xml']),
      }),
    () =>
      post('a junk type', bytes(rnd, 200, HEADS[type]), {
        'content-type': rnd.pick([';;;', 'application/', '/', 'a'.repeat(5000), 'application/pdf\u00e9', '../../etc']),
      }),
    () => post('no type', bytes(rnd, 200, HEADS[type]), {}),
    () => post('a hostile name (query)', bytes(rnd, rnd.int(500), HEADS[type]), { 'content-type': type }, `?filename=${encodeURIComponent(rnd.pick(NAMES))}`),
    () => post('the name twice (query)', bytes(rnd, 100, HEADS[type]), { 'content-type': type }, '?filename=a.pdf&filename=b.pdf'),
    () => post('a broken percent-encoding (query)', bytes(rnd, 100, HEADS[type]), { 'content-type': type }, '?filename=%E0%A4%A'),
    () =>
      post('a hostile Content-Disposition', bytes(rnd, 100, HEADS[type]), {
        'content-type': type,
        'content-disposition': rnd.pick([
          "attachment; filename*=UTF-8''%E0%A4%A",
          "attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd",
          'attachment; filename="a\\"b\\\\c.pdf"',
          'attachment; filename=',
          'attachment; filename="',
          `attachment; filename="${'y'.repeat(4000)}"`,
          'form-data; name="file"',
          ';;;;',
        ]),
      }),
    () =>
      post('a PDF with HTML after its header (a polyglot)', Buffer.from('%PDF-1.4\n<html><script>alert(document.cookie)</script></html>'), {
        'content-type': 'application/pdf',
      }),
    () => ({
      ...post('a bad token', bytes(rnd, 100, HEADS[type]), { 'content-type': type }),
      headers: { 'content-type': type, authorization: rnd.pick(['Bearer', 'Bearer x.y.z', 'Basic dXNlcjpwdw==', `Bearer ${'a'.repeat(8000)}`]) },
    }),
    () => ({ ...post('no token', bytes(rnd, 100, HEADS[type]), { 'content-type': type }), headers: { 'content-type': type } }),
    () => ({
      label: 'download: a junk id',
      method: 'GET',
      path: `/documents/${rnd.pick(['x', '..%2F..%2Fetc%2Fpasswd', '%00', 'a'.repeat(3000), 'RG9jdW1lbnQ6bm90LWEtdXVpZA', 'VXNlcjowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA'])}`,
      headers: auth,
    }),
    () => ({ label: 'download: a real id, any token', method: 'GET', path: `/documents/${rnd.pick(documentIds)}`, headers: rnd.chance(0.5) ? auth : {} }),
    () => ({
      label: 'documents: an odd method',
      method: rnd.pick(['PUT', 'DELETE', 'PATCH']),
      path: rnd.pick(['/documents', `/documents/${rnd.pick(documentIds)}`]),
      headers: auth,
      body: 'x',
    }),
  ];
  return rnd.pick(cases)();
}

/** Written straight to a socket: lengths that lie, chunked junk, a body cut off. */
export function malformedUploads(token: string): string[] {
  const head = (extra: string) =>
    `POST /documents?filename=a.pdf HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/pdf\r\n${extra}`;
  return [
    `${head('Content-Length: -1\r\n\r\n')}%PDF-`,
    `${head('Content-Length: 99999999999999999999\r\n\r\n')}%PDF-`,
    `${head('Content-Length: 5\r\nContent-Length: 6\r\n\r\n')}%PDF-1`,
    `${head('Transfer-Encoding: chunked\r\n\r\n')}zz\r\n%PDF-\r\n0\r\n\r\n`,
    `${head('Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n')}5\r\n%PDF-\r\n0\r\n\r\n`,
    `${head('Content-Length: 100000000\r\n\r\n')}`,
  ];
}
