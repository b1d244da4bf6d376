/** GraphQL for co-typing an application's narratives as Yjs documents: pushing updates and awareness, following the document. */
import { SubscribeOnlyArguments } from '../../delivery';
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
import { ApplicationSection } from './application.entity';
import { ApplicationStatus, TextEditOutcome } from './application.enums';
import { PushApplicationSectionAwarenessInput, PushApplicationSectionUpdateInput } from './application.inputs';
import {
  followApplicationSectionSync,
  pushApplicationSectionAwareness,
  pushApplicationSectionUpdate,
  type NarrativeStreamPayload,
} from './application-sync.service';

/** What a narrative's sync message carries. */
export enum ApplicationSyncKind {
  STATE = 'STATE',
  UPDATE = 'UPDATE',
  FROZEN = 'FROZEN',
  AWARENESS = 'AWARENESS',
  AWARENESS_GONE = 'AWARENESS_GONE',
}
registerEnumType(ApplicationSyncKind, {
  name: 'ApplicationSyncKind',
  description: 'What an applicationSectionSync message carries',
  valuesConfig: {
    STATE: { description: 'First message: what you are missing against the state vector you sent' },
    UPDATE: { description: "An update the hub accepted: everyone's but your own client's, when you gave your clientId" },
    FROZEN: { description: 'The application is no longer a draft (submitted, withdrawn): updates are refused from now on' },
    AWARENESS: { description: "Another client's awareness (who, cursor, selection, colour): a y-protocols awareness update in `update`" },
    AWARENESS_GONE: { description: 'The client `clientId` left (its subscription ended): remove its awareness state' },
  },
});

@ObjectType({ description: 'What the hub did with a pushed Yjs update of a narrative' })
export class PushApplicationSectionUpdatePayload extends PushDocumentUpdateFields {
  @Field(() => TextEditOutcome, { description: 'APPLIED (stored) or UNCHANGED (nothing the hub did not have)' })
  outcome!: TextEditOutcome;

  @Field(() => ApplicationSection)
  section!: ApplicationSection;
}

@ObjectType({ description: "A message of a narrative's document: a state, an accepted update, awareness, or the freeze" })
export class ApplicationSectionSyncMessage extends DocumentSyncMessageFields {
  @Field(() => ApplicationSyncKind)
  kind!: ApplicationSyncKind;

  @Field(() => ApplicationStatus, { nullable: true, description: 'For FROZEN: the status the application moved to' })
  status!: ApplicationStatus | null;
}

@ObjectType({ description: 'Awareness relayed to the narrative' })
export class PushApplicationSectionAwarenessPayload {
  @Field(() => Float, { description: 'Your Yjs client id (a uint32, past Int)' })
  clientId!: number;

  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;
}

function toMessage(payload: NarrativeStreamPayload, sectionGlobalId: string): ApplicationSectionSyncMessage {
  const message = Object.assign(new ApplicationSectionSyncMessage(), emptyMessage(sectionGlobalId), { status: null });
  if (isDocumentPayload(payload)) {
    const { kind, ...fields } = documentMessage(payload);
    return Object.assign(message, fields, { kind: ApplicationSyncKind[kind] });
  }
  return Object.assign(message, { kind: ApplicationSyncKind.FROZEN, status: payload.status });
}

@Resolver()
export class ApplicationSectionSyncResolver {
  @Mutation(() => PushApplicationSectionUpdatePayload, {
    description:
      "A co-author sends a Yjs update of a section's narrative. Stored before it is acknowledged; refused (BAD_USER_INPUT) when malformed, " +
      'too large or missing what it depends on, INVALID_TRANSITION once the application is not a draft, FORBIDDEN for readers who may not edit',
  })
  async pushApplicationSectionUpdate(
    @Arg('input') input: PushApplicationSectionUpdateInput,
    @Ctx() ctx: HubContext,
  ): Promise<PushApplicationSectionUpdatePayload> {
    const result = await pushApplicationSectionUpdate(ctx, input);
    return Object.assign(new PushApplicationSectionUpdatePayload(), {
      ...result,
      version: result.version,
      clientMutationId: input.clientMutationId ?? null,
    });
  }

  @Mutation(() => PushApplicationSectionAwarenessPayload, {
    description: "A reader's awareness on a narrative (y-protocols: who, cursor, selection, colour), relayed to its followers, never stored",
  })
  async pushApplicationSectionAwareness(
    @Arg('input') input: PushApplicationSectionAwarenessInput,
    @Ctx() ctx: HubContext,
  ): Promise<PushApplicationSectionAwarenessPayload> {
    const result = await pushApplicationSectionAwareness(ctx, input);
    return Object.assign(new PushApplicationSectionAwarenessPayload(), { ...result, clientMutationId: input.clientMutationId ?? null });
  }

  // Where the stream starts and whose echo it skips: not how an event resolves.
  @SubscribeOnlyArguments('stateVector', 'clientId')
  @Subscription(() => ApplicationSectionSyncMessage, {
    description:
      "A section's narrative as a Yjs document, live: first what you are missing against `stateVector` (everything without one), then every " +
      'update the hub accepts, to everyone allowed to read the application; ends when you lose access',
    subscribe: ({ args, context }) => {
      const { sectionId, stateVector, clientId } = args as DocumentSyncArgs;
      return followApplicationSectionSync(context as HubContext, sectionId, stateVector, clientId);
    },
  })
  applicationSectionSync(@Root() payload: NarrativeStreamPayload, @Args() { sectionId }: DocumentSyncArgs): ApplicationSectionSyncMessage {
    return toMessage(payload, sectionId);
  }
}

@Resolver(() => ApplicationSectionSyncMessage)
export class ApplicationSectionSyncMessageResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Whose update or awareness it is; null for a state, the freeze, or the hub' })
  author(@Root() message: ApplicationSectionSyncMessage, @Ctx() ctx: HubContext): Promise<User | null> {
    if (!message.authorId) return Promise.resolve(null);
    // A follower of the narrative shares the application with its author.
    knownParticipant(ctx, message.authorId);
    return ctx.loaders.byId(User).load(message.authorId);
  }
}
