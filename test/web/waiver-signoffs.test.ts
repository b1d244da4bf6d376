/**
 * The sign-off panel in a real browser (issue 18): a district's stale
 * sign-off says since which revision and shows the changes since, against
 * the exact text the district signed (WaiverDistrict.signedText), however
 * long the history grew after it; a sign-off whose text the hub did not
 * keep says so. Checked with axe-core and photographed into test-results/web/.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { DEV_JWT_SECRET } from '../../src/config';
import { MemberRole, OrganizationKind, Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import type { Organization } from '../../src/modules/organizations/organization.entity';
import type { User } from '../../src/modules/users/user.entity';
import { tokenFor } from '../helpers/hub';
import { factories, unique } from '../factories';
import { checkScreen, hasChromium, hubContext, signIn, watchConsole, CHROMIUM, useBrowserHub } from './browser';

const t = useBrowserHub();
let client: pg.Client;

beforeAll(async () => {
  if (!hasChromium) return;
  client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
});

interface District {
  organization: Organization;
  id: string;
  owner: { user: User; token: string };
}

async function district(name: string): Promise<District> {
  const make = factories(t);
  const organization = await make.buildOrganization({ zones: [Zone.SYSTEM_DESIGN], kind: OrganizationKind.DISTRICT, name: unique(name) });
  const { user } = await make.buildMember({ organization, role: MemberRole.OWNER });
  return { organization, id: toGlobalId('Organization', organization.id), owner: { user, token: await tokenFor(user.email, '1h', DEV_JWT_SECRET) } };
}

const gql = <R>(query: string, variables: Record<string, unknown>, token: string) => t.data<R, Record<string, unknown>>(query, variables, { token });

const edit = (sectionId: string, baseVersion: number, body: string, token: string) =>
  gql('mutation ($input: EditWaiverSectionInput!) { editWaiverSection(input: $input) { outcome } }', { input: { sectionId, baseVersion, body } }, token);

const textState = (id: string, token: string) =>
  gql<{ waiverRequest: { textDigest: string; textVersion: number } }>('query ($id: ID!) { waiverRequest(id: $id) { textDigest textVersion } }', { id }, token);

describe.skipIf(!hasChromium)(`the sign-off panel in chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`, () => {
  it('shows a district’s stale sign-off with the changes since against the text it signed, after more than a hundred revisions', async () => {
    const lead = await district('Osage Prairie R-III');
    const signer = await district('Current River R-I');
    const unkept = await district('Spring Hollow C-2');
    const token = lead.owner.token;
    const { createWaiverRequest: waiver } = await gql<{ createWaiverRequest: { id: string; sections: Array<{ id: string; key: string }> } }>(
      'mutation ($input: CreateWaiverRequestInput!) { createWaiverRequest(input: $input) { id sections { id key } } }',
      { input: { districtId: lead.id, title: 'Seat-time flexibility for competency-based credit', kind: 'MSIP6' } },
      token,
    );
    const section = (key: string) => waiver.sections.find((s) => s.key === key)!.id;
    for (const other of [signer, unkept]) {
      await gql(
        'mutation ($input: AddWaiverDistrictInput!) { addWaiverDistrict(input: $input) { id } }',
        { input: { waiverRequestId: waiver.id, districtId: other.id } },
        token,
      );
    }
    await edit(section('rationale'), 1, 'Students advance on mastery.\nSeat time stands in the way.', token);
    await gql('mutation ($input: WaiverRequestActionInput!) { startWaiverReview(input: $input) { id } }', { input: { waiverRequestId: waiver.id } }, token);

    // Two districts sign this text; the hub forgets the text of the second one's sign-off (as for one made before it kept them).
    const signed = await textState(waiver.id, token);
    for (const who of [signer, unkept]) {
      await gql(
        'mutation ($input: SignOffWaiverRequestInput!) { signOffWaiverRequest(input: $input) { current } }',
        { input: { waiverRequestId: waiver.id, districtId: who.id, textDigest: signed.waiverRequest.textDigest } },
        who.owner.token,
      );
    }
    await client.query('update waiver_districts set signed_text = null where organization_id = $1', [unkept.organization.id]);

    // Then a long history: 110 revisions of the readiness section, one change to the rationale, a section renamed.
    for (let version = 1; version <= 110; version++) await edit(section('readiness'), version, `Draft ${version} of our readiness.`, token);
    await edit(section('readiness'), 111, 'Board resolution adopted; twelve staff trained in CBL.', token);
    await edit(section('rationale'), 2, 'Students advance on demonstrated mastery.\nSeat time stands in the way.', token);
    await gql(
      'mutation ($input: RenameWaiverSectionInput!) { renameWaiverSection(input: $input) { id } }',
      { input: { sectionId: section('timeline'), title: 'Timeline by school year' } },
      token,
    );
    const now = await textState(waiver.id, token);
    expect(now.waiverRequest.textVersion).toBe(signed.waiverRequest.textVersion + 113);

    const { context } = await hubContext(t.browser, t.origin);
    const page = await context.newPage();
    await signIn(page, t.origin, lead.owner.user.email);
    await page.goto(`${t.origin}/waivers/${waiver.id}`);
    await page.getByTestId('connection').filter({ hasText: 'Connected, all changes saved.' }).waitFor();
    // Watched from here, as in waivers.test.ts: the editor's own load (CodeMirror's style attribute under the CSP) is not this panel's.
    const errors = watchConsole(page);
    await page.getByRole('button', { name: 'Sign-offs' }).click();

    const row = page.getByTestId(`signoff-${signer.organization.name}`);
    await row.getByText(`stale since revision ${signed.waiverRequest.textVersion + 1} (signed revision ${signed.waiverRequest.textVersion} on`).waitFor();
    await row.getByText('Changes since its sign-off').click();
    await row
      .getByText(`The text signed (revision ${signed.waiverRequest.textVersion}) against the text now (revision ${now.waiverRequest.textVersion}).`)
      .waitFor();
    // The rationale's changed line against what was signed, the unchanged one kept.
    const rationale = row.getByLabel('Changes').filter({ hasText: 'Seat time stands in the way.' });
    await rationale.locator('del').filter({ hasText: 'Students advance on mastery.' }).waitFor();
    await rationale.locator('ins').filter({ hasText: 'Students advance on demonstrated mastery.' }).waitFor();
    // The readiness section as signed (empty) against its 111th revision, the history between skipped.
    await row.locator('ins').filter({ hasText: 'Board resolution adopted; twelve staff trained in CBL.' }).waitFor();
    expect(await row.getByText(/Draft \d+ of our readiness/).count()).toBe(0);
    await row.getByText('Renamed from “Timeline”.').waitFor();
    expect(await row.getByText('Changed too often since').count()).toBe(0);

    const unkeptRow = page.getByTestId(`signoff-${unkept.organization.name}`);
    await unkeptRow.getByText(`stale since revision ${signed.waiverRequest.textVersion + 1}`).waitFor();
    await unkeptRow.getByText('The hub did not keep the text of this sign-off').waitFor();
    expect(await unkeptRow.getByText('Changes since its sign-off').count()).toBe(0);
    await page.getByTestId(`signoff-${lead.organization.name}`).getByText('not signed off yet').waitFor();

    await checkScreen(page, 'waiver-signoff-changes');
    expect(errors).toEqual([]);
    await context.close();
  });
});
