/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are read loosely in these assertions */
/**
 * Application windows and the deadline, judged by the hub's clock: a manual
 * clock here, moved to the instant that matters.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock';
import { Zone } from '../../src/domain/enums';
import { useTestHub } from '../helpers/hub';
import { applicationWorld, Q, type ApplicationWorld } from './factories';

const clock = new ManualClock(new Date('2027-03-01T12:00:00Z'));
const t = useTestHub({}, { clock });
let w: ApplicationWorld;
const world = () => (w ??= applicationWorld(t));

const OPENS = new Date('2027-04-15T00:00:00Z');
const DEADLINE = new Date('2027-06-30T23:59:59Z');

async function draftedApplication() {
  clock.set(new Date('2027-05-01T00:00:00Z'));
  const window = await world().window(Zone.SYSTEM_DESIGN, { opensAt: OPENS, closesAt: DEADLINE });
  const district = await w.applicant();
  const application = await w.start(window, district.gid, district.editor.token);
  await w.complete(application, district.editor.token);
  return { window, district, application };
}

describe('application windows', () => {
  it('opens a window for state-agency staff only, one per zone and school year', async () => {
    const state = await world().stateOwner();
    const district = await w.applicant();
    const input = { zone: 'COLLABORATIVE_NETWORK', schoolYear: '2098-2099', opensAt: OPENS.toISOString(), closesAt: DEADLINE.toISOString() };
    clock.set(new Date('2027-05-01T00:00:00Z'));
    const { openApplicationWindow } = await w.call<any>(Q.openWindow, input, state.token);
    expect(openApplicationWindow).toMatchObject({ zone: 'COLLABORATIVE_NETWORK', schoolYear: '2098-2099', deadline: DEADLINE.toISOString(), isOpen: true });
    const twice = await t.request(Q.openWindow, { input }, { token: state.token });
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
    const byDistrict = await t.request(Q.openWindow, { input: { ...input, schoolYear: '2096-2097' } }, { token: district.owner.token });
    expect(byDistrict.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses to start before the window opens, naming the opening', async () => {
    clock.set(new Date('2027-04-14T23:59:59Z'));
    const window = await world().window(Zone.SYSTEM_DESIGN, { opensAt: OPENS, closesAt: DEADLINE });
    const district = await w.applicant();
    const early = await t.request(
      Q.start,
      { input: { zone: window.zone, schoolYear: window.schoolYear, applicantId: district.gid } },
      { token: district.editor.token },
    );
    expect(early.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(early.errors?.[0].message).toContain(OPENS.toISOString());
    clock.set(OPENS);
    expect((await w.start(window, district.gid, district.editor.token)).status).toBe('DRAFT');
  });

  it('submits at the deadline itself', async () => {
    const { application, district } = await draftedApplication();
    clock.set(DEADLINE);
    expect((await w.call<any>(Q.submit, { applicationId: application.id }, district.editor.token)).submitZoneApplication).toMatchObject({
      status: 'SUBMITTED',
      submittedAt: DEADLINE.toISOString(),
    });
  });

  it('refuses a submit one second after the deadline with INVALID_TRANSITION naming the deadline', async () => {
    const { application, district } = await draftedApplication();
    clock.set(new Date(DEADLINE.getTime() + 1000));
    const late = await t.request(Q.submit, { input: { applicationId: application.id } }, { token: district.editor.token });
    expect(late.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(late.errors?.[0].message).toContain(`The deadline for System Design Zone`);
    expect(late.errors?.[0].message).toContain(DEADLINE.toISOString());
    expect(late.errors?.[0].extensions?.deadline).toBe(DEADLINE.toISOString());
    const { zoneApplication } = await t.data<any, any>(
      'query ($id: ID!) { zoneApplication(id: $id) { status window { isOpen } } }',
      { id: application.id },
      { token: district.editor.token },
    );
    expect(zoneApplication).toEqual({ status: 'DRAFT', window: { isOpen: false } });
  });

  it('takes submits until an extended deadline ("extended to August 4"), and refuses one second after it', async () => {
    const { window, application, district } = await draftedApplication();
    const state = await w.stateOwner();
    const extendedTo = new Date('2027-08-04T23:59:59Z');
    const { extendApplicationWindow } = await w.call<any>(Q.extendWindow, { windowId: window.nodeId, extendedTo: extendedTo.toISOString() }, state.token);
    expect(extendApplicationWindow).toMatchObject({ deadline: extendedTo.toISOString(), extendedTo: extendedTo.toISOString() });
    const shorter = await t.request(Q.extendWindow, { input: { windowId: window.nodeId, extendedTo: DEADLINE.toISOString() } }, { token: state.token });
    expect(shorter.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    clock.set(new Date(extendedTo.getTime() + 1000));
    const late = await t.request(Q.submit, { input: { applicationId: application.id } }, { token: district.editor.token });
    expect(late.errors?.[0].message).toContain(
      `The deadline (extended) for System Design Zone ${window.schoolYear} applications was ${extendedTo.toISOString()}`,
    );
    clock.set(new Date('2027-07-15T00:00:00Z'));
    expect((await w.call<any>(Q.submit, { applicationId: application.id }, district.editor.token)).submitZoneApplication.status).toBe('SUBMITTED');
  });

  it('keeps answering a clarification after the deadline: the window bounds applying, not review', async () => {
    const { application, district } = await draftedApplication();
    await w.call(Q.submit, { applicationId: application.id }, district.editor.token);
    const facilitator = await w.facilitator();
    const { requestApplicationClarification } = await w.call<any>(Q.clarify, { applicationId: application.id, question: 'Which grades?' }, facilitator.token);
    clock.set(new Date('2027-09-01T00:00:00Z'));
    const { answerApplicationClarification } = await w.call<any>(
      Q.answer,
      { clarificationId: requestApplicationClarification.id, answer: 'K-8.' },
      district.owner.token,
    );
    expect(answerApplicationClarification).toMatchObject({ answeredAt: '2027-09-01T00:00:00.000Z', application: { status: 'UNDER_REVIEW' } });
  });
});
