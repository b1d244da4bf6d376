/**
 * Shared by the web app's browser tests (the app is built by
 * test/web/global-setup.ts): Debian's chromium through playwright-core,
 * axe-core run in the page, screenshots into test-results/web/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { startTestHub, type TestHub } from '../helpers/hub';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
export const OUTPUT = path.resolve('test-results/web');
const AXE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A test hub with the one chromium a browser test file drives, and the origin its pages load from. */
export interface BrowserHub extends TestHub {
  readonly browser: Browser;
  /** The hub's origin (`http://127.0.0.1:<port>`): `${t.origin}/sign-in`. */
  readonly origin: string;
}

/**
 * No JWT_SECRET: the hub signs with its printed dev secret, and so offers the
 * dev sign-in (tokens for API calls: `tokenFor(email, '1h', DEV_JWT_SECRET)`).
 */
export const DEV_SIGN_IN_ENV: Record<string, string> = { JWT_SECRET: '' };

/**
 * The setup every browser test file shares, as `useTestHub()` is for the
 * others: in `beforeAll`, a test hub and chromium (nothing when chromium is
 * absent: the file's `describe.skipIf(!hasChromium)` skips); in `afterAll`,
 * both closed.
 *
 *     const t = useBrowserHub();
 *     it('…', async () => {
 *       const { context } = await hubContext(t.browser, t.origin);
 *       await t.data(SomeDocument, …);
 *     });
 *
 * `env` is the hub's environment, or a function that returns it, run first in
 * `beforeAll` (a file that starts a server the hub's environment names, such
 * as an OpenID provider). Its hooks are registered first, so the file's own
 * `beforeAll` hooks run with the hub and browser up, and its `afterAll` hooks
 * before they close.
 */
export function useBrowserHub(env: Record<string, string> | (() => Promise<Record<string, string>>) = DEV_SIGN_IN_ENV): BrowserHub {
  let hub: TestHub | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!hasChromium) return;
    hub = await startTestHub(typeof env === 'function' ? await env() : env);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });
  return new Proxy({} as BrowserHub, {
    get(_target, key) {
      if (!hub || !browser) throw new Error(`useBrowserHub(): the hub and chromium start in beforeAll; read .${String(key)} inside a hook or a test`);
      if (key === 'browser') return browser;
      if (key === 'origin') return new URL(hub.url).origin;
      return hub[key as keyof TestHub];
    },
  });
}

/** A fresh context (its own storage) that may reach only the hub, recording what it tried elsewhere. */
export async function hubContext(browser: Browser, origin: string, width = 1280): Promise<{ context: BrowserContext; offsite: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const offsite: string[] = [];
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith(`${origin}/`)) return route.continue();
    offsite.push(route.request().url());
    return route.abort();
  });
  return { context, offsite };
}

/** Console errors and CSP violations a page reports. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) in the page and fails on any
 * serious or critical violation; takes the screen's screenshot.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  // Evaluated over the DevTools protocol, so the page's CSP (script-src 'self') does not block it.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });
  expect(
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${name}`,
  ).toEqual([]);
}

/** Signs in through the app's development sign-in as `email`, and waits for the page to show who is signed in. */
export async function signIn(page: Page, origin: string, email: string): Promise<void> {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign in as this person' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The hub's WebSockets for one context, passed through until `drop()`: then closed, and refused until `restore()`. */
export async function droppableSockets(context: BrowserContext) {
  let down: { code: number; reason: string } | null = null;
  const open = new Set<WebSocketRoute>();
  await context.routeWebSocket(/\/graphql$/, (ws) => {
    if (down) {
      void ws.close(down);
      return;
    }
    ws.connectToServer();
    open.add(ws);
  });
  return {
    /** 1012 (restarting): graphql-ws retries; 4500 (the hub's internal error): it gives up, and the app makes a new socket. */
    drop: async (code = 1012) => {
      down = { code, reason: code === 1012 ? 'The hub is restarting' : 'Internal error' };
      for (const ws of open) await ws.close(down);
      open.clear();
    },
    restore: () => {
      down = null;
    },
  };
}

/**
 * Fails the operations a page sends on its hub sockets that contain
 * `operation` (while blocked), as an unreachable hub would: the page gets an
 * `error` for each, without a code (the web app keeps the change unsent and
 * tries again). Everything else passes. Call before the page opens its socket.
 */
export async function blockableSocketOperations(context: BrowserContext) {
  let blocked: string | null = null;
  await context.routeWebSocket(/\/graphql$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString();
      if (blocked && text.includes(blocked)) {
        const { id } = JSON.parse(text) as { id?: string };
        ws.send(JSON.stringify({ id, type: 'error', payload: [{ message: 'Not reached (blocked by the test)' }] }));
        return;
      }
      server.send(message);
    });
  });
  return {
    block: (operation: string) => {
      blocked = operation;
    },
    unblock: () => {
      blocked = null;
    },
  };
}
