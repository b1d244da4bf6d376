/**
 * The state reviewer's desk in a real browser: a waiver request submitted
 * through the API (two districts signed off), read on the desk with its
 * frozen text and sign-offs, approved with a note, which a colleague's open desk shows live. A district member finds the desk closed
 * to them.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEV_JWT_SECRET } from '../../src/config';
import { MemberRole, OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import {
  AddWaiverDistrictDocument,
  CreateWaiverRequestDocument,
  EditWaiverSectionDocument,
  SignOffWaiverRequestDocument,
  StartWaiverReviewDocument,
  SubmitWaiverRequestDocument,
  WaiverRequestDocument,
  WaiverTextStateDocument,
} from '../generated/graphql';
import { tokenFor } from '../helpers/hub';
import { factories, unique } from '../factories';
import { checkScreen, hasChromium, hubContext, signIn, watchConsole, CHROMIUM, useBrowserHub } from './browser';

/** How wide the page's content is (more than the viewport: it scrolls sideways). */
const pageWidth = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);

const t = useBrowserHub();

/** An SDZ district with an OWNER and their token (on the hub's dev secret). */
async function district(name: string) {
  const make = factories(t);
  const organization = await make.buildOrganization({ kind: OrganizationKind.DISTRICT, zones: [Zone.SYSTEM_DESIGN], name });
  const { user } = await make.buildMember({ organization, role: MemberRole.OWNER });
  return { organization, id: toGlobalId('Organization', organization.id), user, token: await tokenFor(user.email, '1h', DEV_JWT_SECRET) };
}

async function signOff(waiverRequestId: string, districtId: string, token: string) {
  const { waiverRequest } = await t.data(WaiverTextStateDocument, { id: waiverRequestId }, { token });
  await t.data(SignOffWaiverRequestDocument, { input: { waiverRequestId, districtId, textDigest: waiverRequest!.textDigest } }, { token });
}

describe.skipIf(!hasChromium)(`the state review desk in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('lets a state reviewer read a submitted request with its sign-offs and approve it with a note', async () => {
    const lead = await district(unique('Cedar Bluff R-II'));
    const cosigner = await district(unique('Little Dixie R-I'));
    const title = `${unique('Seat-time')} flexibility for competency-based credit`;
    const { createWaiverRequest: waiver } = await t.data(
      CreateWaiverRequestDocument,
      { input: { districtId: lead.id, title, kind: 'MSIP6' } },
      { token: lead.token },
    );
    await t.data(AddWaiverDistrictDocument, { input: { waiverRequestId: waiver.id, districtId: cosigner.id } }, { token: lead.token });
    const section = waiver.sections[0];
    await t.data(
      EditWaiverSectionDocument,
      {
        input: {
          sectionId: section.id,
          baseVersion: section.version,
          body: 'MSIP 6 minimum **instructional hours** per course.\n\n- Grades 9-12\n- Core courses',
        },
      },
      { token: lead.token },
    );
    await t.data(StartWaiverReviewDocument, { input: { waiverRequestId: waiver.id } }, { token: lead.token });
    await signOff(waiver.id, lead.id, lead.token);
    await signOff(waiver.id, cosigner.id, cosigner.token);
    await t.data(SubmitWaiverRequestDocument, { input: { waiverRequestId: waiver.id } }, { token: lead.token });

    const make = factories(t);
    const agency = await make.buildOrganization({ kind: OrganizationKind.STATE_AGENCY, zones: [Zone.COLLABORATIVE_NETWORK] });
    const { user: reviewer } = await make.buildMember({ organization: agency, role: MemberRole.EDITOR });

    const { context, offsite } = await hubContext(t.browser, t.origin, 375);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, t.origin, reviewer.email);
    await page.getByRole('link', { name: 'State review' }).click();
    await page.getByRole('heading', { name: 'State review desk', level: 1 }).waitFor();
    await page.getByRole('link', { name: title }).waitFor();
    await checkScreen(page, 'review-desk');
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();

    // The frozen text and both sign-offs, current.
    const text = page.getByRole('region', { name: 'The submitted text' });
    expect(await text.getByRole('article').count()).toBe(waiver.sections.length);
    expect(await text.locator('strong', { hasText: 'instructional hours' }).count()).toBe(1);
    const signOffs = page.getByRole('region', { name: 'Sign-offs' }).getByRole('row');
    expect(await signOffs.count()).toBe(3); // the header and two districts
    await page.getByRole('rowheader', { name: `${lead.organization.name} (lead)` }).waitFor();
    expect(await page.getByRole('region', { name: 'Sign-offs' }).getByText('Yes').count()).toBe(2);

    // The printable page and the PDF, from the hub.
    await page.getByRole('button', { name: 'Print' }).click();
    const printable = page.frameLocator('iframe[title="Printable waiver request"]');
    await printable.getByRole('heading', { name: `1. ${section.title}` }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download PDF' }).click();
    expect((await download).suggestedFilename()).toMatch(/^waiver-request-seat-time-/);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await checkScreen(page, 'review-request');
    await page.getByRole('button', { name: 'Close the printable page' }).click();

    // A colleague has the same request open at a desk of their own: the decision reaches it live.
    const { user: colleague } = await make.buildMember({ organization: agency, role: MemberRole.VIEWER });
    const desk = await hubContext(t.browser, t.origin);
    const watching = await desk.context.newPage();
    await signIn(watching, t.origin, colleague.email);
    await watching.goto(`${t.origin}/review/${waiver.id}`);
    await watching.getByRole('heading', { name: title, level: 1 }).waitFor();
    await watching.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));
    expect(await watching.getByRole('button', { name: 'Send the decision' }).count()).toBe(0); // a VIEWER reads, does not decide

    await page.getByLabel('Approve').check();
    await page.getByLabel('Note to the districts (why)').fill('Approved for 2027-2028; report mastery data each semester.');
    await page.getByRole('button', { name: 'Send the decision' }).click();
    await page.locator('.status', { hasText: 'Approved' }).waitFor();
    await page.getByText('Approved for 2027-2028; report mastery data each semester.').waitFor();
    await checkScreen(page, 'review-decided');

    await watching.locator('.status', { hasText: 'Approved' }).waitFor();
    await watching.getByText('Approved for 2027-2028; report mastery data each semester.').waitFor();
    expect(await watching.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await desk.context.close();

    const { waiverRequest } = await t.data(WaiverRequestDocument, { id: waiver.id }, { token: lead.token });
    expect(waiverRequest?.status).toBe('APPROVED');

    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
    await context.close();

    // A district member: no link to the desk, and the desk says it is not theirs.
    const other = await hubContext(t.browser, t.origin);
    const outsider = await other.context.newPage();
    await signIn(outsider, t.origin, lead.user.email);
    expect(await outsider.getByRole('link', { name: 'State review' }).count()).toBe(0);
    await outsider.goto(`${t.origin}/review`);
    await outsider.getByText('You do not have permission for this.').waitFor();
    await checkScreen(outsider, 'review-no-permission');
    await other.context.close();
  });
});
