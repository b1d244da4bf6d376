/**
 * The upload limits that protect the hub: uploads streaming at once
 * (DOCUMENT_UPLOADS_AT_ONCE), a client that stops sending
 * (DOCUMENT_UPLOAD_IDLE_SECONDS), the allow list (DOCUMENT_TYPES), and the
 * configuration's own checks.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { toGlobalId } from '../../src/domain/global-id';
import { factories } from '../factories';
import { tokenFor, useTestHub } from '../helpers/hub';
import { contentBeingWritten, documentsUrl, eventually, http, PDF, pdfChunks, PNG, samples, stored, upload } from './helpers';

const t = useTestHub({ DOCUMENT_UPLOADS_AT_ONCE: '1', DOCUMENT_UPLOAD_IDLE_SECONDS: '1', DOCUMENT_TYPES: 'pdf' });

async function person() {
  const user = await factories(t.hub.orm).buildUser();
  return { user, id: toGlobalId('User', user.id), token: await tokenFor(user.email) };
}

/** An upload that sends `chunks` and then nothing (until destroyed); resolves with the hub's answer, or with null when the hub drops it. */
function stalledUpload(token: string, chunks: number) {
  const request = http.request(new URL(documentsUrl(t, '?filename=slow.pdf')), {
    method: 'POST',
    agent: false,
    headers: { 'content-type': PDF, 'content-length': String(900 * 1024), authorization: `Bearer ${token}` },
  });
  const answer = new Promise<number | null>((resolve) => {
    request.on('response', (response) => resolve(response.statusCode ?? 0));
    request.on('error', () => resolve(null));
    request.on('close', () => resolve(null));
  });
  for (const chunk of pdfChunks(chunks)) request.write(chunk);
  return { request, answer };
}

describe('upload limits', () => {
  it('refuses an upload past DOCUMENT_UPLOADS_AT_ONCE with RATE_LIMITED, and takes uploads again once it is free', async () => {
    const me = await person();
    const slow = stalledUpload(me.token, 6);
    await eventually(() => contentBeingWritten(t), 'the first upload streams into the store');
    const second = await upload(t, samples.pdf(), { token: me.token });
    expect(second.status).toBe(429);
    expect(second.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(second.headers.get('retry-after')).toBe('1');
    slow.request.destroy();
    await slow.answer;
    await eventually(async () => (await upload(t, samples.pdf(), { token: me.token })).status === 201, 'the hub takes uploads again');
  });

  it('drops an upload that stops sending for DOCUMENT_UPLOAD_IDLE_SECONDS, keeping nothing of it', async () => {
    const me = await person();
    const slow = stalledUpload(me.token, 5);
    // The hub closes the connection itself: the client never sends the rest.
    expect(await slow.answer).toBeNull();
    await eventually(async () => !(await contentBeingWritten(t)), 'the dropped upload is rolled back');
    expect(await stored(t, me.user.id)).toEqual({ documents: 0, orphanChunks: 0 });
  });

  it('takes only the types DOCUMENT_TYPES lists', async () => {
    const me = await person();
    expect((await upload(t, samples.png(), { token: me.token, type: PNG })).status).toBe(415);
    expect((await upload(t, samples.pdf(), { token: me.token, type: PDF })).status).toBe(201);
  });
});

describe('document configuration', () => {
  it('reads names or media types, defaults to PDF, DOCX, PNG and JPEG, and refuses a type it cannot check', () => {
    expect(loadConfig({}).documents).toMatchObject({
      maxBytes: 10 * 1024 * 1024,
      unattachedHours: 24,
      types: [PDF, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', PNG, 'image/jpeg'],
    });
    expect(loadConfig({ DOCUMENT_TYPES: ' PDF , image/png,pdf' }).documents.types).toEqual([PDF, PNG]);
    expect(() => loadConfig({ DOCUMENT_TYPES: 'pdf,text/html' })).toThrow(ConfigError);
    expect(() => loadConfig({ DOCUMENT_TYPES: 'pdf,text/html' })).toThrow(/DOCUMENT_TYPES must list some of pdf, docx, png, jpeg/);
    expect(() => loadConfig({ DOCUMENT_MAX_BYTES: '10MB' })).toThrow(/DOCUMENT_MAX_BYTES must be a whole number/);
  });
});
