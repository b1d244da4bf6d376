/**
 * Zone applications in a real browser: a district applies to the System
 * Design Zone with a letter uploaded as evidence (its progress shown), the
 * facilitation team (a second browser) asks for clarification, the district
 * answers, the team decides NOT_SELECTED after reading the SDZ → ILDZ rule,
 * and the district sees its ILDZ membership, all without reloading. Each
 * screen is checked with axe-core and photographed into test-results/web/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { MemberRole, OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { applicationWorld } from '../applications/factories';
import { factories, unique } from '../factories';
import { samples } from '../documents/helpers';
import { checkScreen, hasChromium, hubContext, signIn, watchConsole, CHROMIUM, useBrowserHub } from './browser';

/** How wide the page's content is (more than the viewport: it scrolls sideways). */
const pageWidth = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);

const t = useBrowserHub();

const markPage = (page: Page) => page.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));
const stillSamePage = (page: Page) => page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true);

/** A PDF of about `kilobytes` (a letter of support with a scanned look), so the upload takes a few progress events. */
function letter(kilobytes: number): Buffer {
  const head = samples.pdf('Letter of support from the superintendent');
  return Buffer.concat([head, Buffer.alloc(kilobytes * 1024 - head.length, 0x20)]);
}

describe.skipIf(!hasChromium)(`zone applications in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('lets a district apply to the SDZ with a letter upload, answer the team’s question, and see its ILDZ placement when not selected', async () => {
    const world = applicationWorld(t);
    const make = factories(t);
    const window = await world.window(Zone.SYSTEM_DESIGN);
    const districtName = unique('Osage Prairie R-IV');
    const district = await make.buildOrganization({ kind: OrganizationKind.DISTRICT, name: districtName, region: 'Northeast' });
    const { user: editor } = await make.buildMember({ organization: district, role: MemberRole.EDITOR });
    const facilitator = await world.facilitator();
    const heading = `${districtName}: System Design Zone, ${window.schoolYear}`;

    // The district, on a phone.
    const phone = await hubContext(t.browser, t.origin, 375);
    const page = await phone.context.newPage();
    const errors = watchConsole(page);
    await signIn(page, t.origin, editor.email);
    await page.getByRole('link', { name: 'Zone applications' }).click();
    await page.getByRole('heading', { name: 'Zone applications', level: 1 }).waitFor();
    await page.getByRole('table', { name: `School year ${window.schoolYear}` }).waitFor();
    await checkScreen(page, 'applications');
    await page.getByLabel('Zone and school year').selectOption(toGlobalId('ApplicationWindow', window.id));
    await page.getByLabel('Applying organization').selectOption({ label: districtName });
    await page.getByRole('button', { name: 'Start the application' }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();

    // The self-assessment: each practice rated with a link, its narrative written; the letter uploaded as evidence of the first.
    // Each section is an article with its title (its narrative's preview, inside it, is one too).
    const sectionArticles = { has: page.getByRole('heading', { level: 3 }) };
    const practices = page.getByRole('region', { name: 'Self-assessment: Evidence of Practice' }).getByRole('article').filter(sectionArticles);
    const count = await practices.count();
    expect(count).toBe(4);
    for (let i = 0; i < count; i += 1) {
      const practice = practices.nth(i);
      await practice.getByLabel('Evidence links (https, one a line)').fill('https://example.org/evidence');
      await practice.getByLabel('Under construction').check();
      // Narratives are co-typed live: typed in, saved as they are typed.
      await practice.getByRole('textbox', { name: /^Narrative \(Markdown\)/ }).click();
      await page.keyboard.type(`Practice ${i + 1}: **mastery** before minutes.`);
      await practice.getByText('All changes saved.').waitFor();
    }
    const first = practices.first();
    await first.getByLabel(/^Upload evidence for/).setInputFiles({ name: 'letter-of-support.pdf', mimeType: 'application/pdf', buffer: letter(900) });
    const progress = first.getByRole('progressbar', { name: 'Upload of letter-of-support.pdf' });
    await progress.waitFor();
    await first.getByText('Uploaded letter-of-support.pdf.').waitFor();
    expect(await progress.getAttribute('value')).toBe('100');
    await first.getByRole('button', { name: 'letter-of-support.pdf' }).waitFor();

    const narratives = page.getByRole('region', { name: 'Narratives' }).getByRole('article').filter(sectionArticles);
    for (let i = 0; i < (await narratives.count()); i += 1) {
      await narratives
        .nth(i)
        .getByRole('textbox', { name: /^Narrative \(Markdown\)/ })
        .click();
      await page.keyboard.type('We will share what we learn with the network.');
      await narratives.nth(i).getByText('All changes saved.').waitFor();
    }
    const commitments = page.getByRole('group', { name: 'What the zone asks you to commit to' }).getByRole('checkbox');
    for (let i = 0; i < (await commitments.count()); i += 1) await commitments.nth(i).check();
    // Usable at 375 px: nothing wider than the phone.
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await checkScreen(page, 'application-form');
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await page.locator('.status', { hasText: 'Submitted' }).waitFor();
    await markPage(page);

    // The facilitation team, at a desk: the queue, the record, a private note, a question.
    const desk = await hubContext(t.browser, t.origin);
    const team = await desk.context.newPage();
    const teamErrors = watchConsole(team);
    await signIn(team, t.origin, facilitator.email);
    await team.getByRole('link', { name: 'Facilitation' }).click();
    await team.getByRole('heading', { name: 'Facilitation desk', level: 1 }).waitFor();
    await team.getByLabel('Zone', { exact: true }).selectOption('SYSTEM_DESIGN');
    await team.getByRole('link', { name: districtName }).waitFor();
    await checkScreen(team, 'facilitation-queue');
    await team.getByRole('link', { name: districtName }).click();
    await team.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await team.getByRole('button', { name: 'Start the review' }).click();
    await team.locator('.status', { hasText: 'Under review' }).waitFor();
    await team.getByLabel('New private note').fill('Strong on data; ask about partners.');
    await team.getByRole('button', { name: 'Add the note' }).click();
    await team.getByText('Strong on data; ask about partners.').waitFor();
    await team.getByLabel('Ask the applicant for clarification').fill('Which real-world learning partners support practice 4?');
    await team.getByRole('button', { name: 'Request clarification' }).click();
    await team.locator('.status', { hasText: 'Needs clarification' }).waitFor();
    await checkScreen(team, 'facilitation-application');

    // The district sees the question arrive and answers it.
    await page.getByText('Which real-world learning partners support practice 4?').waitFor();
    await page.getByLabel('Your answer').fill('Cedar Bluff Manufacturing and the county health department.');
    await checkScreen(page, 'application-clarification');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await page.locator('.status', { hasText: 'Under review' }).waitFor();

    // The team sees the answer, and reads what NOT_SELECTED does before confirming it.
    await team.getByText('Cedar Bluff Manufacturing and the county health department.').waitFor();
    await team.getByLabel('Not selected').check();
    await team.getByLabel('Note to the applicant').fill('Build one more year of evidence in the ILDZ.');
    await team.getByRole('button', { name: 'Decide…' }).click();
    const dialog = team.getByRole('dialog', { name: 'Confirm: Not selected' });
    await dialog.waitFor();
    expect(await dialog.getByText(/places it in the Innovative Learning Design Zone \(ILDZ\)/).textContent()).toContain(
      `Not selecting ${districtName} for the System Design Zone places it in the Innovative Learning Design Zone (ILDZ) for ${window.schoolYear}`,
    );
    await checkScreen(team, 'facilitation-decide-confirm');
    await dialog.getByRole('button', { name: 'Confirm: Not selected' }).click();
    await team.locator('.status', { hasText: 'Not selected' }).waitFor();
    // The decision in words, with the zones' names (never their enum values).
    await team
      .getByRole('note')
      .getByText(`Not selected for the System Design Zone; automatically accepted into the Innovative Learning Design Zone for ${window.schoolYear}`)
      .waitFor();
    expect(await team.locator('main').textContent()).not.toMatch(/SYSTEM_DESIGN|INNOVATIVE_LEARNING_DESIGN|COLLABORATIVE_NETWORK/);
    await team.setViewportSize({ width: 375, height: 900 });
    expect(await pageWidth(team)).toBeLessThanOrEqual(375);
    await checkScreen(team, 'facilitation-decided-phone');

    // The district sees the decision and its ILDZ membership without reloading.
    await page.getByText(`${districtName} is a member of the Innovative Learning Design Zone for ${window.schoolYear}.`).waitFor();
    await page.getByText('Build one more year of evidence in the ILDZ.').waitFor();
    expect(await stillSamePage(page)).toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await checkScreen(page, 'application-decided');
    expect(await world.zoneMemberships(district.id)).toEqual([{ zone: 'INNOVATIVE_LEARNING_DESIGN', school_year: window.schoolYear }]);

    // The record as a PDF and as a printable page.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download PDF' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^application-system-design-\d{4}-\d{4}-osage-prairie/);
    await page.getByRole('button', { name: 'Print' }).click();
    const printable = page.frameLocator('iframe[title="Printable application"]');
    await printable.getByRole('heading', { name: 'Clarifications' }).waitFor();

    expect([...errors, ...teamErrors]).toEqual([]);
    expect([...phone.offsite, ...desk.offsite]).toEqual([]);
    await desk.context.close();
    await phone.context.close();
  });
});
