/**
 * The waiver editor's connection, styles and exports in a real browser: a
 * lead opens the request from Home (its link; the applications' empty
 * state), the editor renders with CodeMirror's own styles and no CSP
 * violation (the page's style nonce, src/http/web-app.ts), its PDF comes
 * from the hub's export; an author's socket drops (reconnecting, N unsent
 * changes; once with a close code graphql-ws does not retry) and then the
 * browser goes offline (offline, N unsent changes),
 * and each time the texts converge once back; her selection shows on the
 * lead's screen in her colour.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEV_JWT_SECRET } from '../../src/config';
import { MemberRole, OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { tokenFor } from '../helpers/hub';
import { factories, unique } from '../factories';
import { checkScreen, droppableSockets, hasChromium, hubContext, signIn, watchConsole, CHROMIUM, useBrowserHub } from './browser';

const t = useBrowserHub();

/** Every `securitypolicyviolation` the page's document reports, kept in the page (an init script runs outside the CSP). */
const RECORD_VIOLATIONS = `
  globalThis.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    globalThis.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || '') + ' ' + (event.sample || ''));
  });
`;
const violations = (page: Page) => page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations);

/** The editor's text as CodeMirror holds it (others' caret labels left out). */
const editorText = (page: Page) =>
  page.locator('.cm-content').evaluate((content) => {
    interface DomNode {
      cloneNode(deep: boolean): DomNode;
      querySelectorAll(selector: string): ArrayLike<DomNode>;
      remove(): void;
      textContent: string | null;
    }
    const copy = (content as unknown as DomNode).cloneNode(true);
    Array.from(copy.querySelectorAll('.remote-caret, .cm-placeholder')).forEach((node) => node.remove());
    return Array.from(copy.querySelectorAll('.cm-line'))
      .map((line) => line.textContent ?? '')
      .join('\n');
  });

/** A computed style of the first element `selector` finds. */
const styleOf = (page: Page, selector: string, property: string) =>
  page
    .locator(selector)
    .first()
    .evaluate(
      (element, name) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(p: string): string } }).getComputedStyle(element).getPropertyValue(name),
      property,
    );

/** Polls (bounded) until `check` holds. */
async function until(check: () => Promise<boolean>, what: string, polls = 150, every = 100): Promise<void> {
  for (let i = 0; i < polls; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  throw new Error(`never: ${what}`);
}

const connection = (page: Page) => page.getByTestId('connection');
const says = (page: Page, text: string | RegExp) =>
  connection(page)
    .filter({ hasText: text })
    .waitFor()
    .catch(async (error: Error) => {
      await page.screenshot({ path: 'test-results/web/waiver-connection-failed.png', fullPage: true });
      throw new Error(
        `${error.message}\nThe connection said: ${await connection(page)
          .textContent({ timeout: 1000 })
          .catch(() => '(none)')}`,
      );
    });
const saved = (page: Page) => says(page, 'Connected, all changes saved.');

describe.skipIf(!hasChromium)(`the waiver editor's connection, styles and exports in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('opens from Home with CodeMirror styled under the CSP, downloads its PDF, shows drops and offline edits with their count, converges, and shows a co-author’s selection in her colour', async () => {
    const make = factories(t);
    const organization = await make.buildOrganization({ zones: [Zone.SYSTEM_DESIGN], kind: OrganizationKind.DISTRICT, name: unique('Cedar Bluff R-II') });
    const { user: samUser } = await make.buildMember({ organization, role: MemberRole.OWNER, user: await make.buildUser({ displayName: 'Sam Ortiz' }) });
    const anaUser = await make.buildUser({ displayName: 'Ana Silva' });
    const samToken = await tokenFor(samUser.email, '1h', DEV_JWT_SECRET);
    const title = unique('Seat-time flexibility');
    const { createWaiverRequest: waiver } = await t.data<
      { createWaiverRequest: { id: string; sections: Array<{ id: string; key: string }> } },
      Record<string, unknown>
    >(
      'mutation ($input: CreateWaiverRequestInput!) { createWaiverRequest(input: $input) { id sections { id key } } }',
      { input: { districtId: toGlobalId('Organization', organization.id), title, kind: 'MSIP6' } },
      { token: samToken },
    );
    await t.data(
      'mutation ($input: InviteWaiverCollaboratorInput!) { inviteWaiverCollaborator(input: $input) { role } }',
      { input: { waiverRequestId: waiver.id, email: anaUser.email, role: 'AUTHOR' } },
      { token: samToken },
    );
    const rationale = waiver.sections.find((s) => s.key === 'rationale')!;
    const stored = async () =>
      (
        await t.data<{ node: { body: string } }, { id: string }>(
          'query ($id: ID!) { node(id: $id) { ... on WaiverSection { body } } }',
          { id: rationale.id },
          { token: samToken },
        )
      ).node.body;

    // Sam: from Home to the editor by the request's link.
    const sam = await hubContext(t.browser, t.origin);
    await sam.context.addInitScript({ content: RECORD_VIOLATIONS });
    const samPage = await sam.context.newPage();
    const errors = watchConsole(samPage);
    await signIn(samPage, t.origin, samUser.email);
    await samPage.goto(`${t.origin}/`);
    const waivers = samPage.getByRole('region', { name: 'Waiver requests I work on' });
    const applications = samPage.getByRole('region', { name: 'My zone applications' });
    await applications.getByText('No zone application.').waitFor();
    expect(await applications.getByRole('link', { name: 'Zone applications' }).getAttribute('href')).toBe('/applications');
    await checkScreen(samPage, 'home-waivers');
    await waivers.getByRole('link', { name: title }).click();
    await saved(samPage);
    expect(new URL(samPage.url()).pathname).toBe(`/waivers/${encodeURIComponent(waiver.id)}`);
    await samPage.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Rationale', exact: true }).click();
    await samPage.getByRole('heading', { name: 'Rationale', level: 2, exact: true }).waitFor();

    // CodeMirror's base theme applies (its <style> carries the page's nonce), and nothing was refused.
    expect(await styleOf(samPage, '.cm-editor', 'display')).toBe('flex');
    expect(await styleOf(samPage, '.cm-editor', 'flex-direction')).toBe('column');
    expect(await styleOf(samPage, '.cm-scroller', 'display')).toBe('flex');
    expect(await styleOf(samPage, '.cm-scroller', 'align-items')).toBe('flex-start');
    // waivers.css over the base theme: the editor grows with its text, no scroller of its own.
    expect(await styleOf(samPage, '.cm-scroller', 'overflow-x')).toBe('visible');
    const nonce = await samPage.locator('meta[name="csp-nonce"]').getAttribute('content');
    expect(nonce).toBeTruthy();
    // The nonce is not readable back from the element's attribute (the browser hides it), so count the injected sheets instead.
    expect(await samPage.locator('style').count()).toBeGreaterThan(0);
    await samPage.getByRole('textbox', { name: 'Rationale (Markdown)' }).click();
    await samPage.keyboard.type('Seat time measures attendance, not learning.');
    await until(async () => (await stored()) === 'Seat time measures attendance, not learning.', 'Sam’s text stored');
    await saved(samPage);
    expect(await violations(samPage)).toEqual([]);
    await checkScreen(samPage, 'waiver-editor-styled');

    // The export: the PDF the hub renders, fetched with the token.
    const [pdf, download] = await Promise.all([
      samPage.waitForResponse((response) => new URL(response.url()).pathname === `/exports/waiver-requests/${waiver.id}.pdf`),
      samPage.waitForEvent('download'),
      samPage.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(
      fs
        .readFileSync(await download.path())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');

    // Ana, an author, in her own browser; her sockets can be dropped.
    const ana = await hubContext(t.browser, t.origin);
    await ana.context.addInitScript({ content: RECORD_VIOLATIONS });
    const sockets = await droppableSockets(ana.context);
    const anaPage = await ana.context.newPage();
    errors.push(...watchConsole(anaPage));
    await signIn(anaPage, t.origin, anaUser.email);
    await anaPage.goto(`${t.origin}/waivers/${waiver.id}?section=${encodeURIComponent(rationale.id)}`);
    await saved(anaPage);
    await until(async () => (await editorText(anaPage)) === 'Seat time measures attendance, not learning.', 'Ana has Sam’s text');

    // Her selection on Sam's screen, tinted in her caret's colour.
    const editor = anaPage.getByRole('textbox', { name: 'Rationale (Markdown)' });
    await editor.click();
    await anaPage.keyboard.press('Control+Home');
    await anaPage.keyboard.press('Shift+End');
    const selection = samPage.locator('.cm-content .remote-selection');
    await selection.first().waitFor();
    const caret = samPage.locator('.remote-caret[data-name="Ana Silva"]');
    await caret.waitFor();
    expect(await selection.first().getAttribute('class')).toMatch(/\bremote-colour-\d\b/);
    const colour = await styleOf(samPage, '.remote-caret[data-name="Ana Silva"]', 'border-left-color');
    expect(colour).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
    expect(await styleOf(samPage, '.cm-content .remote-selection', 'background-color')).toBe(colour.replace(/^rgb\((.*)\)$/, 'rgba($1, 0.2)'));
    expect(await styleOf(samPage, '.remote-caret[data-name="Ana Silva"] .remote-caret-name', 'background-color')).toBe(colour);
    expect((await selection.allTextContents()).join('')).toBe('Seat time measures attendance, not learning.');
    await checkScreen(samPage, 'waiver-editor-remote-selection');

    // Her socket drops: reconnecting, with her edits counted; the hub comes back and both converge.
    await anaPage.keyboard.press('End');
    await sockets.drop();
    await connection(anaPage).filter({ hasText: 'Reconnecting' }).waitFor();
    await anaPage.keyboard.type(' Mastery counts.');
    await says(anaPage, /Reconnecting… \d+ unsent changes?\./);
    expect(Number(await connection(anaPage).getAttribute('data-unsent'))).toBeGreaterThan(0);
    expect(await connection(anaPage).getAttribute('class')).toContain('connection-reconnecting');
    await checkScreen(anaPage, 'waiver-editor-reconnecting');
    expect(await stored()).toBe('Seat time measures attendance, not learning.');
    sockets.restore();
    await saved(anaPage);
    const afterDrop = 'Seat time measures attendance, not learning. Mastery counts.';
    await until(async () => (await editorText(samPage)) === afterDrop && (await stored()) === afterDrop, 'converged after the drop');

    // A close graphql-ws does not retry (the hub's internal error): still reconnecting, and back.
    await sockets.drop(4500);
    await says(anaPage, 'Reconnecting');
    await anaPage.keyboard.type(' Really.');
    await says(anaPage, /Reconnecting… \d+ unsent changes?\./);
    sockets.restore();
    await saved(anaPage);
    const afterFatal = `${afterDrop} Really.`;
    await until(async () => (await editorText(samPage)) === afterFatal && (await stored()) === afterFatal, 'converged after the hub’s error');

    // Offline: the same, said as offline.
    await ana.context.setOffline(true);
    await connection(anaPage).filter({ hasText: 'Offline' }).waitFor();
    await editor.click();
    await anaPage.keyboard.press('Control+End');
    await anaPage.keyboard.type('\nWritten offline.');
    await says(anaPage, /Offline, \d+ unsent changes?: kept here/);
    const unsent = Number(await connection(anaPage).getAttribute('data-unsent'));
    expect(unsent).toBeGreaterThan(0);
    expect(await connection(anaPage).textContent()).toContain(`${unsent} unsent change`);
    await samPage.getByRole('textbox', { name: 'Rationale (Markdown)' }).click();
    await samPage.keyboard.press('Control+Home');
    await samPage.keyboard.type('Why: ');
    await until(async () => (await stored()).startsWith('Why: '), 'Sam’s edit stored meanwhile');
    await ana.context.setOffline(false);
    await saved(anaPage);
    const converged = `Why: ${afterFatal}\nWritten offline.`;
    await until(
      async () => (await editorText(samPage)) === converged && (await editorText(anaPage)) === converged && (await stored()) === converged,
      'converged after offline',
    );
    await saved(samPage);

    expect(await violations(samPage)).toEqual([]);
    expect(await violations(anaPage)).toEqual([]);
    // The dropped sockets are the only console lines (Chromium reports a WebSocket it could not open).
    expect(errors.filter((e) => !/WebSocket/.test(e))).toEqual([]);
    expect([...sam.offsite, ...ana.offsite]).toEqual([]);
    await sam.context.close();
    await ana.context.close();
  }, 180_000);
});
