/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are read loosely in these assertions */
/**
 * `applicationEvents` over a real WebSocket: submitted, clarification
 * requested and answered, decided and documents received reach the
 * applicant's members and, once submitted, the facilitation team, after the
 * commit; nobody else, and drafts stay the applicant's.
 */
import { describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { Zone } from '../../src/domain/enums';
import { parseGlobalId } from '../../src/domain/global-id';
import { ApplicationEventType, ApplicationStatus } from '../../src/modules/applications/application.enums';
import { applicationEventsTopic, type ApplicationEventPayload } from '../../src/modules/applications/application.events';
import { useTestHub } from '../helpers/hub';
import { applicationWorld, Q, type ApplicationWorld } from './factories';

const t = useTestHub();
let w: ApplicationWorld;
const world = () => (w ??= applicationWorld(t));

interface Seen {
  type: string;
  status: string;
  application: { id: string };
  actor: { id: string } | null;
}

const SUBSCRIPTION = 'subscription ($id: ID) { applicationEvents(applicationId: $id) { type status application { id } actor { id } } }';

/** Follows events; `live` resolves once a handshake (an event the test publishes for `handshakeFor`) arrives. */
function follow(client: Client, handshakeFor: ApplicationEventPayload, applicationId?: string) {
  const seen: Seen[] = [];
  const waiters: Array<() => void> = [];
  let errors: unknown;
  client.subscribe<{ applicationEvents: Seen }>(
    { query: SUBSCRIPTION, variables: { id: applicationId ?? null } },
    {
      next: (result) => {
        if (result.errors) errors = result.errors;
        if (result.data) seen.push(result.data.applicationEvents);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (error) => {
        errors = error;
        waiters.splice(0).forEach((wake) => wake());
      },
      complete: () => {},
    },
  );
  const handshakeId = handshakeFor.applicationId;
  const until = async (done: () => boolean, publish?: () => void) => {
    const started = Date.now();
    while (!done()) {
      if (Date.now() - started > 10_000) throw new Error(`gave up waiting; saw ${JSON.stringify(seen)} errors ${JSON.stringify(errors)}`);
      publish?.();
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  const own = () => seen.filter((event) => parseGlobalId(event.application.id)?.id !== handshakeId);
  return {
    get errors() {
      return errors;
    },
    /** Events other than handshakes. */
    events: own,
    live: () =>
      until(
        () => seen.length > 0 || errors !== undefined,
        () => applicationEventsTopic.publish(t.hub.bus.pubsub, handshakeFor),
      ),
    waitFor: (type: string) => until(() => own().some((event) => event.type === type)),
  };
}

function handshake(applicantId: string, submitted: boolean): ApplicationEventPayload {
  return {
    type: ApplicationEventType.DOCUMENT_RECEIVED,
    applicationId: crypto.randomUUID(),
    applicantId,
    teacherId: null,
    zone: Zone.SYSTEM_DESIGN,
    schoolYear: '2027-2028',
    status: ApplicationStatus.SUBMITTED,
    submitted,
    actorId: null,
    at: new Date().toISOString(),
  };
}

describe('Subscription.applicationEvents', () => {
  it("delivers the journey's events to the applicant's members and the facilitation team, and nothing to outsiders", { timeout: 60_000 }, async () => {
    const window = await world().window(Zone.SYSTEM_DESIGN);
    const district = await w.applicant();
    const other = await w.applicant();
    const facilitator = await w.facilitator();
    const application = await w.start(window, district.gid, district.editor.token);
    await w.complete(application, district.editor.token);

    const member = follow(t.ws(district.viewer.token), handshake(district.organization.id, false));
    const team = follow(t.ws(facilitator.token), handshake(other.organization.id, true));
    const outsider = follow(t.ws(other.owner.token), handshake(other.organization.id, false));
    await Promise.all([member.live(), team.live(), outsider.live()]);

    // A draft's document reaches the applicant only.
    await w.call(
      Q.attach,
      { applicationId: application.id, sectionId: application.sections[0].id, documentIds: [await w.upload(district.editor)] },
      district.editor.token,
    );
    await member.waitFor('DOCUMENT_RECEIVED');

    await w.call(Q.submit, { applicationId: application.id }, district.editor.token);
    const { requestApplicationClarification } = await w.call<any>(Q.clarify, { applicationId: application.id, question: 'Which partners?' }, facilitator.token);
    await w.call(Q.answer, { clarificationId: requestApplicationClarification.id, answer: 'The county library.' }, district.owner.token);
    const { decideZoneApplication } = await w.call<any>(Q.decide, { applicationId: application.id, decision: 'SELECTED' }, facilitator.token);
    await w.call(
      Q.submitResolution,
      { requirementId: decideZoneApplication.boardResolution.id, documentId: await w.upload(district.owner) },
      district.owner.token,
    );

    const journey = ['SUBMITTED', 'CLARIFICATION_REQUESTED', 'CLARIFICATION_ANSWERED', 'DECIDED'];
    await Promise.all([member.waitFor('DECIDED'), team.waitFor('DOCUMENT_RECEIVED')]);
    const types = (events: Seen[]) => events.map((event) => event.type);
    expect(types(member.events()).slice(0, 5)).toEqual(['DOCUMENT_RECEIVED', ...journey]);
    expect(types(team.events()).slice(0, 4)).toEqual(journey);
    expect(team.events().find((e) => e.type === 'CLARIFICATION_ANSWERED')).toMatchObject({
      status: 'UNDER_REVIEW',
      application: { id: application.id },
      actor: { id: district.owner.gid },
    });
    expect(member.events().find((e) => e.type === 'DECIDED')?.status).toBe('SELECTED');
    // The board resolution arrives last; the outsider saw none of it.
    expect(types(team.events())).toEqual([...journey, 'DOCUMENT_RECEIVED']);
    expect(outsider.events()).toEqual([]);
  });

  it('refuses to follow one application the viewer may not read, and hides a draft from the team', async () => {
    const window = await world().window(Zone.SYSTEM_DESIGN);
    const district = await w.applicant();
    const other = await w.applicant();
    const facilitator = await w.facilitator();
    const application = await w.start(window, district.gid, district.editor.token);
    for (const token of [other.owner.token, facilitator.token]) {
      const refused = follow(t.ws(token), handshake(district.organization.id, false), application.id);
      await refused.live().catch(() => undefined);
      expect(JSON.stringify(refused.errors)).toContain('NOT_FOUND');
    }
    const anonymous = follow(t.ws(), handshake(district.organization.id, false));
    await anonymous.live().catch(() => undefined);
    expect(JSON.stringify(anonymous.errors)).toContain('UNAUTHENTICATED');
  });
});
