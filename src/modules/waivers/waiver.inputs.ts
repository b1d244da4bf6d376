/** Inputs of the waiver-request feature, validated by class-validator. */
import { ArrayMaxSize, ArrayMinSize, IsIn, IsEmail, IsOptional, Max, MaxLength, Min, MinLength, Validate } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import { PushDocumentAwarenessInputFields, PushDocumentUpdateInputFields } from '../../graphql/document-sync.types';
import { MAX_DOCUMENTS_PER_TARGET } from '../documents';
import { TrimmedText } from '../../graphql/validation';
import { CollaboratorRole, WaiverKind, WaiverStatus } from './waiver.enums';

/** Longest section text accepted (characters). */
export const MAX_SECTION_BODY = 100_000;

/** A state-agency decision. */
export enum WaiverDecision {
  APPROVED = 'APPROVED',
  DENIED = 'DENIED',
}
registerEnumType(WaiverDecision, { name: 'WaiverDecision', description: "The state agency's decision on a submitted waiver request" });

/** Every waiver mutation takes an optional `clientMutationId`, echoed on the events it publishes. */
@InputType('WaiverMutationInput', { description: 'Fields every waiver mutation input has (not used alone)' })
export abstract class WaiverMutationInput {
  @Field(() => String, { nullable: true, description: "Any string of the client's: echoed on the events this change publishes, so a client can tell its own" })
  @IsOptional()
  @MaxLength(100)
  clientMutationId?: string | null;
}

@InputType()
export class CreateWaiverRequestInput extends WaiverMutationInput {
  @Field(() => ID, { description: 'The lead district: an SDZ district you are an OWNER or EDITOR of' })
  districtId!: string;

  @Field()
  @Validate(TrimmedText)
  @MinLength(3)
  @MaxLength(300)
  title!: string;

  @Field(() => WaiverKind)
  kind!: WaiverKind;
}

@InputType()
export class AddWaiverDistrictInput extends WaiverMutationInput {
  @Field(() => ID)
  waiverRequestId!: string;

  @Field(() => ID, { description: 'A district in the System Design Zone this school year' })
  districtId!: string;
}

@InputType()
export class InviteWaiverCollaboratorInput extends WaiverMutationInput {
  @Field(() => ID)
  waiverRequestId!: string;

  @Field({ description: 'An existing user, or a new one invited by email' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @Field(() => CollaboratorRole, { description: 'AUTHOR or REVIEWER (inviting someone already there changes their role)' })
  @IsIn([CollaboratorRole.AUTHOR, CollaboratorRole.REVIEWER], { message: 'must be AUTHOR or REVIEWER: a request has one LEAD' })
  role!: CollaboratorRole;

  @Field(() => ID, { nullable: true, description: 'The co-signing district they draft for; by default their own, when they belong to one' })
  @IsOptional()
  districtId?: string | null;
}

@InputType()
export class RemoveWaiverCollaboratorInput extends WaiverMutationInput {
  @Field(() => ID)
  waiverRequestId!: string;

  @Field(() => ID)
  userId!: string;
}

@InputType()
export class AddWaiverSectionInput extends WaiverMutationInput {
  @Field(() => ID)
  waiverRequestId!: string;

  @Field()
  @Validate(TrimmedText)
  @MaxLength(200)
  title!: string;

  @Field(() => String, { nullable: true, description: 'Markdown; empty when absent' })
  @IsOptional()
  @MaxLength(MAX_SECTION_BODY)
  body?: string | null;

  @Field(() => Int, { nullable: true, description: 'Where to put it, from 1; at the end when absent' })
  @IsOptional()
  @Min(1)
  position?: number | null;
}

@InputType({ description: 'A new text for a section, made from the version the client last had' })
export class EditWaiverSectionInput extends WaiverMutationInput {
  @Field(() => ID)
  sectionId!: string;

  @Field(() => Int, { description: "The section's version the client's text was made from" })
  @Min(1)
  baseVersion!: number;

  @Field({ description: 'The whole new text (Markdown)' })
  @MaxLength(MAX_SECTION_BODY)
  body!: string;
}

@InputType({ description: 'Documents you uploaded (POST /documents), attached to a section as evidence' })
export class AttachWaiverEvidenceInput extends WaiverMutationInput {
  @Field(() => ID)
  sectionId!: string;

  @Field(() => [ID], { description: 'Ids of your uploads not yet attached to anything' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DOCUMENTS_PER_TARGET)
  documentIds!: string[];
}

@InputType({ description: 'A document taken off the evidence of a section' })
export class RemoveWaiverEvidenceInput extends WaiverMutationInput {
  @Field(() => ID)
  sectionId!: string;

  @Field(() => ID)
  documentId!: string;
}

@InputType()
export class PushWaiverSectionUpdateInput extends PushDocumentUpdateInputFields {}

@InputType()
export class PushWaiverSectionAwarenessInput extends PushDocumentAwarenessInputFields {}

@InputType()
export class RenameWaiverSectionInput extends WaiverMutationInput {
  @Field(() => ID)
  sectionId!: string;

  @Field()
  @Validate(TrimmedText)
  @MaxLength(200)
  title!: string;
}

@InputType()
export class MoveWaiverSectionInput extends WaiverMutationInput {
  @Field(() => ID)
  sectionId!: string;

  @Field(() => Int, { description: 'The new position, from 1 (past the end: last)' })
  @Min(1)
  @Max(10_000)
  position!: number;
}

@InputType()
export class RestoreWaiverSectionRevisionInput extends WaiverMutationInput {
  @Field(() => ID, { description: 'The revision whose text becomes the next version' })
  revisionId!: string;
}

@InputType()
export class SetWaiverPresenceInput extends WaiverMutationInput {
  @Field(() => ID)
  waiverRequestId!: string;

  @Field(() => ID, { nullable: true, description: 'The section you have open; null when none. Repeat at least every 30 seconds (a heartbeat)' })
  @IsOptional()
  sectionId?: string | null;
}

@InputType({ description: 'A new comment thread on a section (give `sectionId`) or a reply (give `parentId`)' })
export class AddWaiverCommentInput extends WaiverMutationInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  sectionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The comment replied to' })
  @IsOptional()
  parentId?: string | null;

  @Field()
  @Validate(TrimmedText)
  @MaxLength(10_000)
  body!: string;

  @Field(() => String, { nullable: true, description: 'The passage of the section the comment is about' })
  @IsOptional()
  @MaxLength(2_000)
  quote?: string | null;
}

@InputType()
export class ResolveWaiverCommentInput extends WaiverMutationInput {
  @Field(() => ID, { description: 'Any comment of the thread' })
  commentId!: string;

  @Field({ defaultValue: true, description: 'false reopens the thread' })
  resolved!: boolean;
}

@InputType()
export class WaiverRequestActionInput extends WaiverMutationInput {
  @Field(() => ID)
  waiverRequestId!: string;
}

@InputType()
export class SignOffWaiverRequestInput extends WaiverMutationInput {
  @Field(() => ID)
  waiverRequestId!: string;

  @Field(() => ID, { description: 'The co-signing district you sign for, as its OWNER' })
  districtId!: string;

  @Field({
    description:
      "The request's `textDigest` as you read it: when the text changed since, the answer is CONFLICT (with the digest now in extensions) and nothing is signed",
  })
  @MaxLength(100)
  textDigest!: string;
}

@InputType()
export class DecideWaiverRequestInput extends WaiverMutationInput {
  @Field(() => ID)
  waiverRequestId!: string;

  @Field(() => WaiverDecision)
  decision!: WaiverDecision;

  @Field({ description: 'Why: sent to the districts with the decision' })
  @Validate(TrimmedText)
  @MaxLength(10_000)
  note!: string;
}

@ArgsType()
export class WaiverCommentsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only resolved (true) or open (false) threads' })
  @IsOptional()
  resolved?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Only threads on this section' })
  @IsOptional()
  sectionId?: string | null;
}

@ArgsType()
export class WaiverRequestsArgs extends PageArgs {
  @Field(() => WaiverStatus, { nullable: true })
  @IsOptional()
  status?: WaiverStatus | null;
}
