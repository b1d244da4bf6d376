/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are read loosely in these assertions */
/**
 * The demo network's zone applications, walked as the README tells a
 * newcomer to: every state of the journey is there for 2027-2028, with a
 * facilitation team of two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHub, type DemoHub } from '../helpers/demo';
import { tokenFor } from '../helpers/hub';
import { Q } from './factories';

let demo: DemoHub;

beforeAll(async () => {
  demo = await startDemoHub('cnz_demo_applications');
});
afterAll(() => demo?.close());

async function gql(query: string, variables: object, email?: string): Promise<any> {
  const token = email ? await tokenFor(email) : undefined;
  const response = await fetch(demo.hub.url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const LIST =
  'query ($status: ApplicationStatus) { zoneApplications(first: 20, schoolYear: "2027-2028", status: $status) { edges { node { id zone status applicant { slug } } } } }';

describe('Demo network: zone applications for 2027-2028', () => {
  it('opens all three windows, the SDZ one extended', async () => {
    const { applicationWindows } = await gql('{ applicationWindows(schoolYear: "2027-2028") { zone isOpen extendedTo } }', {});
    expect(applicationWindows.map((w: any) => [w.zone, w.isOpen, w.extendedTo !== null])).toEqual([
      ['SYSTEM_DESIGN', true, true],
      ['INNOVATIVE_LEARNING_DESIGN', true, false],
      ['COLLABORATIVE_NETWORK', true, false],
    ]);
  });

  it('shows the facilitation team every submitted application, in every state, and two team members', async () => {
    const rosa = 'rosa.delgado@show-me-learning.example';
    const { zoneApplications } = await gql(LIST, {}, rosa);
    expect(zoneApplications.edges.map((e: any) => [e.node.applicant.slug, e.node.status]).sort()).toEqual([
      ['meramec-heights', 'NOT_SELECTED'],
      ['pine-ridge-elementary', 'SUBMITTED'],
      ['sni-a-bar-valley-r9', 'NEEDS_CLARIFICATION'],
      ['whitewater-creek-r4', 'SELECTED'],
    ]);
    const school = zoneApplications.edges.find((e: any) => e.node.applicant.slug === 'pine-ridge-elementary').node.id;
    const { zoneApplication } = await gql('query ($id: ID!) { zoneApplication(id: $id) { letterOfSupport { name url } } }', { id: school }, rosa);
    expect(zoneApplication.letterOfSupport[0].name).toBe('superintendent-letter-of-support.pdf');
    const letter = await fetch(new URL(zoneApplication.letterOfSupport[0].url, demo.hub.url).toString().replace('localhost', '127.0.0.1'), {
      headers: { authorization: `Bearer ${await tokenFor(rosa)}` },
    });
    expect([letter.status, (await letter.text()).slice(0, 5)]).toEqual([200, '%PDF-']);
    const { facilitationTeam } = await gql('{ facilitationTeam { email } }', {}, 'dana.whitfield@show-me-learning.example');
    expect(facilitationTeam.map((u: any) => u.email)).toEqual([rosa, 'ben.fischer@heartland-rpdc.example']);
  });

  it("lets Maya and Omar co-write Little Dixie's SDZ draft from the same version", async () => {
    const maya = 'maya.brooks@little-dixie.example';
    const { zoneApplications } = await gql(LIST, { status: 'DRAFT' }, maya);
    const { zoneApplication } = await gql(
      'query ($id: ID!) { zoneApplication(id: $id) { sections { id version body } } }',
      { id: zoneApplications.edges[0].node.id },
      maya,
    );
    const section = zoneApplication.sections[0];
    expect(section.version).toBe(4);
    const lines = section.body.split('\n\n');
    const first = await gql(
      Q.edit,
      { input: { sectionId: section.id, baseVersion: 4, body: [lines[0] + ' Since 2024.', lines[1], lines[2]].join('\n\n') } },
      maya,
    );
    const second = await gql(
      Q.edit,
      { input: { sectionId: section.id, baseVersion: 4, body: [lines[0], lines[1], lines[2] + ' Pilots start in August.'].join('\n\n') } },
      'omar.haddad@little-dixie.example',
    );
    expect(first.editApplicationSection.outcome).toBe('APPLIED');
    expect(second.editApplicationSection).toMatchObject({ outcome: 'MERGED', section: { version: 6 } });
    expect(second.editApplicationSection.section.body).toContain('Since 2024.');
  });

  it('lets Lena answer the open clarification and Ben decide, placing Sni-A-Bar Valley in the SDZ with a board resolution due', async () => {
    const lena = 'lena.morris@sni-a-bar.example';
    const { zoneApplications } = await gql(LIST, { status: 'NEEDS_CLARIFICATION' }, lena);
    const id = zoneApplications.edges[0].node.id;
    const { zoneApplication } = await gql('query ($id: ID!) { zoneApplication(id: $id) { clarifications { id question answer } } }', { id }, lena);
    const answered = await gql(
      Q.answer,
      { input: { clarificationId: zoneApplication.clarifications[0].id, answer: 'Castor River Health and Bootheel Agri-Logistics, grades 9-12.' } },
      lena,
    );
    expect(answered.answerApplicationClarification.application.status).toBe('UNDER_REVIEW');
    const decided = await gql(Q.decide, { input: { applicationId: id, decision: 'SELECTED', note: 'Welcome.' } }, 'ben.fischer@heartland-rpdc.example');
    expect(decided.decideZoneApplication).toMatchObject({ status: 'SELECTED', boardResolution: { status: 'OUTSTANDING' } });
  });

  it('shows Whitewater Creek its outstanding board resolution and Meramec Heights its automatic ILDZ placement', async () => {
    const carla = await gql(LIST, { status: 'SELECTED' }, 'carla.nguyen@whitewater-creek.example');
    const { zoneApplication } = await gql(
      'query ($id: ID!) { zoneApplication(id: $id) { boardResolution { status overdue dueAt } } }',
      { id: carla.zoneApplications.edges[0].node.id },
      'carla.nguyen@whitewater-creek.example',
    );
    expect(zoneApplication.boardResolution).toMatchObject({ status: 'OUTSTANDING', overdue: false });
    const derek = await gql(LIST, {}, 'derek.hale@meramec-heights.example');
    const placed = await gql(
      'query ($id: ID!) { zoneApplication(id: $id) { placedZone decisionSummary } }',
      { id: derek.zoneApplications.edges[0].node.id },
      'derek.hale@meramec-heights.example',
    );
    expect(placed.zoneApplication).toEqual({
      placedZone: 'INNOVATIVE_LEARNING_DESIGN',
      decisionSummary: 'Not selected for the System Design Zone; automatically accepted into the Innovative Learning Design Zone for 2027-2028',
    });
  });

  it('counts the 2027-2028 SDZ cohort per region for anyone', async () => {
    const { zoneCohort } = await gql(
      '{ zoneCohort(zone: SYSTEM_DESIGN, schoolYear: "2027-2028") { organizations regions { region organizations } regionsWithoutMembers } }',
      {},
    );
    expect(zoneCohort.regions).toHaveLength(8);
    expect(zoneCohort.organizations).toBeGreaterThanOrEqual(1);
    expect(zoneCohort.regions.find((r: any) => r.region === 'Southeast').organizations).toBeGreaterThanOrEqual(1);
  });
});
