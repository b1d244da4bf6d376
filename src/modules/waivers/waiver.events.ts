/**
 * Everything that happens to a waiver request, as published on its topic
 * (plain JSON, after the change commits) and as delivered to subscribers
 * (the `WaiverRequestEvent` interface and its implementations).
 */
import { Field, ID, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { PubSub } from '../../realtime/pubsub';
import { topic } from '../../realtime/topics';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { CollaboratorChange, CollaboratorRole, PresenceChange, WaiverRevisionKind, WaiverStatus } from './waiver.enums';
import { WaiverComment } from './waiver-comment.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { ListBound } from '../../graphql/limits';
import { WaiverSuggestion, WaiverSuggestionChange } from './waiver-suggestion.entity';

/** What changed about a co-signing district. */
export enum WaiverDistrictChange {
  ADDED = 'ADDED',
  SIGNED_OFF = 'SIGNED_OFF',
}
registerEnumType(WaiverDistrictChange, { name: 'WaiverDistrictChange', description: 'What changed about a co-signing district' });

interface Common {
  /** ISO time of the commit. */
  at: string;
  waiverRequestId: string;
  actorId: string | null;
  /** Echo of the mutation input's `clientMutationId`. */
  clientMutationId: string | null;
}

/** The topic's payloads: ids and small values only (they cross instances through Redis). */
export type WaiverEventPayload = Common &
  (
    | { type: 'SECTION_EDITED'; sectionId: string; revisionId: string; version: number }
    | { type: 'SECTION_ADDED'; sectionId: string }
    | { type: 'SECTION_MOVED'; sectionId: string; position: number }
    | { type: 'SECTION_RENAMED'; sectionId: string; title: string }
    | { type: 'PRESENCE_CHANGED'; userId: string; sectionId: string | null; change: PresenceChange }
    | { type: 'COMMENT_ADDED'; commentId: string }
    | { type: 'COMMENT_RESOLVED'; commentId: string; resolved: boolean }
    | { type: 'COLLABORATOR_CHANGED'; userId: string; role: CollaboratorRole | null; change: CollaboratorChange }
    | { type: 'DISTRICT_CHANGED'; organizationId: string; change: WaiverDistrictChange }
    | { type: 'STATUS_CHANGED'; from: WaiverStatus; to: WaiverStatus; note: string | null }
    | { type: 'SUGGESTION_CHANGED'; suggestionId: string; sectionId: string; change: WaiverSuggestionChange }
  );

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type WaiverEventInput = DistributiveOmit<WaiverEventPayload, 'at' | 'waiverRequestId' | 'actorId' | 'clientMutationId'>;

export const waiverTopic = topic<WaiverEventPayload>('waiver-request');

/** Who did it, for the events a mutation publishes. */
export interface EventOrigin {
  waiverRequestId: string;
  actorId: string | null;
  clientMutationId?: string | null;
}

/** Publishes events on the request's channel; call only after the transaction committed. */
export function publishWaiverEvents(pubsub: PubSub, origin: EventOrigin, events: WaiverEventInput[]): void {
  const at = new Date().toISOString();
  for (const event of events) {
    const payload = { ...event, at, waiverRequestId: origin.waiverRequestId, actorId: origin.actorId, clientMutationId: origin.clientMutationId ?? null };
    waiverTopic.publish(pubsub, payload as WaiverEventPayload, origin.waiverRequestId);
  }
}

@InterfaceType('WaiverRequestEvent', {
  description: 'Something that happened to a waiver request, delivered after it committed',
  resolveType: (event: object) => event.constructor.name,
})
export abstract class WaiverRequestEvent {
  @Field(() => Date)
  at!: Date;

  @Field(() => User, { nullable: true, description: 'Who did it; null when the hub did (presence expiry)' })
  actor!: User | null;

  @Field(() => ID, { description: 'The global id of the waiver request' })
  waiverRequestId!: string;

  @Field(() => String, { nullable: true, description: "The `clientMutationId` the actor's client sent with the mutation" })
  clientMutationId!: string | null;

  @Field({ description: 'Whether the viewer is the actor (their own change, echoed)' })
  byViewer!: boolean;
}

@ObjectType({ implements: WaiverRequestEvent, description: "A section's text changed: a new version" })
export class WaiverSectionEdited extends WaiverRequestEvent {
  @Field(() => WaiverSection, { description: 'The section now (it may already be at a later version)' })
  section!: WaiverSection;

  @Field(() => Int)
  version!: number;

  @Field({ description: 'The text at `version`' })
  body!: string;

  @Field(() => WaiverRevisionKind)
  kind!: WaiverRevisionKind;

  @Field({ description: 'Whether it was merged three-way from an older base version' })
  merged!: boolean;

  @Field(() => WaiverRevision)
  revision!: WaiverRevision;
}

@ObjectType({ implements: WaiverRequestEvent, description: 'A section was added' })
export class WaiverSectionAdded extends WaiverRequestEvent {
  @Field(() => WaiverSection)
  section!: WaiverSection;
}

@ObjectType({ implements: WaiverRequestEvent, description: 'A section moved; the others shifted to make room' })
export class WaiverSectionMoved extends WaiverRequestEvent {
  @Field(() => WaiverSection)
  section!: WaiverSection;

  @Field(() => Int)
  position!: number;

  @ListBound(50) // all the sections of one waiver request (see WaiverRequest.sections)
  @Field(() => [WaiverSection], { description: 'All sections in their new order' })
  sections!: WaiverSection[];
}

@ObjectType({ implements: WaiverRequestEvent, description: 'A section was renamed' })
export class WaiverSectionRenamed extends WaiverRequestEvent {
  @Field(() => WaiverSection)
  section!: WaiverSection;

  @Field()
  title!: string;
}

@ObjectType({ implements: WaiverRequestEvent, description: 'Someone opened a section, left it, or went away' })
export class WaiverPresenceChanged extends WaiverRequestEvent {
  @Field(() => User)
  user!: User;

  @Field(() => WaiverSection, { nullable: true, description: 'The section they have open now; null when none' })
  openSection!: WaiverSection | null;

  @Field(() => PresenceChange)
  presenceChange!: PresenceChange;
}

@ObjectType({ implements: WaiverRequestEvent, description: 'A comment or reply was added' })
export class WaiverCommentAdded extends WaiverRequestEvent {
  @Field(() => WaiverComment)
  comment!: WaiverComment;
}

@ObjectType({ implements: WaiverRequestEvent, description: 'A comment thread was resolved or reopened' })
export class WaiverCommentResolved extends WaiverRequestEvent {
  @Field(() => WaiverComment)
  comment!: WaiverComment;

  @Field()
  resolved!: boolean;
}

@ObjectType({ implements: WaiverRequestEvent, description: 'A collaborator was invited, changed role, or removed' })
export class WaiverCollaboratorChanged extends WaiverRequestEvent {
  @Field(() => User)
  user!: User;

  @Field(() => CollaboratorRole, { nullable: true, description: 'Their role now; null once removed' })
  role!: CollaboratorRole | null;

  @Field(() => CollaboratorChange)
  collaboratorChange!: CollaboratorChange;
}

@ObjectType({ implements: WaiverRequestEvent, description: 'A district joined as co-signer, or signed off' })
export class WaiverDistrictChanged extends WaiverRequestEvent {
  @Field(() => Organization)
  district!: Organization;

  @Field(() => WaiverDistrictChange)
  districtChange!: WaiverDistrictChange;
}

@ObjectType({ implements: WaiverRequestEvent, description: 'The request moved in its workflow' })
export class WaiverStatusChanged extends WaiverRequestEvent {
  @Field(() => WaiverStatus)
  from!: WaiverStatus;

  @Field(() => WaiverStatus)
  to!: WaiverStatus;

  @Field(() => String, { nullable: true, description: "The state agency's note, with a decision" })
  note!: string | null;
}

@ObjectType({ implements: WaiverRequestEvent, description: 'A suggestion was made, accepted (the text changed: a WaiverSectionEdited follows) or rejected' })
export class WaiverSuggestionChanged extends WaiverRequestEvent {
  @Field(() => WaiverSuggestion)
  suggestion!: WaiverSuggestion;

  @Field(() => WaiverSection)
  section!: WaiverSection;

  @Field(() => WaiverSuggestionChange)
  suggestionChange!: WaiverSuggestionChange;
}
