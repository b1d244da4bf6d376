/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are read loosely in these assertions */
/**
 * Decisions under concurrency, and the board resolution an SDZ selection
 * requires: a requirement on the membership with a due date, satisfied by an
 * uploaded document, visible as OUTSTANDING / RECEIVED / ACCEPTED to the
 * district and the facilitation team.
 */
import { describe, expect, it } from 'vitest';
import { OrganizationKind, Zone } from '../../src/domain/enums';
import { useTestHub } from '../helpers/hub';
import { applicationWorld, Q, type ApplicationWorld } from './factories';

const t = useTestHub();
let w: ApplicationWorld;
const world = () => (w ??= applicationWorld(t));

describe('Mutation.decideZoneApplication under concurrency', () => {
  it('creates exactly one membership when two facilitators decide the same application at once', async () => {
    const { window, team, application } = await world().submitted(Zone.SYSTEM_DESIGN);
    const [first, second] = await Promise.all([w.facilitator(), w.facilitator()]);
    const results = await Promise.all([
      t.request<any, any>(Q.decide, { input: { applicationId: application.id, decision: 'SELECTED' } }, { token: first.token }),
      t.request<any, any>(Q.decide, { input: { applicationId: application.id, decision: 'NOT_SELECTED' } }, { token: second.token }),
    ]);
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.errors![0].extensions?.code)).toEqual(['INVALID_TRANSITION']);
    const placed = won[0].data.decideZoneApplication.placedZone;
    expect(await w.zoneMemberships(team.organization.id)).toEqual([{ zone: placed, school_year: window.schoolYear }]);
    const [{ count }] = await t.hub.orm.em
      .fork()
      .execute('select count(*)::int as count from board_resolution_requirements where organization_id = ?', [team.organization.id]);
    expect(count).toBe(placed === 'SYSTEM_DESIGN' ? 1 : 0);
  });
});

describe('the board resolution requirement', () => {
  const read =
    'query ($id: ID!) { zoneApplication(id: $id) { boardResolution { id status dueAt overdue receivedAt district { id } documents { id } zoneMembership { zone schoolYear } } } }';

  it('is OUTSTANDING with its due date after an SDZ selection, RECEIVED once the district attaches the resolution, then ACCEPTED by the team', async () => {
    const { window, team, application } = await world().submitted(Zone.SYSTEM_DESIGN);
    const facilitator = await w.facilitator();
    const dueAt = '2099-09-30T00:00:00.000Z';
    const { decideZoneApplication } = await w.call<any>(
      Q.decide,
      { applicationId: application.id, decision: 'SELECTED', boardResolutionDueAt: dueAt },
      facilitator.token,
    );
    const requirement = decideZoneApplication.boardResolution;
    expect(requirement).toMatchObject({ status: 'OUTSTANDING', dueAt });
    const seen = await t.data<any, any>(read, { id: application.id }, { token: team.viewer.token });
    expect(seen.zoneApplication.boardResolution).toMatchObject({
      status: 'OUTSTANDING',
      overdue: false,
      district: { id: team.gid },
      documents: [],
      zoneMembership: { zone: 'SYSTEM_DESIGN', schoolYear: window.schoolYear },
    });

    const early = await t.request(Q.acceptResolution, { input: { requirementId: requirement.id } }, { token: facilitator.token });
    expect(early.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    const byViewer = await t.request(
      Q.submitResolution,
      { input: { requirementId: requirement.id, documentId: await w.upload(team.viewer, 'resolution.pdf') } },
      { token: team.viewer.token },
    );
    expect(byViewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const document = await w.upload(team.owner, 'board-resolution.pdf');
    const { submitBoardResolution } = await w.call<any>(Q.submitResolution, { requirementId: requirement.id, documentId: document }, team.owner.token);
    expect(submitBoardResolution).toMatchObject({ status: 'RECEIVED', documents: [{ id: document }] });
    const teamView = await t.data<any, any>(read, { id: application.id }, { token: facilitator.token });
    expect(teamView.zoneApplication.boardResolution).toMatchObject({ status: 'RECEIVED', documents: [{ id: document }] });

    const notTeam = await t.request(Q.acceptResolution, { input: { requirementId: requirement.id } }, { token: team.owner.token });
    expect(notTeam.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const { acceptBoardResolution } = await w.call<any>(Q.acceptResolution, { requirementId: requirement.id }, facilitator.token);
    expect(acceptBoardResolution.status).toBe('ACCEPTED');
    expect((await t.data<any, any>(read, { id: application.id }, { token: team.editor.token })).zoneApplication.boardResolution.status).toBe('ACCEPTED');
  });

  it("shows on the organization's zone membership to its members, and to nobody outside", async () => {
    const { team, application, window } = await world().submitted(Zone.SYSTEM_DESIGN);
    const facilitator = await w.facilitator();
    await w.call(Q.decide, { applicationId: application.id, decision: 'SELECTED' }, facilitator.token);
    const outsider = await w.applicant();
    const query = 'query ($id: ID!) { node(id: $id) { ... on Organization { zoneMemberships { zone schoolYear boardResolution { status } } } } }';
    const mine = await t.data<any, any>(query, { id: team.gid }, { token: team.viewer.token });
    expect(mine.node.zoneMemberships).toEqual([{ zone: 'SYSTEM_DESIGN', schoolYear: window.schoolYear, boardResolution: { status: 'OUTSTANDING' } }]);
    const theirs = await t.data<any, any>(query, { id: team.gid }, { token: outsider.owner.token });
    expect(theirs.node.zoneMemberships).toEqual([{ zone: 'SYSTEM_DESIGN', schoolYear: window.schoolYear, boardResolution: null }]);
  });

  it('is not asked of ILDZ or CNZ selections', async () => {
    const { application } = await world().submitted(Zone.INNOVATIVE_LEARNING_DESIGN);
    const facilitator = await w.facilitator();
    const { decideZoneApplication } = await w.call<any>(Q.decide, { applicationId: application.id, decision: 'SELECTED' }, facilitator.token);
    expect(decideZoneApplication).toMatchObject({ status: 'SELECTED', placedZone: 'INNOVATIVE_LEARNING_DESIGN', boardResolution: null });
  });
});

describe('a teacher applying for themself (ILDZ)', () => {
  it('is placed in the zone as a teacher, counted in the cohort beside organizations', async () => {
    const window = await world().window(Zone.INNOVATIVE_LEARNING_DESIGN);
    const school = await w.applicant(OrganizationKind.DISTRICT, 'Northwest');
    const teacher = await w.person(school.organization);
    const application = await w.start(window, school.gid, teacher.token, true);
    await w.complete(application, teacher.token, teacher);
    await w.call(Q.submit, { applicationId: application.id }, teacher.token);
    const facilitator = await w.facilitator();
    const { decideZoneApplication } = await w.call<any>(Q.decide, { applicationId: application.id, decision: 'SELECTED' }, facilitator.token);
    expect(decideZoneApplication.placedZone).toBe('INNOVATIVE_LEARNING_DESIGN');
    expect(await w.zoneMemberships(school.organization.id)).toEqual([]);
    const { zoneCohort } = await t.data<any, any>(
      'query ($year: String!) { zoneCohort(zone: INNOVATIVE_LEARNING_DESIGN, schoolYear: $year) { organizations teachers regions { region teachers } } }',
      { year: window.schoolYear },
    );
    expect(zoneCohort).toMatchObject({ organizations: 0, teachers: 1 });
    expect(zoneCohort.regions.find((r: { region: string }) => r.region === 'Northwest').teachers).toBe(1);
  });
});

describe('Query.zoneCohort', () => {
  it('counts the cohort per DESE supervisory region, all eight, for anyone', async () => {
    const window = await world().window(Zone.COLLABORATIVE_NETWORK);
    const facilitator = await w.facilitator();
    for (const region of ['Kansas City', 'Kansas City', 'Southeast']) {
      const college = await w.applicant(OrganizationKind.HIGHER_ED, region);
      const application = await w.start(window, college.gid, college.editor.token);
      await w.complete(application, college.editor.token);
      await w.call(Q.submit, { applicationId: application.id }, college.editor.token);
      await w.call(Q.decide, { applicationId: application.id, decision: 'SELECTED' }, facilitator.token);
    }
    const { zoneCohort } = await t.data<any, any>(
      'query ($zone: Zone!, $year: String!) { zoneCohort(zone: $zone, schoolYear: $year) { organizations teachers regions { region organizations } regionsWithoutMembers } }',
      { zone: 'COLLABORATIVE_NETWORK', year: window.schoolYear },
    );
    expect(zoneCohort.organizations).toBe(3);
    expect(zoneCohort.regions).toHaveLength(8);
    expect(zoneCohort.regions.find((r: { region: string }) => r.region === 'Kansas City').organizations).toBe(2);
    expect(zoneCohort.regionsWithoutMembers).toEqual(['Central', 'Northeast', 'Northwest', 'South Central', 'Southwest', 'St. Louis']);
  });
});

describe('Query.zoneApplications', () => {
  it('reads a page of applications with all their parts in statements that do not grow with the rows', async () => {
    const facilitator = await world().facilitator();
    const window = await w.window(Zone.SYSTEM_DESIGN);
    const submitOne = async () => {
      const district = await w.applicant();
      const application = await w.start(window, district.gid, district.editor.token);
      await w.complete(application, district.editor.token);
      await w.call(Q.submit, { applicationId: application.id }, district.editor.token);
      await w.call(Q.clarify, { applicationId: application.id, question: 'Which grades?' }, facilitator.token);
      await w.call(Q.note, { applicationId: application.id, body: 'Promising.' }, facilitator.token);
    };
    const query = `query ($y: String) { zoneApplications(first: 20, schoolYear: $y) { totalCount edges { node { id applicant { name } window { deadline isOpen }
      sections { key rating evidenceDocuments { id } updatedBy { id } } commitments { key acknowledged } letterOfSupport { id }
      clarifications { question askedBy { id } } reviewNotes { body author { id } } boardResolution { status } } } } }`;
    const count = async () => {
      t.resetStatements();
      const { zoneApplications } = await t.data<any, any>(query, { y: window.schoolYear }, { token: facilitator.token });
      return { rows: zoneApplications.totalCount as number, statements: t.statements.length };
    };
    await submitOne();
    const one = await count();
    await submitOne();
    await submitOne();
    const three = await count();
    expect([one.rows, three.rows]).toEqual([1, 3]);
    expect(three.statements).toBe(one.statements);
    expect(one.statements).toBeLessThan(20);
  });
});
