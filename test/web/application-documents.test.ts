/**
 * An application's documents in a real browser: the superintendent's letter
 * of support an ILDZ application must carry (refused file, then an upload
 * with its progress bar, then the submission it unlocks), and the board
 * resolution of the post-selection checklist (a selected SDZ district
 * uploads it with a progress bar, the facilitation team reads and accepts
 * it, the district's checklist shows it received and accepted, live). Then
 * the applications and desks screens' own states: loading, empty (saying
 * what to do), not found, the hub's error, and no permission. Each screen
 * checked with axe-core and photographed into test-results/web/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEV_JWT_SECRET } from '../../src/config';
import { MemberRole, OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { tokenFor } from '../helpers/hub';
import { applicationWorld, Q, type Person } from '../applications/factories';
import { factories, unique } from '../factories';
import { samples } from '../documents/helpers';
import { checkScreen, hasChromium, hubContext, signIn, watchConsole, CHROMIUM, useBrowserHub } from './browser';

const t = useBrowserHub();

/** A PDF of about `kilobytes`, so its upload takes a few progress events. */
function pdf(title: string, kilobytes: number): Buffer {
  const head = samples.pdf(title);
  return Buffer.concat([head, Buffer.alloc(kilobytes * 1024 - head.length, 0x20)]);
}

/** How wide the page's content is (more than the viewport: it scrolls sideways). */
const pageWidth = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);

const markPage = (page: Page) => page.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));
const stillSamePage = (page: Page) => page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true);

/** A district with an EDITOR, whose token is on the hub's dev secret (the dev sign-in's). */
async function district(name: string) {
  const make = factories(t);
  const organization = await make.buildOrganization({ kind: OrganizationKind.DISTRICT, name, region: 'Southwest' });
  const { user } = await make.buildMember({ organization, role: MemberRole.EDITOR });
  const editor: Person = {
    userId: user.id,
    gid: toGlobalId('User', user.id),
    email: user.email,
    token: await tokenFor(user.email, '1h', DEV_JWT_SECRET),
  };
  return { organization, gid: toGlobalId('Organization', organization.id), editor };
}

/** A facilitation team member, with a token on the dev secret. */
async function facilitator(): Promise<Person> {
  const who = await applicationWorld(t).facilitator();
  return { ...who, token: await tokenFor(who.email, '1h', DEV_JWT_SECRET) };
}

describe.skipIf(!hasChromium)(`an application's documents in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('takes an ILDZ letter of support with a progress bar, after refusing a file that is not one, and then lets the application be submitted', async () => {
    const world = applicationWorld(t);
    const window = await world.window(Zone.INNOVATIVE_LEARNING_DESIGN);
    const name = unique('Cedar Bluff R-II');
    const { gid, editor } = await district(name);
    // Everything but the letter, through the API.
    const application = await world.start(window, gid, editor.token);
    await world.complete(application, editor.token);

    const { context, offsite } = await hubContext(t.browser, t.origin, 375);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, t.origin, editor.email);
    await page.goto(`${t.origin}/applications/${application.id}`);
    await page.getByRole('heading', { name: `${name}: Innovative Learning Design Zone, ${window.schoolYear}`, level: 1 }).waitFor();
    const letter = page.getByRole('region', { name: 'Letter of support' });
    await letter.getByText('No letter uploaded yet.').waitFor();

    // Submitting without it: the hub says what is missing.
    await page.getByRole('button', { name: 'Submit the application' }).click();
    const gaps = page.getByRole('alert').filter({ hasText: 'Not yet ready to submit' });
    await gaps.waitFor();
    expect(await gaps.getByRole('listitem').allTextContents()).toEqual(['Letter of support: a signed letter of support from the Superintendent is required']);
    // Each gap links to where it is filled in.
    expect(await gaps.getByRole('link', { name: 'Letter of support' }).getAttribute('href')).toBe('#letter');
    await page.locator('.status', { hasText: 'Draft' }).waitFor();

    // A file the hub does not take: the field says so in the hub's words, and nothing is listed.
    const field = letter.getByLabel('Upload the letter of support');
    await field.setInputFiles({ name: 'letter.txt', mimeType: 'text/plain', buffer: Buffer.from('Dear Commissioner, we support this application.') });
    const refusal = letter.getByRole('alert').filter({ hasText: 'letter.txt was not added:' });
    await refusal.waitFor();
    const refused = (await refusal.textContent()) ?? '';
    expect(refused).not.toMatch(/The hub answered \d+/);
    expect(refused.replace('letter.txt was not added:', '').trim().length).toBeGreaterThan(0);
    await letter.getByText('No letter uploaded yet.').waitFor();
    // No progress bar left standing at 100 % for it, and its long list of file types wraps on the phone.
    expect(await letter.getByRole('progressbar').count()).toBe(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await checkScreen(page, 'application-letter-refused');

    // The signed letter: a progress bar to 100 %, announced, then listed as a download.
    await field.setInputFiles({
      name: 'superintendent-letter.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('Letter of support from the superintendent', 700),
    });
    const progress = letter.getByRole('progressbar', { name: 'Upload of superintendent-letter.pdf' });
    await progress.waitFor();
    await letter.getByRole('status').filter({ hasText: 'Uploaded superintendent-letter.pdf.' }).waitFor();
    expect(await progress.getAttribute('value')).toBe('100');
    await letter.getByRole('button', { name: 'superintendent-letter.pdf' }).waitFor();
    expect(await letter.getByRole('alert').count()).toBe(0);
    // The gap the hub listed is closed: the list says so instead of standing stale.
    expect(await gaps.count()).toBe(0);
    await page.getByRole('status').filter({ hasText: 'Everything the hub listed is filled in now: submit again.' }).waitFor();
    await checkScreen(page, 'application-letter-uploaded');

    // The letter downloads (behind the token) with its own name.
    const download = page.waitForEvent('download');
    await letter.getByRole('button', { name: 'superintendent-letter.pdf' }).click();
    expect((await download).suggestedFilename()).toBe('superintendent-letter.pdf');

    await page.getByRole('button', { name: 'Submit the application' }).click();
    await page.locator('.status', { hasText: 'Submitted' }).waitFor();
    // Submitted: the letter stays listed, read-only.
    await letter.getByRole('button', { name: 'superintendent-letter.pdf' }).waitFor();
    expect(await letter.getByLabel('Upload the letter of support').count()).toBe(0);
    const { zoneApplication } = await t.data<{ zoneApplication: { status: string; letterOfSupport: Array<{ filename: string }> } }, { id: string }>(
      'query ($id: ID!) { zoneApplication(id: $id) { status letterOfSupport { filename } } }',
      { id: application.id },
      { token: editor.token },
    );
    expect(zoneApplication).toEqual({ status: 'SUBMITTED', letterOfSupport: [{ filename: 'superintendent-letter.pdf' }] });

    // The one refusal the browser logged is the hub's answer to letter.txt.
    expect(errors).toEqual([expect.stringMatching(/status of 415 \(Unsupported Media Type\)/)]);
    expect(offsite).toEqual([]);
    await context.close();
  });

  it('has a selected SDZ district upload its board resolution with a progress bar, which the facilitation team accepts, the checklist showing both live', async () => {
    const world = applicationWorld(t);
    const window = await world.window(Zone.SYSTEM_DESIGN);
    const name = unique('Osage Bend R-VI');
    const { gid, editor } = await district(name);
    const team = await facilitator();
    const application = await world.start(window, gid, editor.token);
    await world.complete(application, editor.token);
    await world.call(Q.submit, { applicationId: application.id }, editor.token);
    await world.call(Q.startReview, { applicationId: application.id }, team.token);
    await world.call(Q.decide, { applicationId: application.id, decision: 'SELECTED' }, team.token);
    const heading = `${name}: System Design Zone, ${window.schoolYear}`;

    // The district opens its application from the inbox's "decided" thread.
    const phone = await hubContext(t.browser, t.origin, 375);
    const page = await phone.context.newPage();
    const errors = watchConsole(page);
    await signIn(page, t.origin, editor.email);
    await page.goto(`${t.origin}/inbox`);
    const thread = page.getByRole('article').filter({ hasText: 'Application decided' });
    await thread.waitFor();
    const link = thread.getByRole('link');
    expect(await link.getAttribute('href')).toBe(`/applications/${application.id}`);
    await link.click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await markPage(page);

    const checklist = page.getByRole('region', { name: 'After the decision' });
    await checklist.getByText(`${name} is a member of the System Design Zone for ${window.schoolYear}.`).waitFor();
    await checklist.getByText(/Board resolution supporting participation: Outstanding, due /).waitFor();
    await checkScreen(page, 'application-checklist-outstanding');

    await checklist
      .getByLabel('Upload the board resolution')
      .setInputFiles({ name: 'board-resolution.pdf', mimeType: 'application/pdf', buffer: pdf('Resolution of the Board of Education', 800) });
    const progress = checklist.getByRole('progressbar', { name: 'Upload of board-resolution.pdf' });
    await progress.waitFor();
    await checklist.getByText(/Board resolution supporting participation: Received, received /).waitFor();
    expect(await progress.getAttribute('value')).toBe('100');
    await checklist.getByRole('button', { name: 'board-resolution.pdf' }).waitFor();
    // Received: nothing more to upload.
    expect(await checklist.getByLabel('Upload the board resolution').count()).toBe(0);
    await checkScreen(page, 'application-checklist-received');

    // The facilitation team reads it on its desk and accepts it.
    const desk = await hubContext(t.browser, t.origin);
    const reviewer = await desk.context.newPage();
    const reviewerErrors = watchConsole(reviewer);
    await signIn(reviewer, t.origin, team.email);
    // Its inbox's "received" thread opens the application's page, which sends the team on to its desk.
    await reviewer.goto(`${t.origin}/inbox`);
    const received = reviewer.getByRole('article').filter({ hasText: 'Board resolution received on an application' });
    await received.getByRole('link').click();
    await reviewer.getByRole('heading', { name: heading, level: 1 }).waitFor();
    expect(reviewer.url()).toBe(`${t.origin}/applications/${application.id}`);
    await reviewer.getByRole('link', { name: 'Review it on the facilitation desk' }).click();
    await reviewer.getByRole('heading', { name: heading, level: 1 }).waitFor();
    expect(reviewer.url()).toBe(`${t.origin}/facilitation/applications/${application.id}`);
    const resolution = reviewer.getByRole('region', { name: 'Board resolution' });
    await resolution.getByText(/^Received, due /).waitFor();
    await resolution.getByRole('button', { name: 'board-resolution.pdf' }).waitFor();
    await checkScreen(reviewer, 'facilitation-board-resolution');
    const download = reviewer.waitForEvent('download');
    await resolution.getByRole('button', { name: 'board-resolution.pdf' }).click();
    expect((await download).suggestedFilename()).toBe('board-resolution.pdf');
    await resolution.getByRole('button', { name: 'Accept the board resolution' }).click();
    await resolution.getByText(/^Accepted/).waitFor();
    expect(await resolution.getByRole('button', { name: 'Accept the board resolution' }).count()).toBe(0);

    // The district's open page shows it accepted, without a reload.
    await checklist.getByText(/Board resolution supporting participation: Accepted, received .*, accepted /).waitFor();
    expect(await stillSamePage(page)).toBe(true);
    await checkScreen(page, 'application-checklist-accepted');

    expect([...errors, ...reviewerErrors]).toEqual([]);
    expect([...phone.offsite, ...desk.offsite]).toEqual([]);
    await desk.context.close();
    await phone.context.close();
  });

  it('shows the applications and desks screens loading, empty with what to do, not found, failing in the hub’s words, and closed to a district member', async () => {
    const world = applicationWorld(t);
    await world.window(Zone.SYSTEM_DESIGN);
    const name = unique('Mark Twain R-VIII');
    const { gid, editor } = await district(name);

    const { context, offsite } = await hubContext(t.browser, t.origin, 375);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, t.origin, editor.email);

    // Loading: the hub's answer held until the screen has shown it is waiting (then let through).
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = 0;
    await page.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('query WebApplications')) {
        holding += 1;
        await held;
      }
      await route.fallback();
    });
    await page.getByRole('link', { name: 'Zone applications' }).click();
    await page.getByRole('status').filter({ hasText: 'Loading application windows…' }).waitFor();
    expect(holding).toBe(1);
    release();
    await page.getByRole('heading', { name: 'Zone applications', level: 1 }).waitFor();
    await page.unroute('**/graphql');

    // Empty: no application yet, and the way to start one.
    const ours = page.getByRole('region', { name: 'Our applications' });
    const empty = ours.getByText(/None of your organizations has an application yet/);
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(/Start one above/);
    // Stacked on the phone, each window's cells say what they are.
    const before = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
      const view = globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): { content: string } };
      return view.getComputedStyle(doc.querySelector('table.windows td[data-label="Deadline"]'), '::before').content;
    });
    expect(before).toBe('"Deadline: "');
    await checkScreen(page, 'applications-empty');

    // Not found: a well-formed id of no application.
    await page.goto(`${t.origin}/applications/${toGlobalId('ZoneApplication', crypto.randomUUID())}`);
    await page.getByRole('heading', { name: 'Application not found', level: 1 }).waitFor();
    await page.getByText('There is no such application, or it is not yours to read.').waitFor();
    await page.getByRole('link', { name: 'Back to the applications' }).waitFor();
    await checkScreen(page, 'application-not-found');

    // The hub's error, in its words: an id that is not an application's.
    await page.goto(`${t.origin}/applications/${toGlobalId('Organization', crypto.randomUUID())}`);
    const failure = page.getByRole('alert').filter({ hasText: 'Something went wrong:' });
    await failure.waitFor();
    expect(await failure.textContent()).toMatch(/Something went wrong: .*id/);
    await checkScreen(page, 'application-error');

    // No permission: the facilitation desk, and an application of theirs opened on it.
    await page.goto(`${t.origin}/facilitation`);
    await page.getByRole('heading', { name: 'Facilitation desk', level: 1 }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'You do not have permission for this.' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    await checkScreen(page, 'facilitation-no-permission');
    const window = await world.window(Zone.SYSTEM_DESIGN);
    const application = await world.start(window, gid, editor.token);
    await page.goto(`${t.origin}/facilitation/applications/${application.id}`);
    await page.getByRole('alert').filter({ hasText: 'You do not have permission for this.' }).waitFor();
    const own = page.getByRole('link', { name: 'Open it as the applicant' });
    expect(await own.getAttribute('href')).toBe(`/applications/${application.id}`);
    expect(await page.getByLabel('New private note').count()).toBe(0);
    await checkScreen(page, 'facilitation-application-no-permission');

    // The state review desk is closed to them too.
    await page.goto(`${t.origin}/review`);
    await page.getByRole('alert').filter({ hasText: 'You do not have permission for this.' }).waitFor();

    // Signed out: each screen says to sign in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    for (const path of [`/applications/${application.id}`, '/facilitation', `/facilitation/applications/${application.id}`]) {
      await page.goto(`${t.origin}${path}`);
      await page.getByText(/Sign in to see /).waitFor();
    }

    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
    await context.close();
  });
});
