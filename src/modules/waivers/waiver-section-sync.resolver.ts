/** GraphQL for co-typing a section as a Yjs document: pushing updates, following the document. */
import { Arg, Args, Ctx, Field, FieldResolver, Float, Mutation, ObjectType, registerEnumType, Resolver, Root, Subscription } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import {
  documentMessage,
  DocumentSyncArgs,
  DocumentSyncMessageFields,
  emptyMessage,
  isDocumentPayload,
  PushDocumentUpdateFields,
} from '../../graphql/document-sync.types';
import { User } from '../users/user.entity';
import { knownParticipant } from '../users/user.visibility';
import { WaiverEditOutcome, WaiverStatus } from './waiver.enums';
import { PushWaiverSectionAwarenessInput, PushWaiverSectionUpdateInput } from './waiver.inputs';
import { pushWaiverSectionAwareness } from './waiver-section-awareness.service';
import { WaiverSection } from './waiver-section.entity';
import { WaiverSuggestion, WaiverSuggestionChange } from './waiver-suggestion.entity';
import { followSectionSync, pushWaiverSectionUpdate, type SyncStreamPayload } from './waiver-section-sync.service';
import { SubscribeOnlyArguments } from '../../delivery';

/** What a sync message carries. */
export enum WaiverSyncKind {
  STATE = 'STATE',
  UPDATE = 'UPDATE',
  FROZEN = 'FROZEN',
  AWARENESS = 'AWARENESS',
  AWARENESS_GONE = 'AWARENESS_GONE',
  SUGGESTION = 'SUGGESTION',
}
registerEnumType(WaiverSyncKind, {
  name: 'WaiverSyncKind',
  description: 'What a waiverSectionSync message carries',
  valuesConfig: {
    STATE: { description: 'First message: what you are missing against the state vector you sent' },
    UPDATE: { description: "An update the hub accepted: everyone's but your own client's, when you gave your clientId" },
    FROZEN: { description: 'The request was submitted or closed: the text is frozen, updates are refused from now on' },
    AWARENESS: { description: "Another client's awareness (who, cursor, selection, colour): a y-protocols awareness update in `update`" },
    AWARENESS_GONE: { description: 'The client `clientId` left (its subscription ended): remove its awareness state' },
    SUGGESTION: {
      description:
        'A suggestion on this section was made, accepted or rejected: see `suggestion` and `suggestionChange` (an accepted one also comes as an UPDATE)',
    },
  },
});

@ObjectType({ description: 'What the hub did with a pushed Yjs update' })
export class PushWaiverSectionUpdatePayload extends PushDocumentUpdateFields {
  @Field(() => WaiverEditOutcome, { description: 'APPLIED (stored) or UNCHANGED (nothing the hub did not have)' })
  outcome!: WaiverEditOutcome;

  @Field(() => WaiverSection)
  section!: WaiverSection;
}

@ObjectType({ description: "A message of a section's document: a state, an accepted update, or the freeze" })
export class WaiverSectionSyncMessage extends DocumentSyncMessageFields {
  @Field(() => WaiverSyncKind)
  kind!: WaiverSyncKind;

  @Field(() => WaiverStatus, { nullable: true, description: 'For FROZEN: the status the request moved to' })
  status!: WaiverStatus | null;

  /** For SUGGESTION: the suggestion (the `suggestion` field). */
  suggestionId!: string | null;

  @Field(() => WaiverSuggestionChange, { nullable: true, description: 'For SUGGESTION: what happened to it' })
  suggestionChange!: WaiverSuggestionChange | null;
}

@ObjectType({ description: 'Awareness relayed to the section, and your presence it renewed' })
export class PushWaiverSectionAwarenessPayload {
  @Field(() => Float, { description: 'Your Yjs client id (a uint32, past Int)' })
  clientId!: number;

  @Field(() => Date, { nullable: true, description: 'When your presence on the section expires unless renewed; null once your state is null' })
  expiresAt!: Date | null;

  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;
}

function toMessage(payload: SyncStreamPayload, sectionGlobalId: string): WaiverSectionSyncMessage {
  const message = Object.assign(new WaiverSectionSyncMessage(), emptyMessage(sectionGlobalId), { status: null, suggestionId: null, suggestionChange: null });
  if (isDocumentPayload(payload)) {
    const { kind, ...fields } = documentMessage(payload);
    return Object.assign(message, fields, { kind: WaiverSyncKind[kind] });
  }
  switch (payload.type) {
    case 'STATUS_CHANGED':
      return Object.assign(message, { kind: WaiverSyncKind.FROZEN, status: payload.to });
    case 'SUGGESTION_CHANGED':
      return Object.assign(message, {
        kind: WaiverSyncKind.SUGGESTION,
        suggestionId: payload.suggestionId,
        suggestionChange: payload.change,
        authorId: payload.actorId,
        clientMutationId: payload.clientMutationId,
      });
    default:
      throw new Error(`waiverSectionSync was handed a ${payload.type} event`);
  }
}

@Resolver()
export class WaiverSectionSyncResolver {
  @Mutation(() => PushWaiverSectionUpdatePayload, {
    description:
      "An author sends a Yjs update of a section's document. Stored before it is acknowledged; refused (BAD_USER_INPUT) when malformed, " +
      'too large or missing what it depends on, INVALID_TRANSITION once the text is frozen, FORBIDDEN for readers who may not edit',
  })
  async pushWaiverSectionUpdate(@Arg('input') input: PushWaiverSectionUpdateInput, @Ctx() ctx: HubContext): Promise<PushWaiverSectionUpdatePayload> {
    const result = await pushWaiverSectionUpdate(ctx, input);
    return Object.assign(new PushWaiverSectionUpdatePayload(), {
      outcome: result.outcome,
      section: result.section,
      version: result.version,
      stateVector: result.stateVector,
      clientMutationId: input.clientMutationId ?? null,
    });
  }

  @Mutation(() => PushWaiverSectionAwarenessPayload, {
    description:
      "A reader's awareness on a section (y-protocols: who, cursor, selection, colour), relayed to its followers and kept as their presence " +
      '(expires 30 s after the last one, gone at once when a null state is sent or the subscription that gave its clientId ends)',
  })
  async pushWaiverSectionAwareness(@Arg('input') input: PushWaiverSectionAwarenessInput, @Ctx() ctx: HubContext): Promise<PushWaiverSectionAwarenessPayload> {
    const result = await pushWaiverSectionAwareness(ctx, input);
    return Object.assign(new PushWaiverSectionAwarenessPayload(), { ...result, clientMutationId: input.clientMutationId ?? null });
  }

  // Where the stream starts and whose echo it skips: not how an event resolves.
  @SubscribeOnlyArguments('stateVector', 'clientId')
  @Subscription(() => WaiverSectionSyncMessage, {
    description:
      "A section's Yjs document, live: first what you are missing against `stateVector` (everything without one), then every update the hub " +
      'accepts, to everyone allowed to read the request; ends when you lose access or are removed as a collaborator',
    subscribe: ({ args, context }) => {
      const { sectionId, stateVector, clientId } = args as DocumentSyncArgs;
      return followSectionSync(context as HubContext, sectionId, stateVector, clientId);
    },
  })
  waiverSectionSync(@Root() payload: SyncStreamPayload, @Args() { sectionId }: DocumentSyncArgs): WaiverSectionSyncMessage {
    return toMessage(payload, sectionId);
  }
}

@Resolver(() => WaiverSectionSyncMessage)
export class WaiverSectionSyncMessageResolver {
  @FieldResolver(() => User, {
    nullable: true,
    description: 'Whose update it is (for SUGGESTION: who made, accepted or rejected it); null for a state, or the hub',
  })
  author(@Root() message: WaiverSectionSyncMessage, @Ctx() ctx: HubContext): Promise<User | null> {
    if (!message.authorId) return Promise.resolve(null);
    // A follower of the section shares the request with its author (as for the request's events).
    knownParticipant(ctx, message.authorId);
    return ctx.loaders.byId(User).load(message.authorId);
  }

  @FieldResolver(() => WaiverSuggestion, { nullable: true, description: 'For SUGGESTION: the suggestion as it is now' })
  suggestion(@Root() message: WaiverSectionSyncMessage, @Ctx() ctx: HubContext): Promise<WaiverSuggestion | null> {
    return message.suggestionId ? ctx.loaders.byId(WaiverSuggestion).load(message.suggestionId) : Promise.resolve(null);
  }
}
