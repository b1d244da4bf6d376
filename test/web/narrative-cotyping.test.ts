/**
 * An application narrative co-typed live in a real browser: two authors of
 * the applying district, in two browser contexts, type into the same
 * narrative at once and both see the one merged text, which is what the hub
 * stored.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Zone } from '../../src/domain/enums';
import { DEV_JWT_SECRET } from '../../src/config';
import { tokenFor } from '../helpers/hub';
import { applicationWorld } from '../applications/factories';
import { hasChromium, hubContext, signIn, watchConsole, CHROMIUM, useBrowserHub } from './browser';

const t = useBrowserHub();

async function openNarrative(page: Page, email: string, applicationId: string, title: string) {
  await signIn(page, t.origin, email);
  await page.goto(`${t.origin}/applications/${applicationId}`);
  const article = page.getByRole('region', { name: 'Narratives' }).getByRole('article', { name: title, exact: true });
  await article.getByText('Up to date: co-authors type here live.').waitFor();
  return article;
}

describe.skipIf(!hasChromium)(`co-typing a narrative in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('lets two authors type into the same narrative at once, and both see the merged text', async () => {
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
    await editorPage.keyboard.press('Control+End');
    await ownerPage.keyboard.press('Control+Home');
    await Promise.all([ownerPage.keyboard.type('First: ', { delay: 15 }), editorPage.keyboard.type(' Every year.', { delay: 15 })]);

    const merged = `First: ${start} Every year.`;
    await ownerNarrative.getByRole('article', { name: 'Preview' }).getByText(merged, { exact: true }).waitFor();
    await editorNarrative.getByRole('article', { name: 'Preview' }).getByText(merged, { exact: true }).waitFor();
    await ownerNarrative.getByText('All changes saved.').waitFor();
    await editorNarrative.getByText('All changes saved.').waitFor();

    // What both see is what the hub stored as the section's body.
    const stored = await t.data<{ node: { body: string } }, { id: string }>(
      'query ($id: ID!) { node(id: $id) { ... on ApplicationSection { body } } }',
      { id: narrative.id },
      { token: ownerToken },
    );
    expect(stored.node.body).toBe(merged);
    expect(errors).toEqual([]);
    await owner.context.close();
    await editor.context.close();
  }, 120_000);
});
