/** `POST /documents` and `GET /documents/:id` over real HTTP: the round trip, and every way an upload is refused. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/domain/global-id';
import { factories } from '../factories';
import { DocumentNodeDocument } from '../generated/graphql';
import { tokenFor, useTestHub } from '../helpers/hub';
import {
  contentBeingWritten,
  documentsUrl,
  download,
  DOCX,
  eventually,
  http,
  JPEG,
  PDF,
  pdfChunks,
  PNG,
  samples,
  stored,
  streamUpload,
  upload,
  uploaded,
} from './helpers';

const MAX = 1024 * 1024;
const t = useTestHub({ DOCUMENT_MAX_BYTES: String(MAX) });

async function person() {
  const user = await factories(t.hub.orm).buildUser();
  return { user, id: toGlobalId('User', user.id), token: await tokenFor(user.email) };
}

describe('POST /documents', () => {
  it('stores a PDF as it streams and gives it back byte for byte, with download headers', async () => {
    const me = await person();
    const bytes = Buffer.concat([samples.pdf('Graduate profile'), Buffer.alloc(600 * 1024, 7)]); // more than two store chunks
    const answer = await upload(t, bytes, { token: me.token, filename: 'Graduate profile.pdf' });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: expect.any(String), filename: 'Graduate profile.pdf', contentType: PDF, byteSize: bytes.length });

    const got = await download(t, answer.body.id!, me.token);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(bytes)).toBe(true);
    expect(got.headers.get('content-type')).toBe(PDF);
    expect(got.headers.get('content-length')).toBe(String(bytes.length));
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="Graduate profile.pdf"; filename*=UTF-8''Graduate%20profile.pdf`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');

    const { node } = await t.data(DocumentNodeDocument, { id: answer.body.id! }, { token: me.token });
    expect(node).toMatchObject({
      id: answer.body.id,
      name: 'Graduate profile.pdf',
      filename: 'Graduate profile.pdf',
      byteSize: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      url: `/documents/${answer.body.id}`,
      downloadUrl: `/documents/${answer.body.id}`,
      purpose: null,
      attachedAt: null,
      uploadedBy: { id: me.id },
    });
  });

  it('accepts DOCX, PNG and JPEG by their bytes', async () => {
    const me = await person();
    for (const [type, bytes, filename] of [
      [DOCX, samples.docx(), 'plan.docx'],
      [PNG, samples.png(), 'chart.png'],
      [JPEG, samples.jpeg(), 'site visit.jpg'],
    ] as const) {
      const answer = await upload(t, bytes, { token: me.token, type, filename });
      expect(answer.status, filename).toBe(201);
      expect(answer.body.contentType).toBe(type);
      const got = await download(t, answer.body.id!, me.token);
      expect(got.bytes.equals(bytes)).toBe(true);
      expect(got.headers.get('content-type')).toBe(type);
    }
  });

  it('takes the name from Content-Disposition (UTF-8) when there is no filename parameter', async () => {
    const me = await person();
    const answer = await upload(t, samples.pdf(), {
      token: me.token,
      headers: { 'content-disposition': `attachment; filename*=UTF-8''R%C3%A9solution%20du%20conseil.pdf` },
    });
    expect(answer.body.filename).toBe('Résolution du conseil.pdf');
    const got = await download(t, answer.body.id!, me.token);
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="R_solution du conseil.pdf"; filename*=UTF-8''R%C3%A9solution%20du%20conseil.pdf`,
    );
  });

  it('cleans a name with path parts and control characters, and bounds its length', async () => {
    const me = await person();
    const cases: Array<[string, string]> = [
      ['../../etc/passwd.pdf', 'passwd.pdf'],
      ['C:\\Users\\lead\\Desktop\\board.pdf', 'board.pdf'],
      ['evil\r\nSet-Cookie: x=1.pdf', 'evilSet-Cookie: x=1.pdf'],
      ['\u202Efdp.exe', 'fdp.exe'],
      ['..', 'document.pdf'],
      ['/', 'document.pdf'],
      [`${'a'.repeat(500)}.pdf`, `${'a'.repeat(196)}.pdf`],
    ];
    for (const [given, kept] of cases) {
      const answer = await upload(t, samples.pdf(), { token: me.token, filename: given });
      expect(answer.status, given).toBe(201);
      expect(answer.body.filename, given).toBe(kept);
    }
  });

  it('refuses a "PDF" that is not one (415, BAD_USER_INPUT) and keeps nothing', async () => {
    const me = await person();
    const answer = await upload(t, Buffer.from('MZ\x90\0 this is a Windows program'), { token: me.token, type: PDF, filename: 'report.pdf' });
    expect(answer.status).toBe(415);
    expect(answer.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await stored(t, me.user.id)).toEqual({ documents: 0, orphanChunks: 0 });
  });

  it('refuses a zip that is not a Word file as DOCX, a PNG sent as JPEG, an empty body, and a type not allowed', async () => {
    const me = await person();
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('xl/workbook.xml', 'latin1')]);
    expect((await upload(t, zip, { token: me.token, type: DOCX })).status).toBe(415);
    expect((await upload(t, samples.png(), { token: me.token, type: JPEG })).status).toBe(415);
    expect((await upload(t, Buffer.alloc(0), { token: me.token, type: PDF })).status).toBe(415);
    const html = await upload(t, Buffer.from('<script>alert(1)</script>'), { token: me.token, type: 'text/html' });
    expect(html.status).toBe(415);
    expect(html.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(html.body.errors?.[0].message).toContain('application/pdf');
    expect(await stored(t, me.user.id)).toEqual({ documents: 0, orphanChunks: 0 });
  });

  it('refuses without a valid token (401, UNAUTHENTICATED)', async () => {
    const anonymous = await upload(t, samples.pdf());
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = await upload(t, samples.pdf(), { token: 'not.a.token' });
    expect(forged.status).toBe(401);
    expect(forged.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a body over DOCUMENT_MAX_BYTES while it streams (413) and keeps nothing', async () => {
    const me = await person();
    // 64 chunks of 64 KiB (4 MiB) without a Content-Length: the hub must stop it once past 1 MiB.
    const answer = await streamUpload(t, me.token, () => pdfChunks(64));
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.sent).toBeLessThan(4 * 1024 * 1024);
    expect(await stored(t, me.user.id)).toEqual({ documents: 0, orphanChunks: 0 });
  });

  it('refuses a declared Content-Length over the limit before reading the body (413)', async () => {
    const me = await person();
    const answer = await streamUpload(t, me.token, () => pdfChunks(1), { 'content-length': String(MAX + 1) });
    expect(answer.status).toBe(413);
    expect(answer.sent).toBeLessThanOrEqual(64 * 1024);
    expect(await stored(t, me.user.id)).toEqual({ documents: 0, orphanChunks: 0 });
  });

  it('accepts exactly DOCUMENT_MAX_BYTES', async () => {
    const me = await person();
    const bytes = Buffer.concat([samples.pdf(), Buffer.alloc(MAX - samples.pdf().length, 1)]);
    const answer = await upload(t, bytes, { token: me.token });
    expect(answer.status).toBe(201);
    expect(answer.body.byteSize).toBe(MAX);
  });

  it('keeps nothing of an upload interrupted mid-body, and serves the next one', async () => {
    const me = await person();
    const url = new URL(documentsUrl(t, '?filename=cut.pdf'));
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': PDF, 'content-length': String(900 * 1024), authorization: `Bearer ${me.token}` },
    });
    request.on('error', () => undefined);
    for (const chunk of pdfChunks(6)) request.write(chunk); // 384 KiB of 900: one store chunk is written in the upload's transaction
    await eventually(() => contentBeingWritten(t), 'the upload writes into the store');
    request.destroy();
    await eventually(async () => !(await contentBeingWritten(t)), 'the interrupted upload is rolled back');
    expect(await stored(t, me.user.id)).toEqual({ documents: 0, orphanChunks: 0 });
    expect((await upload(t, samples.pdf(), { token: me.token })).status).toBe(201);
    expect((await stored(t, me.user.id)).documents).toBe(1);
  });

  it('answers other methods with 405 in the hub error shape', async () => {
    const response = await fetch(documentsUrl(t), { method: 'PUT', body: 'x' });
    expect(response.status).toBe(405);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('GET /documents/:id', () => {
  it('answers 404 for an id that is not a document, and for a document id that does not exist', async () => {
    const me = await person();
    expect((await download(t, 'nonsense', me.token)).status).toBe(404);
    expect((await download(t, toGlobalId('User', me.user.id), me.token)).status).toBe(404);
    expect((await download(t, toGlobalId('Document', '00000000-0000-4000-8000-000000000000'), me.token)).status).toBe(404);
  });

  it('shows an unattached upload to its uploader only: another person and the anonymous get 404, as for nothing', async () => {
    const owner = await person();
    const other = await person();
    const id = await uploaded(t, owner.token);
    expect((await download(t, id, owner.token)).status).toBe(200);
    const hidden = await download(t, id, other.token);
    expect(hidden.status).toBe(404);
    expect(JSON.parse(hidden.bytes.toString())).toEqual({ errors: [{ message: 'Document was not found', extensions: { code: 'NOT_FOUND' } }] });
    expect((await download(t, id)).status).toBe(404);
    const { node } = await t.data(DocumentNodeDocument, { id }, { token: other.token });
    expect(node).toBeNull();
  });
});
