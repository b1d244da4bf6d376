/**
 * An application narrative co-typed live in a real browser: two authors of
 * the applying district, in two browser contexts, type into the same
 * narrative at once and both see the one merged text, which is what the hub
 * stored; each sees who else is writing there, told politely as they come
 * and go.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Zone } from '../../src/domain/enums';
import { DEV_JWT_SECRET } from '../../src/config';
import { tokenFor } from '../helpers/hub';
import { applicationWorld } from '../applications/factories';
import { checkScreen, hasChromium, hubContext, signIn, watchConsole, CHROMIUM, useBrowserHub } from './browser';

const t = useBrowserHub();

async function openNarrative(page: Page, email: string, applicationId: string, title: string) {
  await signIn(page, t.origin, email);
  await page.goto(`${t.origin}/applications/${applicationId}`);
  const article = page.getByRole('region', { name: 'Narratives' }).getByRole('article', { name: title, exact: true });
  await article.getByText('Up to date: co-authors type here live.').waitFor();
  return article;
}

describe.skipIf(!hasChromium)(`co-typing a narrative in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('lets two authors type into the same narrative at once, each named to the other as writing there until they leave, and both see the merged text', async () => {
    const world = applicationWorld(t);
    const window = await world.window(Zone.SYSTEM_DESIGN);
    const team = await world.applicant();
    // This hub signs with its dev secret (it offers the dev sign-in): the API calls here sign the same way.
    const [ownerToken, editorToken] = await Promise.all([team.owner, team.editor].map((p) => tokenFor(p.email, '1h', DEV_JWT_SECRET)));
    const application = await world.start(window, team.gid, editorToken);
    const { node } = await t.data<{ node: { sections: Array<{ id: string; kind: string; title: string }> } }, { id: string }>(
      'query ($id: ID!) { node(id: $id) { ... on ZoneApplication { sections { id kind title } } } }',
      { id: application.id },
      { token: editorToken },
    );
    const narrative = node.sections.find((s) => s.kind === 'NARRATIVE')!;
    const nameOf = async (token: string) =>
      (await t.data<{ viewer: { displayName: string } }, object>('query { viewer { displayName } }', {}, { token })).viewer.displayName;
    const [ownerName, editorName] = await Promise.all([nameOf(ownerToken), nameOf(editorToken)]);

    const owner = await hubContext(t.browser, t.origin);
    const editor = await hubContext(t.browser, t.origin, 375);
    const ownerPage = await owner.context.newPage();
    const editorPage = await editor.context.newPage();
    const errors = [...watchConsole(ownerPage), ...watchConsole(editorPage)];
    const ownerNarrative = await openNarrative(ownerPage, team.owner.email, application.id, narrative.title);
    const editorNarrative = await openNarrative(editorPage, team.editor.email, application.id, narrative.title);

    // The owner starts the sentence; the editor sees it, then both type into it at once.
    const start = 'Students show mastery.';
    await ownerNarrative.getByRole('textbox', { name: /^Narrative \(Markdown\)/ }).click();
    await ownerPage.keyboard.type(start);
    await editorNarrative.getByRole('article', { name: 'Preview' }).getByText(start, { exact: true }).waitFor();
    await editorNarrative.getByRole('textbox', { name: /^Narrative \(Markdown\)/ }).click();
    // Both have their cursor in the narrative: each sees the other named as writing here (not themselves),
    // and the owner's screen reader is told politely.
    await ownerNarrative.getByText(`${editorName} is writing here.`, { exact: true }).waitFor();
    await editorNarrative.getByText(`${ownerName} is writing here.`, { exact: true }).waitFor();
    const announcer = ownerNarrative.getByTestId('presence-announcer');
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
    await announcer.filter({ hasText: `${editorName} started writing in ${narrative.title}.` }).waitFor({ state: 'attached' });
    await editorPage.keyboard.press('Control+End');
    await ownerPage.keyboard.press('Control+Home');
    await Promise.all([ownerPage.keyboard.type('First: ', { delay: 15 }), editorPage.keyboard.type(' Every year.', { delay: 15 })]);

    const merged = `First: ${start} Every year.`;
    await ownerNarrative.getByRole('article', { name: 'Preview' }).getByText(merged, { exact: true }).waitFor();
    await editorNarrative.getByRole('article', { name: 'Preview' }).getByText(merged, { exact: true }).waitFor();
    await ownerNarrative.getByText('All changes saved.').waitFor();
    await editorNarrative.getByText('All changes saved.').waitFor();
    await checkScreen(ownerPage, 'narrative-presence');

    // What both see is what the hub stored as the section's body.
    const stored = await t.data<{ node: { body: string } }, { id: string }>(
      'query ($id: ID!) { node(id: $id) { ... on ApplicationSection { body } } }',
      { id: narrative.id },
      { token: ownerToken },
    );
    expect(stored.node.body).toBe(merged);

    // The editor leaves: the owner no longer sees them here, and hears that they left.
    await editor.context.close();
    await ownerNarrative.getByText(`${editorName} is writing here.`, { exact: true }).waitFor({ state: 'detached' });
    await announcer.filter({ hasText: `${editorName} left ${narrative.title}.` }).waitFor({ state: 'attached' });
    expect(await ownerNarrative.getByText('writing here.').count()).toBe(0);
    expect(errors).toEqual([]);
    await owner.context.close();
  }, 120_000);
});
