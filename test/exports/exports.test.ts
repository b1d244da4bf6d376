/**
 * GET /exports/…: a waiver request and an application as a printable page and
 * a PDF, read with the bearer token exactly as GraphQL reads them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import {
  EditWaiverSectionDocument,
  SignOffWaiverRequestDocument,
  StartWaiverReviewDocument,
  SubmitWaiverRequestDocument,
  WaiverTextStateDocument,
} from '../generated/graphql';
import { tokenFor, useTestHub } from '../helpers/hub';
import { applicationWorld, Q } from '../applications/factories';
import { waiverFactories } from '../waivers/factories';
import { pdfText } from './pdf-text';

const t = useTestHub();
const make = waiverFactories(t);
let world: ReturnType<typeof applicationWorld>;
beforeAll(() => {
  world = applicationWorld(t);
});
const origin = () => new URL(t.url).origin;

const HOSTILE_TITLE = 'Seat time <script>globalThis.__x = 1</script> & "credit"';
const HOSTILE_BODY = [
  '## Why we ask',
  'Students **show** mastery, *not* minutes. <img src=x onerror="globalThis.__x = 1">',
  '- Flexible pacing',
  '- Credit by [evidence](https://example.org/evidence) and [not this](javascript:alert(1))',
  '<iframe src="https://evil.example"></iframe>',
].join('\n\n');

function get(path: string, token?: string) {
  return fetch(`${origin()}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** A waiver request with hostile text in its title and first section, submitted when `submit` says so. */
async function waiver(submit: boolean) {
  const built = await make.buildWaiver(HOSTILE_TITLE);
  const { id, lead, sections } = built;
  const token = lead.owner.token;
  await t.data(EditWaiverSectionDocument, { input: { sectionId: sections[0].id, baseVersion: sections[0].version, body: HOSTILE_BODY } }, { token });
  if (submit) {
    await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: id } }, { token });
    const { waiverRequest } = await t.data(WaiverTextStateDocument, { id }, { token });
    await t.data(SignOffWaiverRequestDocument, { input: { waiverRequestId: id, districtId: lead.id, textDigest: waiverRequest!.textDigest } }, { token });
    await t.data(SubmitWaiverRequestDocument, { input: { waiverRequestId: id } }, { token });
  }
  return built;
}

describe('GET /exports/waiver-requests/:id', () => {
  it('gives collaborators the page with every hostile character escaped, under a CSP with no script', async () => {
    const { id, lead } = await waiver(false);
    const response = await get(`/exports/waiver-requests/${id}.html`, lead.owner.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const html = await response.text();
    expect(html).not.toMatch(/<script|<img|<iframe|href="javascript:/i);
    expect(html).toContain('Seat time &lt;script&gt;globalThis.__x = 1&lt;/script&gt; &amp; &quot;credit&quot;');
    expect(html).toContain('&lt;img src=x onerror=&quot;globalThis.__x = 1&quot;&gt;');
    expect(html).toContain('<strong>show</strong>');
    expect(html).toContain('<em>not</em>');
    expect(html).toContain('<a href="https://example.org/evidence" rel="noopener noreferrer">evidence</a>');
    expect(html).toContain('<li><p>Flexible pacing</p></li>');
    expect(html.match(/<h2>/g)?.length).toBeGreaterThanOrEqual(8); // sign-offs + seven sections
    expect(html).toContain('<h3>Why we ask</h3>');
  });

  it('gives state reviewers the submitted request as a PDF attachment with its sections and sign-offs, and no one else', async () => {
    const { id, lead, sections } = await waiver(false);
    const staff = await make.buildStateStaff();
    const outsider = await make.buildPerson();
    // Before submission the state reads nothing: the same 404 as for an id that does not exist.
    const hidden = await get(`/exports/waiver-requests/${id}.pdf`, staff.token);
    const missing = await get(`/exports/waiver-requests/${toGlobalId('WaiverRequest', crypto.randomUUID())}.pdf`, staff.token);
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(await hidden.json()).toEqual(await missing.json());

    const token = lead.owner.token;
    await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: id } }, { token });
    const { waiverRequest } = await t.data(WaiverTextStateDocument, { id }, { token });
    await t.data(SignOffWaiverRequestDocument, { input: { waiverRequestId: id, districtId: lead.id, textDigest: waiverRequest!.textDigest } }, { token });
    await t.data(SubmitWaiverRequestDocument, { input: { waiverRequestId: id } }, { token });

    const response = await get(`/exports/waiver-requests/${id}.pdf`, staff.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="waiver-request-seat-time-script/);
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    const text = pdfText(pdf).join('\n');
    for (const [index, section] of sections.entries()) expect(text).toContain(`${index + 1}. ${section.title}`);
    expect(text).toContain('Districts and sign-offs');
    expect(text).toContain('signed off');
    expect(text).toContain('Why we ask');
    expect(text).toContain('Flexible pacing');

    const refused = await Promise.all([
      get(`/exports/waiver-requests/${id}.pdf`, outsider.token),
      get(`/exports/waiver-requests/${id}.html`, outsider.token),
      get(`/exports/waiver-requests/${id}.pdf`),
      get(`/exports/waiver-requests/not-an-id.pdf`, staff.token),
    ]);
    expect(refused.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect((await get(`/exports/waiver-requests/${id}.pdf`, 'not-a-token')).status).toBe(401);
    expect((await get(`/exports/waiver-requests/${id}.docx`, staff.token)).status).toBe(404);
  });

  it('serves the print stylesheet the page links', async () => {
    const response = await get('/exports/print.css');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await response.text()).toContain('@media print');
  });
});

describe('GET /exports/applications/:id', () => {
  it("gives the applicant's members and, once submitted, the facilitation team the application; outsiders get 404", async () => {
    const w = await world.window(Zone.SYSTEM_DESIGN);
    const team = await world.applicant();
    const application = await world.start(w, team.gid, team.editor.token);
    await world.complete(application, team.editor.token);
    const facilitator = await world.facilitator();
    const outsider = await world.person();

    // A draft: its own members only.
    expect((await get(`/exports/applications/${application.id}.html`, team.viewer.token)).status).toBe(200);
    expect((await get(`/exports/applications/${application.id}.pdf`, facilitator.token)).status).toBe(404);

    await world.call(Q.submit, { applicationId: application.id }, team.editor.token);
    await world.call(Q.startReview, { applicationId: application.id }, facilitator.token);
    await world.call(Q.clarify, { applicationId: application.id, question: 'Which partners <b>exactly</b>?' }, facilitator.token);

    const page = await get(`/exports/applications/${application.id}.html`, facilitator.token);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Which partners &lt;b&gt;exactly&lt;/b&gt;?');
    expect(html).toContain('Our work on cbl-practices.');
    expect(html).toContain('<dt>Self-assessment</dt><dd>under construction</dd>');

    const response = await get(`/exports/applications/${application.id}.pdf`, team.owner.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="application-system-design-\d{4}-\d{4}-/);
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf).join('\n');
    expect(text).toContain('System Design Zone (SDZ) application');
    expect(text).toContain('Commitments');
    expect(text).toContain('Clarifications');
    expect(text).toContain('Which partners <b>exactly</b>?');

    const outsiders = await Promise.all([
      get(`/exports/applications/${application.id}.pdf`, outsider.token),
      get(`/exports/applications/${application.id}.html`, await tokenFor((await world.person()).email)),
      get(`/exports/applications/${application.id}.html`),
    ]);
    expect(outsiders.map((r) => r.status)).toEqual([404, 404, 404]);
  });
});
