/**
 * The GraphQL shapes every co-typed text's sync shares (waiver sections,
 * application narratives): the fields of a sync message and of a push's
 * answer, and the message fields of the document's own payloads. Each
 * feature's types extend these with their `kind` and their own fields.
 */
import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../domain/global-id';
import type { DocumentAwarenessPayload, DocumentStatePayload, DocumentUpdatePayload } from '../realtime/document-messages';

@ObjectType()
export abstract class DocumentSyncMessageFields {
  @Field(() => ID, { description: 'The global id of the section' })
  sectionId!: string;

  @Field(() => String, { nullable: true, description: 'A Yjs update, base64: apply it (null for FROZEN)' })
  update!: string | null;

  @Field(() => Int, { nullable: true, description: "The section's version once it is applied (null for FROZEN)" })
  version!: number | null;

  @Field(() => String, { nullable: true, description: "The hub's state vector once it is applied, base64 (null for FROZEN)" })
  stateVector!: string | null;

  /** Whose update it is (the `author` field): read only when selected, so a selection without it is executed once for every follower. */
  authorId!: string | null;

  @Field(() => ID, {
    name: 'authorId',
    nullable: true,
    description:
      "The global id of whose update or awareness it is (null for a state, the freeze, or the hub): read without the user's row, so followers share it",
  })
  get authorNodeId(): string | null {
    return this.authorId ? toGlobalId('User', this.authorId) : null;
  }

  @Field(() => String, { nullable: true, description: "The `clientMutationId` its author's client sent" })
  clientMutationId!: string | null;

  @Field(() => Float, { nullable: true, description: 'For AWARENESS and AWARENESS_GONE: the Yjs client id it is about (a uint32, past Int)' })
  clientId!: number | null;
}

@ObjectType()
export abstract class PushDocumentUpdateFields {
  @Field(() => Int, { description: "The section's version now (goes up when the text changed)" })
  version!: number;

  @Field({ description: "The hub's Yjs state vector now, base64" })
  stateVector!: string;

  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;
}

@InputType()
export abstract class DocumentInputFields {
  @Field(() => String, { nullable: true, description: "Any string of the client's: echoed on the events this change publishes, so a client can tell its own" })
  @IsOptional()
  @MaxLength(100)
  clientMutationId?: string | null;

  @Field(() => ID)
  sectionId!: string;
}

@InputType()
export abstract class PushDocumentUpdateInputFields extends DocumentInputFields {
  @Field({ description: "A Yjs update of the section's document (its Y.Text 'body'), base64; at most LIMIT_YJS_UPDATE_BYTES bytes" })
  update!: string;
}

@InputType()
export abstract class PushDocumentAwarenessInputFields extends DocumentInputFields {
  @Field({
    description:
      'A y-protocols awareness update of your one client (encodeAwarenessUpdate(awareness, [awareness.clientID])), base64; repeat at least every 30 seconds',
  })
  update!: string;
}

/** The arguments of a co-typed text's sync subscription. */
@ArgsType()
export class DocumentSyncArgs {
  @Field(() => ID)
  sectionId!: string;

  @Field(() => String, { nullable: true, description: 'Your Yjs state vector, base64' })
  stateVector?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Your Yjs client id (a uint32, past Int): your own updates and awareness are not echoed, and you are announced gone when this ends',
  })
  clientId?: number | null;
}

/** The kinds of message a document's own payloads make. */
export type DocumentMessageKind = 'STATE' | 'UPDATE' | 'AWARENESS' | 'AWARENESS_GONE';

type DocumentPayload = DocumentStatePayload | DocumentUpdatePayload | DocumentAwarenessPayload;

/** A message's fields, all null, for the section `sectionGlobalId`. */
export function emptyMessage(sectionGlobalId: string): Omit<DocumentSyncMessageFields, 'authorNodeId'> {
  return { sectionId: sectionGlobalId, update: null, version: null, stateVector: null, authorId: null, clientMutationId: null, clientId: null };
}

/** Whether a payload is the document's own (a state, an update, awareness), not its owner's event. */
export function isDocumentPayload(payload: { type: string }): payload is DocumentPayload {
  return ['SECTION_STATE', 'SECTION_UPDATE', 'SECTION_AWARENESS', 'SECTION_AWARENESS_GONE'].includes(payload.type);
}

/** The kind and fields of a message made from one of the document's own payloads. */
export function documentMessage(payload: DocumentPayload): { kind: DocumentMessageKind } & Partial<DocumentSyncMessageFields> {
  switch (payload.type) {
    case 'SECTION_STATE':
      return { kind: 'STATE', update: payload.update, version: payload.version, stateVector: payload.stateVector };
    case 'SECTION_UPDATE':
      return {
        kind: 'UPDATE',
        update: payload.update,
        version: payload.version,
        stateVector: payload.stateVector,
        clientMutationId: payload.clientMutationId,
        authorId: payload.authorId,
      };
    case 'SECTION_AWARENESS':
      return { kind: 'AWARENESS', update: payload.update, clientId: payload.clientId, authorId: payload.authorId };
    case 'SECTION_AWARENESS_GONE':
      return { kind: 'AWARENESS_GONE', clientId: payload.clientId, authorId: payload.authorId };
  }
}
