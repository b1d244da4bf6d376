/**
 * The waiver request editor in a real browser (issue 18, screen 1): two
 * authors in two browser contexts co-type one paragraph and both end with
 * one merged text, each seeing the other's cursor; one goes offline, types,
 * comes back and the texts converge; three districts sign off (a reviewer
 * suggests, the lead accepts, the sign-offs go stale and are renewed; an
 * author's edit caught by the freeze comes back to copy), the lead submits, the state
 * agency approves and both authors see the status change live; comments
 * with an @mention, a reply, resolve and reopen; a section's history with
 * its diff and a restore; sections added, renamed and moved; the mention's
 * inbox thread opening the editor, and a new request started from the list. Every screen is
 * checked with axe-core and photographed into test-results/web/.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEV_JWT_SECRET } from '../../src/config';
import { MemberRole, OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import type { Organization } from '../../src/modules/organizations/organization.entity';
import type { User } from '../../src/modules/users/user.entity';
import { tokenFor } from '../helpers/hub';
import { factories, unique } from '../factories';
import { blockableSocketOperations, checkScreen, hasChromium, hubContext, signIn, watchConsole, CHROMIUM, useBrowserHub } from './browser';

const t = useBrowserHub();

interface Person {
  user: User;
  token: string;
  name: string;
}
interface District {
  organization: Organization;
  id: string;
  owner: Person;
}
interface Waiver {
  id: string;
  sections: Array<{ id: string; key: string; title: string }>;
}

async function person(user: User): Promise<Person> {
  return { user, token: await tokenFor(user.email, '1h', DEV_JWT_SECRET), name: user.displayName };
}

/** An SDZ district with its OWNER; `exactly` keeps the names as given (for the screenshots), else they are made unique. */
async function district(name: string, owner: string, exactly = false): Promise<District> {
  const make = factories(t);
  const organization = await make.buildOrganization({ zones: [Zone.SYSTEM_DESIGN], kind: OrganizationKind.DISTRICT, name: exactly ? name : unique(name) });
  const { user } = await make.buildMember({
    organization,
    role: MemberRole.OWNER,
    user: await make.buildUser({ displayName: exactly ? owner : unique(owner) }),
  });
  return { organization, id: toGlobalId('Organization', organization.id), owner: await person(user) };
}

async function waiverWithAuthor(lead: District): Promise<{ waiver: Waiver; author: Person }> {
  const make = factories(t);
  const author = await person(await make.buildUser({ displayName: 'Ana Silva' }));
  const { createWaiverRequest: waiver } = await t.data<{ createWaiverRequest: Waiver }, Record<string, unknown>>(
    'mutation ($input: CreateWaiverRequestInput!) { createWaiverRequest(input: $input) { id sections { id key title } } }',
    { input: { districtId: lead.id, title: 'Seat-time flexibility for competency-based credit', kind: 'MSIP6' } },
    { token: lead.owner.token },
  );
  await t.data(
    'mutation ($input: InviteWaiverCollaboratorInput!) { inviteWaiverCollaborator(input: $input) { role } }',
    { input: { waiverRequestId: waiver.id, email: author.user.email, role: 'AUTHOR' } },
    { token: lead.owner.token },
  );
  return { waiver, author };
}

/** The editor's text as CodeMirror holds it (others' caret labels left out). */
const editorText = (page: Page) =>
  page.locator('.cm-content').evaluate((content) => {
    // The page's DOM, typed here as far as used (the tests compile without the DOM library).
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

/** Polls (bounded) until `check` holds; returns how many polls it took. */
async function until(check: () => Promise<boolean>, what: string, polls = 100, every = 100): Promise<number> {
  for (let i = 0; i < polls; i++) {
    if (await check()) return i;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  throw new Error(`never: ${what}`);
}

async function openEditor(context: BrowserContext, who: Person, waiver: Waiver, sectionId?: string): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, t.origin, who.user.email);
  await page.goto(`${t.origin}/waivers/${waiver.id}${sectionId ? `?section=${encodeURIComponent(sectionId)}` : ''}`);
  await page
    .getByTestId('connection')
    .filter({ hasText: 'Connected, all changes saved.' })
    .waitFor()
    .catch(async (e) => {
      await page.screenshot({ path: 'test-results/web/waiver-open-failed.png', fullPage: true });
      throw e;
    });
  await page.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));
  return page;
}
const stillSamePage = (page: Page) => page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true);

const sectionBody = async (sectionId: string, token: string) =>
  (
    await t.data<{ node: { body: string } }, { id: string }>(
      'query ($id: ID!) { node(id: $id) { ... on WaiverSection { body } } }',
      { id: sectionId },
      { token },
    )
  ).node.body;

describe.skipIf(!hasChromium)(`the waiver request editor in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('lets two authors co-type one paragraph live with each other’s cursors, and converges after one was offline and after a reload with edits unsent', async () => {
    const lead = await district('Cedar Bluff R-II', 'Sam Ortiz', true);
    const { waiver, author } = await waiverWithAuthor(lead);
    const rationale = waiver.sections.find((s) => s.key === 'rationale')!;
    const sam = await hubContext(t.browser, t.origin);
    const ana = await hubContext(t.browser, t.origin, 375);
    // Ana's pushes go on her socket: the test fails them there to play an unreachable hub.
    const anaSocket = await blockableSocketOperations(ana.context);
    const samPage = await openEditor(sam.context, lead.owner, waiver, rationale.id);
    const anaPage = await openEditor(ana.context, author, waiver, rationale.id);
    const errors = [...watchConsole(samPage), ...watchConsole(anaPage)];
    await samPage.getByRole('heading', { name: 'Rationale', level: 2, exact: true }).waitFor();
    // Nothing written yet: the preview says so instead of showing an empty box.
    const preview = samPage.getByRole('article', { name: 'Preview' });
    await preview.getByText('Nothing written yet.').waitFor();
    await checkScreen(samPage, 'waiver-editor-empty-section');

    // Sam starts the paragraph; then both type into it at once.
    await samPage.getByRole('textbox', { name: 'Rationale (Markdown)' }).click();
    await samPage.keyboard.type('Seat time measures attendance, not learning.');
    const sent = Date.now();
    await until(async () => (await editorText(anaPage)) === 'Seat time measures attendance, not learning.', 'Ana sees Sam’s sentence', 100, 20);
    const seen = Date.now() - sent;
    await anaPage.getByRole('textbox', { name: 'Rationale (Markdown)' }).click();
    await anaPage.keyboard.press('Control+Home');
    await samPage.keyboard.press('End');
    await Promise.all([
      anaPage.keyboard.type('Students wait for the calendar. ', { delay: 15 }),
      samPage.keyboard.type(' Mastery is what counts.', { delay: 15 }),
    ]);
    const merged = 'Students wait for the calendar. Seat time measures attendance, not learning. Mastery is what counts.';
    const typed = Date.now();
    const polls = await until(async () => (await editorText(samPage)) === merged && (await editorText(anaPage)) === merged, 'one merged text in both');
    expect(polls).toBeLessThan(100);
    console.log(
      `\nCo-typing (localhost, two chromium contexts): Sam's last keystroke on Ana's screen after ${seen} ms (polled every 20 ms); ` +
        `one merged text in both ${Date.now() - typed} ms after both stopped typing at once (polled every 100 ms)\n`,
    );
    await until(async () => (await sectionBody(rationale.id, lead.owner.token)) === merged, 'the hub stores the merged text');
    // The section's version moves with the typing, on both screens (not only when a burst's revision is cut).
    const { node: typedSection } = await t.data<{ node: { version: number } }, { id: string }>(
      'query ($id: ID!) { node(id: $id) { ... on WaiverSection { version } } }',
      { id: rationale.id },
      { token: lead.owner.token },
    );
    expect(typedSection.version).toBeGreaterThan(2);
    const { waiverRequest: typedRequest } = await t.data<{ waiverRequest: { textVersion: number } }, { id: string }>(
      'query ($id: ID!) { waiverRequest(id: $id) { textVersion } }',
      { id: waiver.id },
      { token: lead.owner.token },
    );
    for (const page of [samPage, anaPage]) {
      await until(async () => (await page.getByTestId('section-version').textContent()) === `version ${typedSection.version}`, 'the live version');
      await until(async () => (await page.getByTestId('text-version').textContent()) === String(typedRequest.textVersion), 'the live text revision');
    }
    await preview.getByText(merged).waitFor();
    expect(await preview.getByText('Nothing written yet.').count()).toBe(0);

    // Each sees the other's cursor, in their colour, named.
    await samPage.locator(`.remote-caret[data-name="${author.name}"]`).waitFor();
    await anaPage.locator(`.remote-caret[data-name="${lead.owner.name}"]`).waitFor();
    await samPage.getByText(`Also here:`).waitFor();
    // Ana's typing was announced politely to Sam's screen reader.
    expect(await samPage.getByTestId('announcer').getAttribute('aria-live')).toBe('polite');
    const heard: string[] = [];
    await until(async () => {
      const now = (await samPage.getByTestId('announcer').textContent()) ?? '';
      heard.push(now);
      return now.includes(author.name);
    }, 'the announcement').catch((error: Error) => {
      throw new Error(`${error.message}; heard ${JSON.stringify([...new Set(heard)])}`);
    });
    // Presence: the section list says who is here.
    await samPage.getByRole('navigation', { name: 'Sections' }).getByText(`Here:`).waitFor();
    await checkScreen(samPage, 'waiver-editor');
    await checkScreen(anaPage, 'waiver-editor-phone');

    // Ana goes offline and types; Sam types meanwhile; back online, both converge.
    await ana.context.setOffline(true);
    await anaPage.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await anaPage.getByRole('textbox', { name: 'Rationale (Markdown)' }).click();
    await anaPage.keyboard.press('Control+End');
    await anaPage.keyboard.type('\nWritten offline.');
    await anaPage
      .getByTestId('connection')
      .filter({ hasText: /Offline, \d+ unsent changes/ })
      .waitFor();
    expect(Number(await anaPage.getByTestId('connection').getAttribute('data-unsent'))).toBeGreaterThan(0);
    await checkScreen(anaPage, 'waiver-editor-offline');
    await samPage.getByRole('textbox', { name: 'Rationale (Markdown)' }).click();
    await samPage.keyboard.press('Control+Home');
    await samPage.keyboard.type('Why: ');
    await until(async () => (await sectionBody(rationale.id, lead.owner.token)).startsWith('Why: '), 'Sam’s edit stored');
    expect(await sectionBody(rationale.id, lead.owner.token)).not.toContain('Written offline.');
    expect(await editorText(anaPage)).not.toContain('Why: ');
    await ana.context.setOffline(false);
    const converged = `Why: ${merged}\nWritten offline.`;
    await until(async () => (await editorText(samPage)) === converged && (await editorText(anaPage)) === converged, 'converged after reconnecting');
    await anaPage.getByTestId('connection').filter({ hasText: 'Connected, all changes saved.' }).waitFor();
    await until(async () => (await sectionBody(rationale.id, lead.owner.token)) === converged, 'the hub has the offline text');
    expect(await stillSamePage(samPage)).toBe(true);
    expect(await stillSamePage(anaPage)).toBe(true);

    // Unsent edits survive a reload of the tab: Ana's pushes fail (the hub unreachable for them), she reloads, they go out later.
    anaSocket.block('pushWaiverSectionUpdate');
    await anaPage.keyboard.press('Control+End');
    await anaPage.keyboard.type(' Kept.');
    await anaPage
      .getByTestId('connection')
      .filter({ hasText: /sending \d+ unsent change/ })
      .waitFor();
    await until(
      () =>
        anaPage.evaluate(() =>
          Object.keys((globalThis as unknown as { sessionStorage: Record<string, string> }).sessionStorage).some((key) =>
            key.startsWith('cnz:draft:waiver-section:'),
          ),
        ),
      'the unsent edit stored',
    );
    await anaPage.reload();
    await until(async () => (await editorText(anaPage)) === `${converged} Kept.`, 'the stored edit back after the reload', 300);
    expect(await sectionBody(rationale.id, lead.owner.token)).toBe(converged);
    anaSocket.unblock();
    await until(async () => (await editorText(samPage)) === `${converged} Kept.`, 'the kept edit reaches Sam');
    await anaPage.getByTestId('connection').filter({ hasText: 'Connected, all changes saved.' }).waitFor();
    expect(errors).toEqual([]);
    expect([...sam.offsite, ...ana.offsite]).toEqual([]);
    await sam.context.close();
    await ana.context.close();
  });

  it('gathers three districts’ sign-offs (stale after a reviewer’s suggestion is accepted, renewed), submits (an author’s late edit refused, her text given back to copy), and shows the state’s approval live to both authors', async () => {
    const lead = await district('Cedar Bluff R-II', 'Sam Ortiz');
    const marais = await district('Marais Valley R-VII', 'Renee Cartwright');
    const piney = await district('Big Piney C-4', 'Tom Becker');
    const { waiver, author } = await waiverWithAuthor(lead);
    const make = factories(t);
    const stateAgency = await make.buildOrganization({ kind: OrganizationKind.STATE_AGENCY, zones: [Zone.COLLABORATIVE_NETWORK] });
    const { user: luisUser } = await make.buildMember({ organization: stateAgency, role: MemberRole.EDITOR });
    const luis = await person(luisUser);
    await t.data(
      'mutation ($input: AddWaiverDistrictInput!) { addWaiverDistrict(input: $input) { id } }',
      { input: { waiverRequestId: waiver.id, districtId: marais.id } },
      { token: lead.owner.token },
    );
    const timeline = waiver.sections.find((s) => s.key === 'timeline')!;
    await t.data(
      'mutation ($input: EditWaiverSectionInput!) { editWaiverSection(input: $input) { version } }',
      { input: { sectionId: timeline.id, baseVersion: 1, body: '- 2027-2028: pilot.' } },
      { token: lead.owner.token },
    );
    await t.data(
      'mutation ($input: InviteWaiverCollaboratorInput!) { inviteWaiverCollaborator(input: $input) { role } }',
      { input: { waiverRequestId: waiver.id, email: marais.owner.user.email, role: 'REVIEWER' } },
      { token: lead.owner.token },
    );

    const sam = await hubContext(t.browser, t.origin);
    const ana = await hubContext(t.browser, t.origin, 375);
    const anaSocket = await blockableSocketOperations(ana.context);
    const samPage = await openEditor(sam.context, lead.owner, waiver);
    const errors = watchConsole(samPage);

    // The lead adds the third district in the panel and starts the review; the workflow bar says what is missing.
    await samPage.getByRole('button', { name: 'Districts and people' }).click();
    await samPage.getByLabel('Add a System Design Zone district').selectOption({ label: piney.organization.name });
    await samPage.getByRole('button', { name: 'Add district' }).click();
    await samPage.getByText(`${piney.organization.name} co-signs now.`).waitFor();
    await checkScreen(samPage, 'waiver-people');
    const workflow = samPage.getByRole('group', { name: 'Workflow' });
    expect(await workflow.getByText('Sign-offs open once the lead starts the review.').count()).toBe(1);
    await workflow.getByRole('button', { name: 'Start review' }).click();
    await samPage.getByTestId('waiver-status').filter({ hasText: 'In review' }).waitFor();
    await workflow.getByText(/Waiting for sign-off from .*Marais Valley/).waitFor();

    // The lead signs for Cedar Bluff from the bar; Marais Valley's owner in the sign-off panel.
    await workflow.getByRole('button', { name: 'Sign off' }).click();
    await samPage.getByText(/Signed off revision \d+ for /).waitFor();
    const maraisContext = await hubContext(t.browser, t.origin);
    const maraisPage = await openEditor(maraisContext.context, marais.owner, waiver);
    await maraisPage.getByRole('button', { name: 'Sign-offs' }).click();
    await maraisPage.getByText('Read the whole text you sign').click();
    await maraisPage.getByRole('button', { name: `Sign off for ${marais.organization.name}` }).click();
    await maraisPage.getByText(`${marais.organization.name} signed off revision`).waitFor();

    // Renee (Marais Valley), a reviewer, suggests a change to the timeline with the keyboard; the lead accepts it.
    await maraisPage.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Timeline', exact: true }).click();
    await until(async () => (await editorText(maraisPage)) === '- 2027-2028: pilot.', 'the timeline loaded');
    await maraisPage.getByRole('button', { name: 'Suggestions', exact: true }).click();
    await maraisPage.getByRole('textbox', { name: 'Timeline (Markdown)' }).click();
    await maraisPage.keyboard.press('Control+End');
    await maraisPage.keyboard.press('ArrowLeft');
    for (let i = 0; i < 'pilot'.length; i++) await maraisPage.keyboard.press('Shift+ArrowLeft');
    await maraisPage.getByRole('button', { name: 'Suggest a change here' }).click();
    await maraisPage.getByText('Replacing “pilot”').waitFor();
    await maraisPage.getByLabel('Suggested text').fill('pilot in grades 9-10');
    await maraisPage.getByRole('button', { name: 'Send the suggestion' }).click();
    await maraisPage.getByText('Suggested: replace “pilot” with “pilot in grades 9-10”.').waitFor();
    await checkScreen(maraisPage, 'waiver-suggest');
    const anaPage = await openEditor(ana.context, author, waiver, timeline.id);
    await anaPage.locator('.suggested-insertion').filter({ hasText: 'pilot in grades 9-10' }).waitFor();
    expect(await anaPage.locator('.suggested-deletion').textContent()).toBe('pilot');
    await samPage.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Timeline', exact: true }).click();
    await samPage.getByRole('button', { name: 'Suggestions (1)' }).click();
    const suggestion = samPage.getByRole('article', { name: `Suggestion by ${marais.owner.name}` });
    await suggestion.getByText(`${marais.owner.name} (${marais.organization.name}) suggests to replace “pilot” with “pilot in grades 9-10”.`).waitFor();
    await checkScreen(samPage, 'waiver-suggestions');
    await suggestion.getByRole('button', { name: 'Accept' }).click();
    await samPage.getByText('No pending suggestion on this section.').waitFor();
    const accepted = '- 2027-2028: pilot in grades 9-10.';
    await until(async () => (await editorText(samPage)) === accepted && (await editorText(anaPage)) === accepted, 'the accepted text, live in both');
    expect(await anaPage.locator('.suggested-insertion').count()).toBe(0);
    expect(await sectionBody(timeline.id, author.token)).toBe(accepted);

    // Every sign-off so far went stale with it, and says since which revision.
    await samPage.getByRole('button', { name: 'Sign-offs' }).click();
    const maraisRow = samPage.getByTestId(`signoff-${marais.organization.name}`);
    await maraisRow.getByText(/stale since revision \d+/).waitFor();
    await maraisRow.getByText('Changes since its sign-off').click();
    await maraisRow.locator('ins').filter({ hasText: 'grades 9-10' }).first().waitFor();
    await workflow.getByText(/stale since revision \d+/).waitFor();
    await checkScreen(samPage, 'waiver-signoffs-stale');

    // All three sign the text as it is now (Big Piney and the renewals through the API), and the lead submits.
    const { waiverRequest } = await t.data<{ waiverRequest: { textDigest: string } }, { id: string }>(
      'query ($id: ID!) { waiverRequest(id: $id) { textDigest } }',
      { id: waiver.id },
      { token: lead.owner.token },
    );
    for (const [who, districtId] of [
      [lead.owner, lead.id],
      [marais.owner, marais.id],
      [piney.owner, piney.id],
    ] as const) {
      await t.data(
        'mutation ($input: SignOffWaiverRequestInput!) { signOffWaiverRequest(input: $input) { current } }',
        { input: { waiverRequestId: waiver.id, districtId, textDigest: waiverRequest.textDigest } },
        { token: who.token },
      );
    }
    await until(async () => (await samPage.locator('.signoff-current').count()) === 3, 'three current sign-offs, live');

    // Ana types while her pushes do not get through; the lead submits meanwhile: the hub refuses her edit, and she gets her text to copy.
    anaSocket.block('pushWaiverSectionUpdate');
    await anaPage.getByRole('textbox', { name: 'Timeline (Markdown)' }).click();
    await anaPage.keyboard.press('Control+End');
    await anaPage.keyboard.type(' Late.');
    await anaPage
      .getByTestId('connection')
      .filter({ hasText: /unsent change/ })
      .waitFor();
    await workflow.getByRole('button', { name: 'Submit' }).click();
    await samPage.getByTestId('waiver-status').filter({ hasText: 'Submitted' }).waitFor();
    await anaPage.getByTestId('waiver-status').filter({ hasText: 'Submitted' }).waitFor();
    anaSocket.unblock();
    const refused = anaPage.getByLabel('Your text with the changes the hub refused (copy it before you leave this page)');
    await refused.waitFor();
    expect(await refused.inputValue()).toBe(`${accepted} Late.`);
    await anaPage
      .getByTestId('connection')
      .filter({ hasText: /the hub refused \d+ unsent change/ })
      .waitFor();
    await anaPage.getByText('The text is frozen.').waitFor();
    expect(await sectionBody(timeline.id, author.token)).toBe(accepted);

    // The state agency approves (its desk is another screen): both authors see it without a reload.
    await t.data(
      'mutation ($input: DecideWaiverRequestInput!) { decideWaiverRequest(input: $input) { status } }',
      { input: { waiverRequestId: waiver.id, decision: 'APPROVED', note: 'Approved for the 2027-2028 school year.' } },
      { token: luis.token },
    );
    await samPage.getByTestId('waiver-status').filter({ hasText: 'Approved' }).waitFor();
    await anaPage.getByTestId('waiver-status').filter({ hasText: 'Approved' }).waitFor();
    await anaPage.getByText('Approved for the 2027-2028 school year.').first().waitFor();
    await until(
      async () =>
        (await anaPage.getByTestId('announcer').textContent()) === 'Status changed from Submitted to Approved: Approved for the 2027-2028 school year.',
      'announced',
    );
    expect(await stillSamePage(samPage)).toBe(true);
    expect(await stillSamePage(anaPage)).toBe(true);
    await checkScreen(anaPage, 'waiver-approved-phone');
    expect(errors).toEqual([]);
    expect([...sam.offsite, ...ana.offsite, ...maraisContext.offsite]).toEqual([]);
    await maraisContext.context.close();
    await sam.context.close();
    await ana.context.close();
  });

  it('comments on quoted text with an @mention, replies, resolves and reopens; restores an old version from the history; adds, renames and moves sections; the inbox opens the editor; the list starts a request, which is withdrawn', async () => {
    const lead = await district('Cedar Bluff R-II', 'Sam Ortiz', true);
    const { waiver, author } = await waiverWithAuthor(lead);
    const requirement = waiver.sections.find((s) => s.key === 'requirement')!;
    await t.data(
      'mutation ($input: EditWaiverSectionInput!) { editWaiverSection(input: $input) { version } }',
      { input: { sectionId: requirement.id, baseVersion: 1, body: 'MSIP 6 seat-time rules for high school credit.' } },
      { token: lead.owner.token },
    );
    const sam = await hubContext(t.browser, t.origin);
    const ana = await hubContext(t.browser, t.origin);
    const samPage = await openEditor(sam.context, lead.owner, waiver, requirement.id);
    const anaPage = await openEditor(ana.context, author, waiver, requirement.id);
    const errors = [...watchConsole(samPage), ...watchConsole(anaPage)];

    // Ana selects "seat-time rules" and comments on it, mentioning Sam by picking him with the keyboard.
    await until(async () => (await editorText(anaPage)) === 'MSIP 6 seat-time rules for high school credit.', 'the text loaded');
    await anaPage.getByRole('textbox', { name: 'Requirement to be waived (Markdown)' }).click();
    await anaPage.keyboard.press('Control+Home');
    for (let i = 0; i < 'MSIP 6 '.length; i++) await anaPage.keyboard.press('ArrowRight');
    for (let i = 0; i < 'seat-time rules'.length; i++) await anaPage.keyboard.press('Shift+ArrowRight');
    await anaPage.getByRole('button', { name: 'Quote the selected text' }).click();
    expect(await anaPage.getByLabel('Quoted text').textContent()).toBe('seat-time rules');
    const box = anaPage.getByRole('combobox', { name: 'New comment' });
    await box.click();
    await box.pressSequentially(`Cite the rule number, @${lead.owner.name.slice(0, 12)}`);
    await anaPage.getByRole('option', { name: new RegExp(lead.owner.name) }).waitFor();
    await checkScreen(anaPage, 'waiver-mention');
    await anaPage.keyboard.press('Enter');
    expect(await box.inputValue()).toMatch(/^Cite the rule number, @\[[^\]]+\] $/);
    await anaPage.getByRole('button', { name: 'Comment', exact: true }).click();

    // Sam sees it arrive, with the quote and his name; replies and resolves; Ana reopens.
    const thread = samPage.getByRole('article', { name: `Comment by ${author.name} on “seat-time rules”` });
    await thread.waitFor();
    await thread.getByText(`@${lead.owner.name}`).waitFor();
    // The quoted passage is marked in Sam's text; "Show in the text" selects it.
    expect(await samPage.locator('.cm-content .quoted').textContent()).toBe('seat-time rules');
    await thread.getByRole('button', { name: 'Show in the text' }).click();
    expect(await samPage.evaluate(() => (globalThis as unknown as { getSelection(): { toString(): string } | null }).getSelection()?.toString())).toBe(
      'seat-time rules',
    );
    await thread.getByRole('button', { name: 'Reply' }).click();
    await thread.getByRole('combobox', { name: 'Your reply' }).fill('It is MSIP 6 standard 5.4.');
    await thread.getByRole('button', { name: 'Send reply' }).click();
    await thread.getByText('It is MSIP 6 standard 5.4.').waitFor();
    await checkScreen(samPage, 'waiver-comments');
    await thread.getByRole('button', { name: 'Resolve' }).click();
    await samPage.getByText('No open comment on this section.').waitFor();
    const anaThread = anaPage.getByRole('article', { name: `Comment by ${author.name} on “seat-time rules”` });
    await anaPage.getByLabel('Show 1 resolved').check();
    await anaThread.getByRole('button', { name: 'Reopen' }).click();
    await thread.waitFor();

    // History: version 2 against version 1, and version 1 restored as version 3.
    await samPage.getByRole('button', { name: 'History' }).click();
    await samPage.getByRole('button', { name: 'Version 2' }).click();
    await samPage.getByLabel('Changes').locator('ins').filter({ hasText: 'seat-time rules' }).waitFor();
    await checkScreen(samPage, 'waiver-history');
    await samPage.getByRole('button', { name: 'Version 1' }).click();
    await samPage.getByRole('button', { name: 'Restore version 1' }).click();
    await samPage.getByText(/Version 1 restored as version \d+\./).waitFor();
    await until(async () => (await editorText(anaPage)) === '', 'the restored (empty) text reaches Ana live');

    // Sections: add one, rename it, move it up.
    const nav = samPage.getByRole('navigation', { name: 'Sections' });
    await nav.getByLabel('New section title').fill('Budget');
    await nav.getByRole('button', { name: 'Add section' }).click();
    await samPage.getByRole('heading', { name: 'Budget', level: 2, exact: true }).waitFor();
    await samPage.getByRole('button', { name: 'Rename' }).click();
    await samPage.getByLabel('Section title', { exact: true }).fill('Budget and staffing');
    await samPage.getByRole('button', { name: 'Save title' }).click();
    await samPage.getByRole('heading', { name: 'Budget and staffing', level: 2, exact: true }).waitFor();
    await nav.getByRole('button', { name: 'Move Budget and staffing up' }).click();
    await until(async () => (await nav.locator('li').nth(6).textContent())?.startsWith('Budget and staffing') ?? false, 'moved to place 7');
    const anaNav = anaPage.getByRole('navigation', { name: 'Sections' });
    await until(async () => (await anaNav.locator('li').nth(6).textContent())?.startsWith('Budget and staffing') ?? false, 'Ana sees it in place 7, live');
    expect(await anaNav.locator('li').nth(7).textContent()).toMatch(/^Timeline/);

    // The mention reached Sam's inbox; its thread opens the editor. From the list he starts another request.
    await samPage.getByRole('link', { name: /^Inbox/ }).click();
    const mention = samPage.getByRole('article', { name: 'Seat-time flexibility for competency-based credit' }).first();
    await mention.getByRole('link').click();
    await samPage.getByRole('heading', { name: 'Seat-time flexibility for competency-based credit', level: 1 }).waitFor();
    await samPage.getByRole('link', { name: 'Waivers', exact: true }).click();
    await samPage.getByRole('heading', { name: 'Waiver requests', level: 1 }).waitFor();
    await samPage.getByRole('link', { name: 'Seat-time flexibility for competency-based credit' }).waitFor();
    await checkScreen(samPage, 'waiver-list');
    await samPage.getByLabel('Title').fill('Graduate profile credit in place of Carnegie units');
    await samPage.getByRole('button', { name: 'Start the request' }).click();
    await samPage.getByRole('heading', { name: 'Graduate profile credit in place of Carnegie units', level: 1 }).waitFor();
    expect(await samPage.getByRole('navigation', { name: 'Sections' }).locator('li').count()).toBe(7);
    // Withdrawing asks for a confirmation first.
    await samPage.getByRole('button', { name: 'Withdraw' }).click();
    await samPage.getByText('It stops the request for good. Press again to confirm.').waitFor();
    expect(await samPage.getByTestId('waiver-status').textContent()).toBe('Draft');
    await samPage.getByRole('button', { name: 'Confirm withdraw' }).click();
    await samPage.getByTestId('waiver-status').filter({ hasText: 'Withdrawn' }).waitFor();
    await samPage.getByText('Withdrawn: no further step.').waitFor();
    expect(errors).toEqual([]);
    expect([...sam.offsite, ...ana.offsite]).toEqual([]);
    await sam.context.close();
    await ana.context.close();
  });
});
