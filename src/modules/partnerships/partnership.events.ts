/**
 * Partnership events: every transition, published after its transaction
 * commits to both sides' channels (one per organization), as plain JSON.
 */
import { Field, ObjectType } from 'type-graphql';
import type { PubSub } from '../../realtime/pubsub';
import { topic } from '../../realtime/topics';
import { PartnershipStatus } from './partnership.enums';

/** What crosses instances: ids and small values. */
export interface PartnershipEventPayload {
  partnershipId: string;
  districtId: string;
  businessId: string;
  status: PartnershipStatus;
  previousStatus: PartnershipStatus | null;
  actorId: string | null;
  note: string | null;
  /** ISO time of the transition. */
  at: string;
}

/** One channel per organization: `partnership-events:<organization uuid>`. */
export const partnershipEventsTopic = topic<PartnershipEventPayload>('partnership-events');

/** Publishes to the district's and the business's channels; call only after the commit. */
export function publishPartnershipEvent(pubsub: PubSub, payload: PartnershipEventPayload): void {
  for (const organizationId of new Set([payload.districtId, payload.businessId])) {
    partnershipEventsTopic.publish(pubsub, payload, organizationId);
  }
}

/** `partnership` and `actor` are resolved through the request's loaders. */
@ObjectType({ description: 'A partnership moved: from previousStatus (null for a new request) to status' })
export class PartnershipEvent {
  partnershipId!: string;
  actorId!: string | null;

  @Field(() => PartnershipStatus)
  status!: PartnershipStatus;

  @Field(() => PartnershipStatus, { nullable: true })
  previousStatus!: PartnershipStatus | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Date)
  at!: Date;

  static from(payload: PartnershipEventPayload): PartnershipEvent {
    return Object.assign(new PartnershipEvent(), {
      partnershipId: payload.partnershipId,
      actorId: payload.actorId,
      status: payload.status,
      previousStatus: payload.previousStatus,
      note: payload.note,
      at: new Date(payload.at),
    });
  }
}
