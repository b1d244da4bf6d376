/**
 * The review workflow: DRAFT → IN_REVIEW (lead) → sign-offs (an OWNER of
 * every district, for the exact text) → SUBMITTED (lead; the text freezes)
 * → APPROVED | DENIED (state agency, with a note); WITHDRAWN by the lead
 * before a decision. Every move locks the request row, so of two racing
 * moves exactly one wins and the other sees the new status.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, requireUserId } from '../../auth/policy';
import type { HubContext } from '../../graphql/context';
import { ConflictError, NotFoundError } from '../../errors';
import { expectGlobalId, toGlobalId } from '../../domain/global-id';
import { writeTransaction } from '../../graphql/write-transaction';
import { User } from '../users/user.entity';
import { WaiverStatus } from './waiver.enums';
import type { WaiverRequest } from './waiver.entity';
import { WaiverDistrictChange } from './waiver.events';
import type { DecideWaiverRequestInput, SignOffWaiverRequestInput, WaiverRequestActionInput } from './waiver.inputs';
import { WaiverDistrict } from './waiver-party.entity';
import { publish } from './waiver.service';
import { notifyStatusChanged } from './waiver.notifications';
import { currentText, lockRequestForChange, WaiverWorkflowError } from './waiver.state';

const { DRAFT, IN_REVIEW, SUBMITTED, APPROVED, DENIED, WITHDRAWN } = WaiverStatus;

async function move(
  ctx: HubContext,
  input: WaiverRequestActionInput,
  to: WaiverStatus,
  apply: (request: WaiverRequest, em: EntityManager) => Promise<void> | void,
  action: 'waiver.manage' | 'waiver.decide' = 'waiver.manage',
  note: string | null = null,
): Promise<WaiverRequest> {
  const id = expectGlobalId(input.waiverRequestId, 'WaiverRequest', 'input.waiverRequestId');
  const { request, from } = await writeTransaction(ctx, async (em, viewer) => {
    const { request } = await lockRequestForChange(em, viewer, id, { lock: 'update', action });
    const from = request.status;
    await apply(request, em);
    request.status = to;
    await notifyStatusChanged(em, request, to, viewer.userId);
    return { request, from };
  });
  publish(ctx, id, input.clientMutationId, [{ type: 'STATUS_CHANGED', from, to, note }]);
  return request;
}

/** The lead asks the districts to review and sign off: DRAFT → IN_REVIEW. */
export function startWaiverReview(ctx: HubContext, input: WaiverRequestActionInput): Promise<WaiverRequest> {
  return move(ctx, input, IN_REVIEW, (request) => {
    if (request.status !== DRAFT) throw WaiverWorkflowError.move(request.status, IN_REVIEW, 'only a DRAFT goes to review');
  });
}

/**
 * An OWNER of a co-signing district signs off the text they read, named by
 * its digest (IN_REVIEW only). Compared under the request lock, which every
 * text change also takes: a change committed after the signer read the text
 * makes the digest differ, and the answer is CONFLICT with the text now.
 */
export async function signOffWaiverRequest(ctx: HubContext, input: SignOffWaiverRequestInput): Promise<WaiverDistrict> {
  const userId = requireUserId(ctx.viewer);
  const id = expectGlobalId(input.waiverRequestId, 'WaiverRequest', 'input.waiverRequestId');
  const organizationId = expectGlobalId(input.districtId, 'Organization', 'input.districtId');
  const district = await writeTransaction(ctx, async (em, viewer) => {
    const { request, access } = await lockRequestForChange(em, viewer, id, { lock: 'update', action: 'waiver.read' });
    authorize(viewer, 'waiver.signOff', { ...access, organizationId });
    if (request.status !== IN_REVIEW) {
      throw new WaiverWorkflowError(`Sign-offs happen IN_REVIEW; this waiver request is ${request.status}`, request.status);
    }
    const district = await em.findOne(WaiverDistrict, { waiverRequest: request, organization: organizationId });
    if (!district) throw new NotFoundError('Co-signing district');
    const text = await currentText(em, request);
    if (input.textDigest !== text.digest) {
      throw new ConflictError(`The text changed since you read it (now version ${text.version}): read it again and sign off its new digest`, {
        textDigest: text.digest,
        textVersion: text.version,
      });
    }
    district.signedOffAt = new Date();
    district.signedOffBy = em.getReference(User, userId);
    district.signedDigest = text.digest;
    district.signedTextVersion = text.version;
    // The very rows the digest was computed from, under the same lock: the snapshot is the text signed.
    district.signedText = text.snapshot;
    return district;
  });
  publish(ctx, id, input.clientMutationId, [{ type: 'DISTRICT_CHANGED', organizationId, change: WaiverDistrictChange.SIGNED_OFF }]);
  return district;
}

/** The lead submits to the state agency once every district signed off this exact text: IN_REVIEW → SUBMITTED. */
export function submitWaiverRequest(ctx: HubContext, input: WaiverRequestActionInput): Promise<WaiverRequest> {
  const userId = requireUserId(ctx.viewer);
  return move(ctx, input, SUBMITTED, async (request, em) => {
    if (request.status !== IN_REVIEW) throw WaiverWorkflowError.move(request.status, SUBMITTED, 'only a request IN_REVIEW is submitted');
    const { digest } = await currentText(em, request);
    const districts = await em.find(WaiverDistrict, { waiverRequest: request }, { populate: ['organization'], orderBy: { createdAt: 'asc' } });
    const missing = districts.filter((district) => district.signedDigest !== digest);
    if (missing.length) {
      throw new WaiverWorkflowError(
        `A waiver request cannot move from IN_REVIEW to SUBMITTED: an OWNER of ${missing.map((d) => d.organization.name).join(', ')} must sign off the current text`,
        request.status,
        { from: IN_REVIEW, to: SUBMITTED, missingSignOffs: missing.map((d) => toGlobalId('Organization', d.organization.id)) },
      );
    }
    request.submittedAt = new Date();
    request.submittedBy = em.getReference(User, userId);
  });
}

/** The lead withdraws the request before a decision. */
export function withdrawWaiverRequest(ctx: HubContext, input: WaiverRequestActionInput): Promise<WaiverRequest> {
  return move(ctx, input, WITHDRAWN, (request) => {
    if (![DRAFT, IN_REVIEW, SUBMITTED].includes(request.status)) {
      throw WaiverWorkflowError.move(request.status, WITHDRAWN, 'only a request not yet decided is withdrawn');
    }
  });
}

/** State-agency staff approve or deny a submitted request, with a note. */
export function decideWaiverRequest(ctx: HubContext, input: DecideWaiverRequestInput): Promise<WaiverRequest> {
  const userId = requireUserId(ctx.viewer);
  const to = input.decision === 'APPROVED' ? APPROVED : DENIED;
  return move(
    ctx,
    input,
    to,
    (request, em) => {
      if (request.status !== SUBMITTED) throw WaiverWorkflowError.move(request.status, to, 'only a SUBMITTED request is decided');
      request.decidedAt = new Date();
      request.decidedBy = em.getReference(User, userId);
      request.decisionNote = input.note;
    },
    'waiver.decide',
    input.note,
  );
}
