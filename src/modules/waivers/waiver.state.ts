/**
 * The rules of a waiver request's state: how a change takes the request (lock,
 * authorize, frozen text), which districts may sign, what a sign-off covers,
 * and the standard sections.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { OrganizationKind, Zone } from '../../domain/enums';
import { schoolYearOf } from '../../domain/school-year';
import { BadUserInputError, HubError, NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { lockedEntityReading, lockedRowReading } from '../../db/locked-entity';
import { readInOrder, selectRows, type Reading } from '../../db/select';
import { Organization } from '../organizations/organization.entity';
import { ZoneMembership } from '../organizations/zone-membership.entity';
import { accessOfUsersReading, authorizeWith, type WaiverAccess, type WaiverAction } from './waiver.access';
import { FROZEN_STATUSES, type WaiverStatus } from './waiver.enums';
import { WaiverRequest } from './waiver.entity';
import { WaiverSection } from './waiver-section.entity';
import type { SignedTextSnapshot } from './waiver-signed-text';

/** The sections every waiver request starts with, in order. */
export const STANDARD_SECTIONS: ReadonlyArray<{ key: string; title: string; guidance: string }> = [
  {
    key: 'requirement',
    title: 'Requirement to be waived',
    guidance: 'Cite the rule (MSIP 6 standard, statute or federal requirement) and quote the language to be set aside.',
  },
  { key: 'rationale', title: 'Rationale', guidance: 'Why the requirement stands in the way of competency-based learning for your students.' },
  { key: 'alternative', title: 'Proposed alternative', guidance: 'What the districts will do instead, and how it still meets the intent of the requirement.' },
  {
    key: 'readiness',
    title: 'Evidence of readiness',
    guidance: 'Graduate profile, competency frameworks, board resolutions, staff learning already in place.',
  },
  { key: 'engagement', title: 'Stakeholder engagement', guidance: 'How students, families, educators, boards and employers shaped the request.' },
  {
    key: 'accountability',
    title: 'Assessment and accountability plan',
    guidance: 'How mastery is assessed and reported, and how the districts stay accountable to the state.',
  },
  { key: 'timeline', title: 'Timeline', guidance: 'Milestones by school year, from approval through full implementation.' },
];

/** A move the workflow does not allow (INVALID_TRANSITION), e.g. editing a submitted text. */
export class WaiverWorkflowError extends HubError {
  constructor(message: string, status: WaiverStatus, extra: Record<string, unknown> = {}) {
    super(message, 'INVALID_TRANSITION', { status, ...extra });
  }

  static move(from: WaiverStatus, to: WaiverStatus, why: string): WaiverWorkflowError {
    return new WaiverWorkflowError(`A waiver request cannot move from ${from} to ${to}: ${why}`, from, { from, to });
  }
}

/** The request of each section seen lately: a section never moves to another request, nor is deleted. */
const requestOfSection = new Map<string, string>();
const REMEMBERED_SECTIONS = 10_000;

/** The id of the request a section (uuid) belongs to, NOT_FOUND when there is none; read once per section and remembered. */
export async function requestIdOfSection(em: EntityManager, sectionId: string): Promise<string> {
  const known = requestOfSection.get(sectionId);
  if (known) return known;
  const [row] = await selectRows<{ waiver_request_id: string }>(em, 'select waiver_request_id from waiver_sections where id = ?', [sectionId]);
  if (!row) throw new NotFoundError('Section');
  if (requestOfSection.size >= REMEMBERED_SECTIONS) requestOfSection.clear();
  requestOfSection.set(sectionId, row.waiver_request_id);
  return row.waiver_request_id;
}

/** How a change takes its waiver request (`lockRequestForChange`). */
export interface RequestChange {
  /** FOR SHARE for text edits (many at once, none while the workflow moves), FOR UPDATE for structure and workflow. */
  lock: 'share' | 'update';
  /** The policy action the viewer needs, decided on the access read under the lock. */
  action: WaiverAction;
  /** Refuse the change once the request is submitted or closed (its text is frozen). */
  editable?: boolean;
  /**
   * The request as a read-only row (`lockedRow`: in no unit of work, never written by a flush), for a change that only
   * reads it (a text edit or a keystroke: its id, its status). Never hand such a row to `em.create` or an entity's relation.
   */
  readOnly?: boolean;
}

/** A change of a section's text (an edit, a restore, a keystroke): the request FOR SHARE as a read-only row, many at once, none while the workflow moves. */
export const TEXT_CHANGE: RequestChange = { lock: 'share', action: 'waiver.edit', editable: true, readOnly: true };

/** The locked request and the viewer's access to it, read under the lock. */
export interface LockedRequest {
  request: WaiverRequest;
  access: WaiverAccess;
}

/**
 * The prologue of every change to a waiver request, in one order: lock the
 * request row (NOT_FOUND when it is missing), then authorize `action` on the
 * access read under that lock (NOT_FOUND when the viewer may not read it,
 * FORBIDDEN or UNAUTHENTICATED when they may not do it), then, for an
 * `editable` change, refuse a frozen text (INVALID_TRANSITION). The access is
 * read after the lock so that a collaborator removed, or a request submitted,
 * by a change that committed first is seen.
 */
export async function lockRequestForChange(em: EntityManager, viewer: Viewer, waiverRequestId: string, change: RequestChange): Promise<LockedRequest> {
  const [locked] = decideRequestChange(
    [viewer],
    await readInOrder(em, requestChangeReadings(em, viewer.userId ? [viewer.userId] : [], waiverRequestId, change)),
    change,
  );
  if (locked instanceof Error) throw locked;
  return locked;
}

/**
 * What the prologue reads, in its order: the request's lock, then the access of the writers (by user id) under it, in
 * one round trip (PostgreSQL runs the access read once the lock is held: db/pipeline.ts). Sent alone
 * (`lockRequestForChange`), or after the grants with the change's next lock (`writeTransactionWith`, a batch's `lead`).
 */
export function requestChangeReadings(em: EntityManager, userIds: readonly string[], waiverRequestId: string, change: RequestChange) {
  return [
    (change.readOnly ? lockedRowReading : lockedEntityReading)(em, WaiverRequest, waiverRequestId, change.lock),
    accessOfUsersReading(userIds, waiverRequestId),
  ] as const;
}

/**
 * Whether any district of the request has signed off (whether its sign-off still holds or not): only then can an edit
 * make one stale, and `notifySignOffStale` has anyone to tell. Read after the request's lock, which a sign-off takes
 * FOR UPDATE, so the answer holds until the edit commits; sent with a text change's first locks (`sectionTextReadings`).
 */
export function signedOffReading(requestId: string): Reading<boolean> {
  return {
    sql: 'select exists (select 1 from waiver_districts where waiver_request_id = ? and signed_off_at is not null) as signed',
    params: [requestId],
    answer: ([row]) => row.signed === true,
  };
}

/**
 * A change of a section's text (TEXT_CHANGE: an edit, a restore, a batch of keystrokes): its locks and what is read
 * under them, in their order, for the writers' user ids, to send after their grants in one round trip: the request's
 * lock and the access under it, the section FOR UPDATE as a read-only row (in no unit of work: its new body and version
 * go in the change's one write), and whether any district has signed off.
 */
export function sectionTextReadings(em: EntityManager, userIds: readonly string[], waiverRequestId: string, sectionId: string) {
  return [
    ...requestChangeReadings(em, userIds, waiverRequestId, TEXT_CHANGE),
    lockedRowReading(em, WaiverSection, sectionId, 'update'),
    signedOffReading(waiverRequestId),
  ] as const;
}

/**
 * The prologue's decision for each writer of one change (several for a batch of pushes: the request locked once), in
 * order, on what `requestChangeReadings` read: the locked request, or the error refusing them.
 */
export function decideRequestChange(
  viewers: readonly Viewer[],
  [request, accessOf]: readonly [WaiverRequest | null, Map<string, WaiverAccess>],
  change: RequestChange,
): Array<LockedRequest | Error> {
  if (!request) return viewers.map(() => new NotFoundError('Waiver request'));
  const frozen = change.editable && FROZEN_STATUSES.includes(request.status);
  return viewers.map((viewer) => {
    try {
      const access = authorizeWith(viewer, viewer.userId ? accessOf.get(viewer.userId) : null, change.action);
      return frozen ? new WaiverWorkflowError(`The text is frozen: this waiver request is ${request.status}`, request.status) : { request, access };
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      return error;
    }
  });
}

/** A district organization in the System Design Zone this school year, or BAD_USER_INPUT saying why not. */
export async function systemDesignDistrict(em: EntityManager, globalId: string, path: string): Promise<Organization> {
  const organization = await em.findOne(Organization, { id: expectGlobalId(globalId, 'Organization', path) });
  if (!organization) throw new NotFoundError('Organization');
  if (organization.kind !== OrganizationKind.DISTRICT) {
    throw BadUserInputError.field(path, `${organization.name} is not a school district: only System Design Zone districts co-design waiver requests`);
  }
  const schoolYear = schoolYearOf(new Date());
  if (!(await em.count(ZoneMembership, { organization, zone: Zone.SYSTEM_DESIGN, schoolYear }))) {
    throw BadUserInputError.field(path, `${organization.name} is not in the System Design Zone in ${schoolYear}: only SDZ districts co-design waiver requests`);
  }
  return organization;
}

/** What a sign-off names: the digest of the whole text and its version. */
export interface TextState {
  /** sha256 of the title and the sections in order (key, title, body): a sign-off holds for exactly this text. */
  digest: string;
  /**
   * Goes up by one with every change of the text: the sections' versions
   * (each edit, restore or new section adds one) plus the request's renames
   * and moves. Sections are never deleted, so it never goes down.
   */
  version: number;
}

type TextOfRequest = Pick<WaiverRequest, 'title' | 'layoutVersion'>;
type TextOfSection = Pick<WaiverSection, 'key' | 'title' | 'body' | 'version'>;

/** The text state of a request from its sections in document order (those a client read, or those under a lock). */
export function textStateOf(request: TextOfRequest, sections: readonly TextOfSection[]): TextState {
  const text = JSON.stringify([request.title, ...sections.map((s) => [s.key, s.title, s.body])]);
  return {
    digest: createHash('sha256').update(text).digest('hex'),
    version: sections.reduce((sum, section) => sum + section.version, request.layoutVersion),
  };
}

/** The text state of a request and the text itself, as a sign-off keeps it. */
export interface CurrentText extends TextState {
  /** The title and sections the digest was computed from (what a sign-off stores). */
  snapshot: SignedTextSnapshot;
}

/** The text state now and the text, read in the caller's transaction (take the request lock first). */
export async function currentText(em: EntityManager, request: WaiverRequest): Promise<CurrentText> {
  const sections = await em.find(
    WaiverSection,
    { waiverRequest: request },
    { orderBy: { position: 'asc', id: 'asc' }, fields: ['key', 'title', 'body', 'version'] },
  );
  const snapshot: SignedTextSnapshot = {
    title: request.title,
    sections: sections.map(({ key, title, body, version }) => ({ key, title, body, version })),
  };
  return { ...textStateOf(request, sections), snapshot };
}
