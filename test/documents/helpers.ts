/**
 * Uploads and downloads over real HTTP (`POST /documents`, `GET
 * /documents/:id`), sample files of each allowed type, and counts of what the
 * database holds.
 */
import http from 'node:http';
import net from 'node:net';
import { selectRows } from '../../src/db/select';
import type { TestHub } from '../helpers/hub';

export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PNG = 'image/png';
export const JPEG = 'image/jpeg';

/** Files whose leading bytes are what their type says (a DOCX's zip names its `word/` part). */
export const samples = {
  pdf: (body = 'A board resolution') => Buffer.from(`%PDF-1.7\n1 0 obj << /Title (${body}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1'),
  docx: () =>
    Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]),
      Buffer.alloc(16),
      Buffer.from('[Content_Types].xml<Types/>', 'latin1'),
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.alloc(22),
      Buffer.from('word/document.xml<w:document/>', 'latin1'),
    ]),
  png: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01', 'latin1')]),
  jpeg: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('\0\x10JFIF\0', 'latin1'), Buffer.from([0xff, 0xd9])]),
};

export function documentsUrl(t: TestHub, path = ''): string {
  return `${t.url.replace('localhost', '127.0.0.1').replace(/\/graphql$/, '/documents')}${path}`;
}

export interface UploadOptions {
  token?: string;
  type?: string;
  filename?: string;
  headers?: Record<string, string>;
}

export interface UploadAnswer {
  status: number;
  headers: Headers;
  body: {
    id?: string;
    filename?: string;
    contentType?: string;
    byteSize?: number;
    errors?: Array<{ message: string; extensions: { code: string; [key: string]: unknown } }>;
  };
}

/** POSTs `bytes` as one upload. */
export async function upload(t: TestHub, bytes: Buffer, options: UploadOptions = {}): Promise<UploadAnswer> {
  const query = options.filename === undefined ? '' : `?filename=${encodeURIComponent(options.filename)}`;
  const response = await fetch(documentsUrl(t, query), {
    method: 'POST',
    headers: {
      'content-type': options.type ?? PDF,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: bytes,
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as UploadAnswer['body'] };
}

/** Uploads and returns the new document's id (the upload must succeed). */
export async function uploaded(t: TestHub, token: string, bytes: Buffer = samples.pdf(), options: Omit<UploadOptions, 'token'> = {}): Promise<string> {
  const answer = await upload(t, bytes, { filename: 'evidence.pdf', ...options, token });
  if (answer.status !== 201 || !answer.body.id) throw new Error(`upload failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

/** GETs a document; the body as bytes. */
export async function download(t: TestHub, id: string, token?: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(documentsUrl(t, `/${encodeURIComponent(id)}`), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** What the database holds for one uploader: their document rows, and content rows belonging to no document (committed). */
export async function stored(t: TestHub, uploaderId: string): Promise<{ documents: number; orphanChunks: number }> {
  const em = t.hub.orm.em.fork();
  const [{ documents }] = await selectRows<{ documents: number }>(em, 'select count(*)::int as documents from documents where uploader_id = ?', [uploaderId]);
  const [{ orphans }] = await selectRows<{ orphans: number }>(
    em,
    'select count(*)::int as orphans from document_content c where not exists (select 1 from documents d where d.id = c.document_id)',
  );
  return { documents, orphanChunks: orphans };
}

/** Whether some transaction is writing content rows right now (an upload streaming into the store). */
export async function contentBeingWritten(t: TestHub): Promise<boolean> {
  const rows = await selectRows<{ n: number }>(
    t.hub.orm.em.fork(),
    `select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
      where c.relname = 'document_content' and l.mode = 'RowExclusiveLock' and l.pid <> pg_backend_pid()`,
  );
  return rows[0].n > 0;
}

/** Resolves once `check` holds, polling (for what another connection does in the database). */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A raw streaming upload over a socket: sends `chunks` one by one (chunked,
 * unless a Content-Length is given), and resolves with the answer as soon as
 * the hub sends one, even before the body is finished. A plain socket, so a
 * connection the hub closes after answering still yields that answer.
 */
export function streamUpload(
  t: TestHub,
  token: string,
  chunks: () => Generator<Buffer>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: UploadAnswer['body']; sent: number }> {
  const url = new URL(documentsUrl(t, '?filename=big.pdf'));
  const chunked = !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length');
  const head = [
    `POST ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    `Content-Type: ${PDF}`,
    `Authorization: Bearer ${token}`,
    ...(chunked ? ['Transfer-Encoding: chunked'] : []),
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    let sent = 0;
    let received = Buffer.alloc(0);
    let answered = false;
    const socket = net.connect(Number(url.port), url.hostname);
    const answer = () => {
      const text = received.toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      const length = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, split))?.[1];
      if (split < 0 || !status || !length || Buffer.byteLength(text.slice(split + 4)) < Number(length)) return;
      answered = true;
      socket.destroy();
      resolve({ status: Number(status), body: JSON.parse(text.slice(split + 4, split + 4 + Number(length))) as UploadAnswer['body'], sent });
    };
    socket.on('data', (piece: Buffer) => {
      received = Buffer.concat([received, piece]);
      answer();
    });
    // Writing into a connection the hub closed after answering: the answer has arrived (or never will).
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (!answered) reject(new Error(`connection closed without an answer: ${received.toString('utf8').slice(0, 200)}`));
    });
    socket.write(`${head}\r\n\r\n`);
    const source = chunks();
    const pump = () => {
      if (answered || socket.destroyed) return;
      const next = source.next();
      if (next.done) return void socket.write(chunked ? '0\r\n\r\n' : '');
      sent += next.value.length;
      const frame = chunked ? Buffer.concat([Buffer.from(`${next.value.length.toString(16)}\r\n`), next.value, Buffer.from('\r\n')]) : next.value;
      // A little time between chunks, as over a real network: the answer can overtake the body.
      if (socket.write(frame)) setTimeout(pump, 2);
      else socket.once('drain', () => setTimeout(pump, 2));
    };
    pump();
  });
}

/** `count` chunks of `size` bytes, the first starting as a PDF. */
export function* pdfChunks(count: number, size = 64 * 1024): Generator<Buffer> {
  for (let i = 0; i < count; i++) {
    const chunk = Buffer.alloc(size, 0x20);
    if (i === 0) samples.pdf().copy(chunk);
    yield chunk;
  }
}

export { http };
