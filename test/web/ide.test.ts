/**
 * The GraphiQL IDE in a real browser (Debian's chromium driven by
 * playwright-core): subscriptions run over graphql-ws with the Authorization
 * header from the headers pane, and the page needs nothing but the hub.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, WebSocket } from 'playwright-core';
import { EditWaiverSectionDocument, SetWaiverPresenceDocument } from '../generated/graphql';
import { waiverFactories } from '../waivers/factories';
import { CHROMIUM, hasChromium, hubContext, OUTPUT, useBrowserHub } from './browser';

/** The page's document, as the functions run in the browser see it (tsconfig has no DOM lib). */
declare const document: { querySelector(selector: string): { textContent: string | null; CodeMirror?: { getValue(): string } } | null };
declare const localStorage: { getItem(key: string): string | null };

if (!hasChromium) console.warn(`test/web skipped: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`);

// The hub's own test secret (no dev sign-in): the IDE is used with a token pasted into its headers pane.
const t = useBrowserHub({});
const make = waiverFactories(t);
let context: BrowserContext;
/** Requests the page tried to send anywhere but the hub (aborted). */
let offsite: string[];

beforeAll(async () => {
  if (!hasChromium) return;
  // Offline by construction: anything not from the hub is refused and recorded.
  ({ context, offsite } = await hubContext(t.browser, t.origin));
});

/**
 * The CodeMirror editor under `selector`: its text, and a way to replace it as
 * a person would. GraphiQL reads an edit (the operation name, for one) after a
 * debounce and then stores the text as `graphiql:<stored>`: `replace` returns
 * once it has, so a click that follows runs what was typed.
 */
function editor(page: Page, selector: string, stored?: 'query' | 'headers') {
  const cm = page.locator(`${selector} .CodeMirror`).first();
  return {
    text: () => cm.evaluate((element) => (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue()),
    async replace(text: string) {
      await cm.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Backspace');
      // insertText types without the editor's bracket auto-closing.
      await page.keyboard.insertText(text);
      if (stored) await page.waitForFunction(([key, expected]) => localStorage.getItem(key) === expected, [`graphiql:${stored}`, text] as const);
    },
  };
}

/** Waits until the result pane's text satisfies `match`, or `timeout` ms pass. */
async function resultShows(page: Page, match: string, timeout = 20_000): Promise<boolean> {
  return page
    .waitForFunction(
      (expected) => {
        const element = document.querySelector('.graphiql-response .CodeMirror');
        return element?.CodeMirror?.getValue().includes(expected) ?? false;
      },
      match,
      { timeout },
    )
    .then(
      () => true,
      () => false,
    );
}

describe.skipIf(!hasChromium)(`the IDE at /graphql in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('runs waiverRequestEvents over graphql-ws with the headers pane token, reconnecting when the header changes, all assets from the hub', async () => {
    const { id, lead, sections } = await make.buildWaiver();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const sockets: Array<{ socket: WebSocket; sent: string[] }> = [];
    page.on('websocket', (socket) => {
      const entry = { socket, sent: [] as string[] };
      socket.on('framesent', (frame) => entry.sent.push(String(frame.payload)));
      sockets.push(entry);
    });
    const assets: Array<{ url: string; status: number }> = [];
    page.on('response', (response) => assets.push({ url: response.url(), status: response.status() }));

    await page.goto(`${t.origin}/graphql`);
    await page.locator('.graphiql-execute-button').waitFor();
    const query = editor(page, '.graphiql-query-editor', 'query');
    const headers = editor(page, 'section.graphiql-editor-tool .graphiql-editor:not(.hidden)', 'headers');
    // GraphiQL fills in its default tab after mounting: edit only once it has.
    await page.waitForFunction(() => document.querySelector('.graphiql-query-editor')?.textContent?.includes('query Network'));
    const subscription = `subscription Live {\n  waiverRequestEvents(waiverRequestId: "${id}") {\n    __typename\n    clientMutationId\n    ... on WaiverSectionEdited { version body }\n  }\n}\n`;
    await query.replace(subscription);
    expect(await query.text()).toBe(subscription);

    // Without a token the hub refuses the subscription: the IDE shows why.
    await page.locator('.graphiql-execute-button').click();
    expect(await resultShows(page, 'UNAUTHENTICATED')).toBe(true);

    // With the token set in the headers pane, a new connection carries it.
    await page.locator('.graphiql-editor-tools button[data-name="headers"]').click();
    await headers.replace(JSON.stringify({ Authorization: `Bearer ${lead.owner.token}` }));
    await page.locator('.graphiql-execute-button').click();

    // The subscribe runs asynchronously on the server: probe with presence until the IDE shows it.
    let live = false;
    for (let attempt = 0; attempt < 40 && !live; attempt++) {
      const marker = `ide-ready-${attempt}`;
      await t.data(SetWaiverPresenceDocument, { input: { waiverRequestId: id, sectionId: null } }, { token: lead.owner.token });
      await t.data(
        SetWaiverPresenceDocument,
        { input: { waiverRequestId: id, sectionId: sections[0].id, clientMutationId: marker } },
        { token: lead.owner.token },
      );
      live = await resultShows(page, marker, 500);
    }
    expect(live).toBe(true);

    const body = 'Edited over HTTP, seen in the IDE.';
    await t.data(
      EditWaiverSectionDocument,
      { input: { sectionId: sections[1].id, baseVersion: 1, body, clientMutationId: 'from-http' } },
      { token: lead.owner.token },
    );
    expect(await resultShows(page, body)).toBe(true);
    const shown = JSON.parse(await editor(page, '.graphiql-response').text()) as { data: { waiverRequestEvents: unknown } };
    expect(shown.data.waiverRequestEvents).toEqual({ __typename: 'WaiverSectionEdited', clientMutationId: 'from-http', version: 2, body });

    fs.mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'ide-subscription.png') });

    // One connection per header value, the token in connection_init as the hub reads it.
    const inits = sockets.map((s) => s.sent.map((frame) => JSON.parse(frame) as { type: string; payload?: unknown }).find((m) => m.type === 'connection_init'));
    expect(sockets.map((s) => s.socket.url())).toEqual([`${t.origin.replace('http', 'ws')}/graphql`, `${t.origin.replace('http', 'ws')}/graphql`]);
    expect(inits.map((m) => m?.payload)).toEqual([{}, { authorization: `Bearer ${lead.owner.token}` }]);
    expect(sockets[0].socket.isClosed()).toBe(true);

    // Every script and stylesheet came from the hub, none from elsewhere.
    expect(offsite).toEqual([]);
    const ideAssets = assets.filter((a) => a.url.includes('/ide/'));
    expect(ideAssets.map((a) => path.basename(a.url)).sort()).toEqual(['graphiql.css', 'graphiql.js', 'graphql-ws.js', 'react-dom.js', 'react.js']);
    expect(ideAssets.every((a) => a.status === 200)).toBe(true);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
