/**
 * The web app at / in a real browser (Debian's chromium, playwright-core),
 * journey by journey, against a hub on the dev secret (so the app's "sign in
 * as" works). Every screen visited is checked with axe-core (no serious or
 * critical WCAG 2.1 AA violation) and photographed into test-results/web/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEV_JWT_SECRET } from '../../src/config';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { Audience } from '../../src/modules/learning/learning.enums';
import { webAppCsp } from '../../src/http/web-app';
import { tokenFor } from '../helpers/hub';
import { learningFactories } from '../learning/factories';
import { partnershipFactories } from '../partnerships/factories';
import { unique } from '../factories';
import { CompleteLearningModuleDocument } from '../generated/graphql';
import { checkScreen, hasChromium, hubContext, signIn, watchConsole, CHROMIUM, useBrowserHub } from './browser';

const t = useBrowserHub();

/** Marks the page so a test can tell it was never reloaded. */
const markPage = (page: Page) => page.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));
const stillSamePage = (page: Page) => page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true);

describe.skipIf(!hasChromium)(`the web app in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('lets a publisher write, preview and publish a module that an anonymous visitor then finds by search, and archive it', async () => {
    const make = learningFactories(t.hub.orm);
    const publisher = await make.buildPublisher(OrganizationKind.HIGHER_ED, MemberRole.EDITOR);
    const word = unique('Mastery').replace('-', '');
    const title = `${word} conferences with students`;
    const { context, offsite } = await hubContext(t.browser, t.origin);
    const page = await context.newPage();
    await signIn(page, t.origin, publisher.user.email);
    await page.getByRole('link', { name: 'Professional learning' }).click();
    await page.getByRole('link', { name: 'New module' }).click();
    await page.getByRole('heading', { name: 'New module', level: 1 }).waitFor();
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Summary').fill(`Run ${word} conferences that move learners forward.`);
    await page.getByLabel('Content (Markdown)').fill('## Outcomes\n\n- Plan a conference\n- Record *evidence* of mastery');
    await page.getByLabel('New educator').check();
    await page.getByLabel('Competencies (comma-separated)').fill('Feedback, Conferencing');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('article', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Outcomes' }).waitFor();
    expect(await preview.locator('em').textContent()).toBe('evidence');
    await checkScreen(page, 'module-editor');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByText('Published, version 1').waitFor();
    expect(await page.getByText('feedback, conferencing').count()).toBe(1);

    // Editing the published module makes a draft of version 2; the two compare as a diff.
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByText('This module is published').waitFor();
    await page.getByLabel('Content (Markdown)').fill('## Outcomes\n\n- Plan a conference\n- Record *evidence* of mastery\n- Share it with families');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    await page.getByRole('link', { name: 'View the module' }).click();
    await page.getByRole('link', { name: 'Edit the draft (version 2)' }).waitFor();
    const changes = page.getByLabel('Changes');
    await changes.locator('ins').first().waitFor();
    expect(await changes.locator('ins').allTextContents()).toEqual(['added: + - Share it with families\n']);
    expect(await changes.locator('del').count()).toBe(0);
    await checkScreen(page, 'module-versions');

    // Someone with no account finds it.
    const visitor = await hubContext(t.browser, t.origin, 375);
    const anonymous = await visitor.context.newPage();
    await anonymous.goto(`${t.origin}/learning?q=${encodeURIComponent(word)}`);
    await anonymous.getByRole('link', { name: title }).waitFor();

    // Archived, it leaves the catalogue: the visitor's search comes back empty.
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByText('Archived, version 1').waitFor();
    await anonymous.reload();
    await anonymous.getByText('No published module matches. Try fewer words or filters.').waitFor();
    await checkScreen(anonymous, 'catalogue-empty');
    expect([...offsite, ...visitor.offsite]).toEqual([]);
    await visitor.context.close();
    await context.close();
  });

  it('lets an anonymous visitor on a phone find a published module by search and read it safely rendered', async () => {
    const make = learningFactories(t.hub.orm);
    const word = unique('Photosynthesis').replace('-', '');
    const publisher = await make.buildOrganization({ kind: OrganizationKind.HIGHER_ED, name: unique('Osage College') });
    const module = await make.buildModule({
      publisher,
      title: `${word} labs for competency-based science`,
      summary: `Design ${word} investigations students can master at their own pace.`,
      body: [
        '# Why labs',
        'Students **show** mastery. [Read the guide](https://example.org/guide).',
        '<script>globalThis.__injected = true</script>',
        '[Do not click](javascript:globalThis.__injected=true)',
        '<img src="x" onerror="globalThis.__injected = true" alt="broken">',
        '<a href="JaVaScRiPt:alert(1)">sneaky</a>',
      ].join('\n\n'),
      competencies: ['lab-design'],
    });
    await make.buildModule({ publisher, title: unique('Unrelated module about reading') });

    const { context, offsite } = await hubContext(t.browser, t.origin, 375);
    const page = await context.newPage();
    const errors = watchConsole(page);
    // A client-side route, loaded directly: the hub answers with the app and its CSP.
    const response = await page.goto(`${t.origin}/learning`);
    expect(response?.status()).toBe(200);
    // With this page's own style nonce (for the waiver editor's CodeMirror), named in its <meta>.
    const nonce = (await page.locator('meta[name="csp-nonce"]').getAttribute('content')) ?? '';
    expect(response?.headers()['content-security-policy']).toBe(webAppCsp([], nonce));
    await page.getByRole('heading', { name: 'Professional learning', level: 1 }).waitFor();
    await checkScreen(page, 'catalogue');

    await page.getByLabel('Search modules').fill(word);
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `1 modules for “${word}”` })
      .waitFor();
    const result = page.getByRole('link', { name: `${word} labs for competency-based science` });
    await result.waitFor();
    // The matched word is highlighted in the title and the summary.
    expect(await page.locator('mark').allTextContents()).toEqual([word, word]);
    await checkScreen(page, 'catalogue-search');

    await result.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `${word} labs for competency-based science`, level: 1 }).waitFor();
    expect(page.url()).toBe(`${t.origin}/learning/modules/${encodeURIComponent(toGlobalId('LearningModule', module.id))}`);
    const article = page.getByRole('article', { name: 'Module content' });
    await article.getByRole('heading', { name: 'Why labs' }).waitFor();
    expect(await article.locator('strong').textContent()).toBe('show');
    expect(await article.getByRole('link', { name: 'Read the guide' }).getAttribute('href')).toBe('https://example.org/guide');
    // Nothing from the Markdown runs: no script element, no handler, no javascript: link.
    expect(await article.locator('script').count()).toBe(0);
    expect(await article.locator('[onerror]').count()).toBe(0);
    expect(await article.getByText('Do not click').getAttribute('href')).toBeNull();
    expect(await article.getByText('sneaky').getAttribute('href')).toBeNull();
    expect(await page.evaluate(() => (globalThis as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    // Anonymous: nothing to add to a plan.
    expect(await page.getByRole('button', { name: 'Add to my learning plan' }).count()).toBe(0);
    await checkScreen(page, 'module');

    expect(offsite.filter((url) => !url.startsWith('https://example.org/'))).toEqual([]);
    // The one console line is the CSP at work: Chromium reports the <img onerror> it refused to run
    // while DOMPurify parsed the Markdown's HTML (the sanitized output above has no handler left).
    expect(errors.filter((e) => !e.startsWith('Executing inline event handler violates the following Content Security Policy'))).toEqual([]);
    await context.close();
  });

  it("lets a business accept a district's request as it arrives, and the district sees the answer without reloading", async () => {
    const make = partnershipFactories(t.hub.orm);
    const business = await make.buildBusiness({ name: unique('Riverbend Robotics') });
    const district = await make.buildDistrict({ name: unique('Cedar Bluff R-II') });
    const opportunity = await make.buildOpportunity({
      business: business.organization,
      title: unique('Robotics job shadow'),
      capacity: 10,
      skills: ['robotics'],
    });

    const businessSide = await hubContext(t.browser, t.origin);
    const districtSide = await hubContext(t.browser, t.origin);
    const businessPage = await businessSide.context.newPage();
    const districtPage = await districtSide.context.newPage();
    const businessErrors = watchConsole(businessPage);

    // The business watches its incoming requests (subscribed once the page's socket sends it).
    await signIn(businessPage, t.origin, business.user.email);
    // Any of the page's sockets (the inbox badge may open one before the list's): the one carrying the list's subscription.
    const subscribed = new Promise<void>((resolve) =>
      businessPage.on('websocket', (socket) => socket.on('framesent', (frame) => String(frame.payload).includes('WebPartnershipEvents') && resolve())),
    );
    await businessPage.goto(`${t.origin}/b2e/partnerships`);
    await businessPage.getByRole('heading', { name: new RegExp(business.organization.name) }).waitFor();
    await businessPage.getByText('No partnership yet.').waitFor();
    await subscribed;
    await markPage(businessPage);
    await checkScreen(businessPage, 'partnerships-empty');

    // The district finds the opportunity on the board and requests seats.
    await signIn(districtPage, t.origin, district.user.email);
    await districtPage.getByRole('link', { name: 'Real-world learning' }).click();
    await districtPage.getByLabel('Search opportunities').fill(opportunity.title);
    await districtPage.getByRole('button', { name: 'Search' }).click();
    await districtPage.getByRole('status').filter({ hasText: '1 open opportunities' }).waitFor();
    await checkScreen(districtPage, 'board');
    await districtPage.getByRole('link', { name: opportunity.title }).click();
    await districtPage.getByText('10 of 10 seats left').waitFor();
    await districtPage.getByLabel('Number of students').fill('3');
    await districtPage.getByLabel('Message to the business').fill('Our juniors in the robotics club would love this.');
    await checkScreen(districtPage, 'opportunity');
    await districtPage.getByRole('button', { name: 'Send request' }).click();
    await districtPage.getByText('Request sent for 3 students: requested.').waitFor();
    await districtPage.getByRole('link', { name: 'Follow it in my partnerships' }).click();
    const districtCard = districtPage.getByRole('listitem', { name: `${opportunity.title}, ${district.organization.name}` });
    await districtCard.getByText('Requested', { exact: true }).waitFor();
    await markPage(districtPage);

    // It arrives on the business's page live, and the business accepts it from the keyboard.
    const accept = businessPage.getByRole('button', { name: `Accept the request from ${district.organization.name}` });
    await accept.waitFor({ timeout: 15_000 });
    await businessPage.getByText('Our juniors in the robotics club would love this.').waitFor();
    await checkScreen(businessPage, 'partnerships-incoming');
    await accept.focus();
    await businessPage.keyboard.press('Enter');
    const businessCard = businessPage.getByRole('listitem', { name: `${opportunity.title}, ${district.organization.name}` });
    await businessCard.getByText('Accepted', { exact: true }).waitFor();
    await businessCard.getByText('7 of 10 seats left', { exact: false }).waitFor();

    // The district's page shows the answer and the seats, with no reload.
    await districtCard.getByText('Accepted', { exact: true }).waitFor({ timeout: 15_000 });
    await districtCard.getByText('7 of 10 seats left', { exact: false }).waitFor();
    expect(await stillSamePage(districtPage)).toBe(true);
    expect(await stillSamePage(businessPage)).toBe(true);

    // The partnership's timeline, from its history.
    await districtCard.getByText('Timeline').click();
    await districtCard.getByText(`Requested to Accepted by ${business.user.displayName}`, { exact: false }).waitFor();
    // The district says what skills it wants; the board recommends what builds them.
    await districtPage.getByLabel('Skills we want real-world learning for (comma-separated)').fill('Robotics');
    const reranked = districtPage.waitForResponse(
      (response) => response.url().endsWith('/graphql') && response.request().postData()?.includes('WebRecommendations') === true,
    );
    await districtPage.getByRole('button', { name: 'Save skills' }).click();
    await reranked;
    // Ranked by the skills it builds: the robotics job shadow comes first.
    const recommended = districtPage.getByRole('region', { name: 'Recommended for us' });
    await recommended.getByRole('link').first().filter({ hasText: opportunity.title }).waitFor();
    await checkScreen(districtPage, 'partnerships-district');

    // The district's inbox links the answer to the partnership's own page: status, the two sides, the timeline, the moves it may make.
    await districtPage.goto(`${t.origin}/inbox`);
    await districtPage.getByRole('main').getByRole('link', { name: opportunity.title }).click();
    await districtPage.waitForURL(/\/b2e\/partnerships\/[\w-]+$/);
    const partnershipUrl = districtPage.url();
    await districtPage.getByRole('heading', { name: `${opportunity.title}: ${district.organization.name}`, level: 1 }).waitFor();
    const districtTimeline = districtPage.getByRole('region', { name: 'Timeline' });
    expect(await districtTimeline.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^.+ [AP]M: Requested by ${district.user.displayName}$`)),
      expect.stringMatching(new RegExp(`^.+ [AP]M: Requested → Accepted by ${business.user.displayName}$`)),
    ]);
    expect(await districtPage.getByRole('link', { name: business.organization.name }).count()).toBe(1);
    const districtActions = districtPage.getByRole('region', { name: 'What you can do' });
    // Accepted: either side may start or cancel; only the business answers requests.
    expect(await districtActions.getByRole('button').allTextContents()).toEqual(['Start', 'Cancel the partnership']);
    await checkScreen(districtPage, 'partnership');
    await districtPage.setViewportSize({ width: 375, height: 900 });
    await checkScreen(districtPage, 'partnership-375');
    await districtPage.setViewportSize({ width: 1280, height: 900 });

    // The business follows the same page; the district starts it with a note, and the business sees it move without reloading.
    await businessPage.goto(partnershipUrl);
    await businessPage.getByRole('status').filter({ hasText: 'Accepted' }).waitFor();
    await markPage(businessPage);
    await districtPage.getByLabel('Note for the timeline (optional)').fill('Students begin Monday.');
    await districtActions.getByRole('button', { name: 'Start' }).click();
    await districtPage.getByRole('status').filter({ hasText: 'Active' }).first().waitFor();
    await businessPage.getByRole('status').filter({ hasText: 'Active' }).waitFor({ timeout: 15_000 });
    await businessPage.getByRole('region', { name: 'Timeline' }).getByText('Students begin Monday.').waitFor();
    const businessActions = businessPage.getByRole('region', { name: 'What you can do' });
    expect(await businessActions.getByRole('button').allTextContents()).toEqual(['Mark completed', 'Cancel the partnership']);
    await businessActions.getByRole('button', { name: 'Mark completed' }).click();
    await districtPage.getByRole('status').filter({ hasText: 'Completed' }).first().waitFor({ timeout: 15_000 });
    await districtPage.getByText('Nothing more: this partnership is completed.').waitFor();
    expect(await districtPage.getByRole('region', { name: 'Timeline' }).getByRole('listitem').count()).toBe(4);
    expect(await stillSamePage(businessPage)).toBe(true);
    await checkScreen(businessPage, 'partnership-completed');
    expect(businessErrors).toEqual([]);
    expect([...businessSide.offsite, ...districtSide.offsite]).toEqual([]);
    await businessSide.context.close();
    await districtSide.context.close();
  });

  it('sends a district whose token expired back to sign in, keeping the request it had not sent', async () => {
    const make = partnershipFactories(t.hub.orm);
    const district = await make.buildDistrict({ name: unique('Marais Valley R-V') });
    const opportunity = await make.buildOpportunity({ title: unique('Hospital site visit'), capacity: 8 });
    const { context } = await hubContext(t.browser, t.origin);
    const page = await context.newPage();

    // The first sign-in gets a token that lasts eight seconds (long enough to load the form on a busy machine).
    const shortLived = await tokenFor(district.user.email, '8s', DEV_JWT_SECRET);
    const expiresAt = JSON.parse(Buffer.from(shortLived.split('.')[1], 'base64url').toString()).exp as number;
    await page.route(`${t.origin}/dev/token`, (route) => route.fulfill({ json: { token: shortLived } }), { times: 1 });
    await signIn(page, t.origin, district.user.email);
    await page.goto(`${t.origin}/b2e/opportunities/${encodeURIComponent(toGlobalId('Opportunity', opportunity.id))}`);
    await page.getByLabel('Number of students').fill('2');
    await page.getByLabel('Message to the business').fill('Two seniors in health sciences.');
    await page.waitForFunction((exp) => Date.now() > exp * 1000 + 1000, expiresAt);

    // The header's inbox badge keeps a socket open, which the hub closes when the token expires:
    // that alone may already have sent the district to sign in; if not, sending the request does.
    await page
      .getByRole('button', { name: 'Send request' })
      .click({ timeout: 3000 })
      .catch(() => undefined);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByText('Your session has ended').waitFor();
    await checkScreen(page, 'sign-in-expired');

    // Signing in again (a real token now) returns to the form with what was typed.
    await page.getByLabel('Email').fill(district.user.email);
    await page.getByRole('button', { name: 'Sign in as this person' }).click();
    await page.getByRole('heading', { name: opportunity.title, level: 1 }).waitFor();
    expect(await page.getByLabel('Number of students').inputValue()).toBe('2');
    expect(await page.getByLabel('Message to the business').inputValue()).toBe('Two seniors in health sciences.');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText('Request sent for 2 students: requested.').waitFor();
    await context.close();
  });

  it('lets an educator add a module to the learning plan and complete it with evidence', async () => {
    const make = learningFactories(t.hub.orm);
    const { user } = await make.buildMember({ kind: OrganizationKind.DISTRICT, role: MemberRole.VIEWER });
    const title = unique('Grading for mastery');
    await make.buildModule({ title, summary: 'Standards-based grading in practice.', audiences: [Audience.SCHOOL_LEADER] });
    const { context, offsite } = await hubContext(t.browser, t.origin, 375);
    const page = await context.newPage();

    await signIn(page, t.origin, user.email);
    await page.goto(`${t.origin}/learning`);
    await page.getByLabel('Search modules').fill(title);
    await page.getByLabel('Audience').selectOption('SCHOOL_LEADER');
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('button', { name: 'Add to my learning plan' }).click();
    await page.getByRole('link', { name: 'Open my plan' }).click();
    await page.getByRole('heading', { name: 'My learning plan', level: 1 }).waitFor();
    await page.getByRole('link', { name: title }).waitFor();
    await page.getByText('0 of 1 completed').waitFor();
    await checkScreen(page, 'learning-plan');

    await page.getByRole('button', { name: `Mark “${title}” complete` }).click();
    await page.getByLabel('Evidence link (optional)').fill('https://example.org/my-portfolio');
    await page.getByRole('button', { name: 'Complete', exact: true }).click();
    await page.getByText('1 of 1 completed').waitFor();
    expect(await page.getByRole('link', { name: 'evidence' }).getAttribute('href')).toBe('https://example.org/my-portfolio');
    // After a reload the plan still shows it done: it came from the hub.
    await page.reload();
    await page.getByText('1 of 1 completed').waitFor();
    expect(offsite).toEqual([]);
    await context.close();
  });

  it("draws a module's prerequisite pathway as a graph, each module after its prerequisites, marking what the educator completed", async () => {
    const make = learningFactories(t.hub.orm);
    const { user } = await make.buildMember({ kind: OrganizationKind.DISTRICT, role: MemberRole.VIEWER });
    const tag = unique('Pathway');
    const basics = await make.buildModule({ title: `${tag} basics` });
    const feedback = await make.buildModule({ title: `${tag} feedback`, prerequisites: [basics] });
    const evidence = await make.buildModule({ title: `${tag} evidence`, prerequisites: [basics] });
    const capstone = await make.buildModule({ title: `${tag} capstone`, prerequisites: [feedback, evidence] });
    // The educator completed the first step (through the API, as any client could).
    const token = await tokenFor(user.email, '1h', DEV_JWT_SECRET);
    const completed = await t.request(CompleteLearningModuleDocument, { input: { moduleId: toGlobalId('LearningModule', basics.id) } }, { token });
    expect(completed.errors).toBeUndefined();

    for (const width of [1280, 375]) {
      const { context, offsite } = await hubContext(t.browser, t.origin, width);
      const page = await context.newPage();
      const errors = watchConsole(page);
      await signIn(page, t.origin, user.email);
      await page.goto(`${t.origin}/learning/modules/${toGlobalId('LearningModule', capstone.id)}`);
      await page.getByRole('heading', { name: `${tag} capstone`, level: 1 }).waitFor();
      const graph = page.getByRole('group', { name: /^Pathway graph: 4 modules/ });
      await graph.waitFor();
      const nodes = await graph.locator('[data-node]').evaluateAll((found) => found.map((n) => n.getAttribute('data-node')));
      expect(nodes.sort()).toEqual([`${tag} basics`, `${tag} capstone`, `${tag} evidence`, `${tag} feedback`]);
      const edges = await graph
        .locator('.pathway-edge')
        .evaluateAll((paths) => paths.map((p) => `${p.getAttribute('data-from')} > ${p.getAttribute('data-to')}`));
      expect(edges.sort()).toEqual(
        [`${tag} basics > ${tag} feedback`, `${tag} basics > ${tag} evidence`, `${tag} feedback > ${tag} capstone`, `${tag} evidence > ${tag} capstone`].sort(),
      );
      // Each module sits below its prerequisites; the completed one says so; the others link to their modules.
      const top = async (title: string) => Number((await graph.locator(`[data-node="${title}"]`).boundingBox())!.y);
      expect(await top(`${tag} basics`)).toBeLessThan(await top(`${tag} feedback`));
      expect(await top(`${tag} feedback`)).toBe(await top(`${tag} evidence`));
      expect(await top(`${tag} evidence`)).toBeLessThan(await top(`${tag} capstone`));
      await graph.getByRole('link', { name: `${tag} basics (completed)` }).waitFor();
      expect(await graph.getByRole('link').count()).toBe(3);
      // The text alternative: the same pathway as an ordered list.
      const list = page.locator('ol.pathway > li');
      // (Feedback and evidence need only the basics: the hub may list them in either order.)
      const items = await list.allTextContents();
      expect(items[0]).toBe(`${tag} basics (completed)`);
      expect(items.slice(1, 3).sort()).toEqual([`${tag} evidence after ${tag} basics`, `${tag} feedback after ${tag} basics`]);
      expect(items[3]).toBe(`${tag} capstone after ${tag} feedback, ${tag} evidence`);
      await checkScreen(page, `module-pathway-${width}`);
      if (width === 1280) {
        await graph.getByRole('link', { name: `${tag} feedback` }).click();
        await page.getByRole('heading', { name: `${tag} feedback`, level: 1 }).waitFor();
        expect(await page.getByRole('group', { name: /^Pathway graph: 2 modules/ }).count()).toBe(1);
      }
      expect(errors).toEqual([]); // no CSP violation from the graph's sizing either
      expect(offsite).toEqual([]);
      await context.close();
    }
  });

  it('lets an owner add a member on the organization page, and sign out', async () => {
    const make = partnershipFactories(t.hub.orm);
    const owner = await make.buildDistrict({ name: unique('Big Piney R-III') });
    const viewer = await make.buildMember({ organization: owner.organization, role: MemberRole.VIEWER });
    const { context, offsite } = await hubContext(t.browser, t.origin);
    const page = await context.newPage();

    await signIn(page, t.origin, owner.user.email);
    await page.getByRole('heading', { name: `Welcome, ${owner.user.displayName}` }).waitFor();
    await checkScreen(page, 'home');

    await page.getByRole('link', { name: 'Network', exact: true }).click();
    // The map filters by region, from the keyboard too; its count is the directory's.
    const central = page.getByRole('button', { name: /^Central \d+ organizations$/ });
    await central.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/region=Central/);
    // The Region select shows it once the directory has its regions (polled, as a user would look again).
    await expect.poll(() => page.getByLabel('Region', { exact: true }).inputValue()).toBe('Central');
    await expect.poll(() => central.getAttribute('aria-pressed')).toBe('true');
    const mapCount = Number((await central.getAttribute('aria-label'))!.match(/(\d+) organizations/)![1]);
    await page
      .getByRole('status')
      .filter({ hasText: `${mapCount} organizations` })
      .waitFor();
    await checkScreen(page, 'directory-map');
    await page.setViewportSize({ width: 375, height: 900 });
    await checkScreen(page, 'directory-map-375');
    await page.setViewportSize({ width: 1280, height: 900 });
    // Past a page of 25, the shared pager moves on and back.
    const crowd = unique('Pager district');
    for (let i = 0; i < 26; i++) await make.buildOrganization({ name: `${crowd} ${String(i).padStart(2, '0')}` });
    await page.getByLabel('Region', { exact: true }).selectOption('');
    await page.getByLabel('Name').fill(crowd);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: '26 organizations' }).waitFor();
    const pager = page.getByRole('navigation', { name: 'Pages of the directory' });
    expect(await pager.getByRole('button').allTextContents()).toEqual(['Next page']);
    expect(await page.locator('ul.cards > li').count()).toBe(25);
    await pager.getByRole('button', { name: 'Next page' }).click();
    await page.getByRole('link', { name: `${crowd} 25` }).waitFor();
    expect(await page.locator('ul.cards > li').count()).toBe(1);
    expect(await pager.getByRole('button').allTextContents()).toEqual(['First page']);
    await pager.getByRole('button', { name: 'First page' }).click();
    await page.getByRole('link', { name: `${crowd} 00` }).waitFor();
    // A zone cohort year filters on the hub: none of these is in a zone next school year.
    await page.getByLabel('School year (zone cohort)').selectOption({ index: 1 });
    await page
      .getByRole('status')
      .filter({ hasText: /^0 organizations$/ })
      .waitFor();
    await page.getByLabel('School year (zone cohort)').selectOption('');
    await page.getByLabel('Name').fill(owner.organization.name);
    await page.getByLabel('Kind').selectOption('DISTRICT');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: '1 organizations' }).waitFor();
    await checkScreen(page, 'directory');
    await page.getByRole('link', { name: owner.organization.name }).click();
    await page.getByRole('heading', { name: owner.organization.name, level: 1 }).waitFor();
    await page.getByRole('row', { name: new RegExp(viewer.user.displayName) }).waitFor();

    const email = `${unique('new-teacher')}@test.example`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name (for someone new to the hub)').fill('Robin Hayes');
    await page.getByLabel('Role', { exact: true }).selectOption('EDITOR');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByText('Robin Hayes is now a member.').waitFor();
    const row = page.getByRole('row', { name: /Robin Hayes/ });
    await row.waitFor();
    expect(await row.getByLabel('Role of Robin Hayes').inputValue()).toBe('EDITOR');
    await checkScreen(page, 'organization');

    const organizationUrl = page.url();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('cnz:token')),
    ).toBeNull();
    // Signed out, the page still shows the organization; its members are for signed-in people (the API's rule).
    await page.goto(organizationUrl);
    await page.getByRole('heading', { name: owner.organization.name, level: 1 }).waitFor();
    await page.getByText('to see who works here').waitFor();
    await checkScreen(page, 'organization-anonymous');
    expect(await page.getByRole('button', { name: 'Add member' }).count()).toBe(0);
    expect(offsite).toEqual([]);
    await context.close();
  });
});

describe.skipIf(!hasChromium)('time to first render', () => {
  it('prints, for each screen loaded fresh on localhost, the time until its content shows', async () => {
    const make = partnershipFactories(t.hub.orm);
    const learning = learningFactories(t.hub.orm);
    const district = await make.buildDistrict({ name: unique('Timing district') });
    const opportunity = await make.buildOpportunity({ title: unique('Timing opportunity') });
    const module = await learning.buildModule({ title: unique('Timing module') });
    const partnership = await make.buildPartnership({ opportunity, district: district.organization });
    const { context } = await hubContext(t.browser, t.origin);
    const page = await context.newPage();
    await signIn(page, t.origin, district.user.email);

    const screens: Array<[string, string, string]> = [
      ['Home', '/', `Welcome, ${district.user.displayName}`],
      ['Sign in', '/sign-in', 'Sign in'],
      ['Network', '/network', 'Network'],
      ['Organization', `/network/${district.organization.slug}`, district.organization.name],
      ['Catalogue', '/learning', 'Professional learning'],
      ['Module', `/learning/modules/${encodeURIComponent(toGlobalId('LearningModule', module.id))}`, module.title],
      ['Learning plan', '/learning/plan', 'My learning plan'],
      ['Opportunity board', '/b2e', 'Real-world learning'],
      ['Opportunity', `/b2e/opportunities/${encodeURIComponent(toGlobalId('Opportunity', opportunity.id))}`, opportunity.title],
      ['Partnerships', '/b2e/partnerships', 'My partnerships'],
      [
        'Partnership',
        `/b2e/partnerships/${encodeURIComponent(toGlobalId('Partnership', partnership.id))}`,
        `${opportunity.title}: ${district.organization.name}`,
      ],
    ];
    const rows: string[] = [];
    for (const [name, path, heading] of screens) {
      await page.goto(`${t.origin}${path}`);
      await page.getByRole('heading', { name: heading, level: 1, exact: true }).waitFor();
      // Content, not a loading line: the screen's data has arrived.
      await page.waitForFunction(
        () => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('p.state[role="status"]'),
      );
      const ms = await page.evaluate(() => Math.round((globalThis as unknown as { performance: { now(): number } }).performance.now()));
      rows.push(`${name.padEnd(18)} ${path.length > 40 ? `${path.slice(0, 37)}...` : path.padEnd(40)} ${String(ms).padStart(5)} ms`);
    }
    console.log(`\nTime to first render (navigation start to content shown; localhost, production build):\n${rows.join('\n')}\n`);
    expect(rows).toHaveLength(screens.length);
    await context.close();
  });
});
