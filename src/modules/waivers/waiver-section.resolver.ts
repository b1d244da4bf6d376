/** GraphQL for sections: their text, history and presence, and co-editing. */
import { Arg, Args, Ctx, Field, FieldResolver, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { PageArgs, type ConnectionResult } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { User } from '../users/user.entity';
import { WaiverConflictReason, WaiverEditOutcome } from './waiver.enums';
import { WaiverRequest } from './waiver.entity';
import { Document, MAX_DOCUMENTS_PER_TARGET } from '../documents';
import { attachWaiverEvidence, removeWaiverEvidence, sectionDocuments } from './waiver.documents';
import {
  AddWaiverSectionInput,
  AttachWaiverEvidenceInput,
  RemoveWaiverEvidenceInput,
  EditWaiverSectionInput,
  MoveWaiverSectionInput,
  RenameWaiverSectionInput,
  RestoreWaiverSectionRevisionInput,
} from './waiver.inputs';
import { editorsOf, sectionRevisions } from './waiver.loaders';
import { WaiverRevisionConnection } from './waiver.resolver';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import * as sections from './waiver-section.service';
import { STANDARD_SECTIONS } from './waiver.state';

@ObjectType({ description: 'Lines where an edit overlaps edits made since its base version' })
export class WaiverConflictRegion {
  @Field(() => Int, { description: 'First line of the region in the current text, from 1' })
  line!: number;

  @Field(() => [String], { description: 'The lines at the base version' })
  base!: string[];

  @Field(() => [String], { description: 'The lines your edit wanted' })
  yours!: string[];

  @Field(() => [String], { description: 'The lines in the current text' })
  theirs!: string[];
}

@ObjectType({ description: 'An edit that overlaps edits made since its base version: nothing was stored. Rebase on `currentBody` and retry' })
export class WaiverSectionConflict {
  @Field({ description: 'Always "CONFLICT", the error code this stands for' })
  code!: string;

  @Field()
  message!: string;

  @Field(() => Int)
  baseVersion!: number;

  @Field(() => Int)
  currentVersion!: number;

  @Field()
  currentBody!: string;

  @Field({ description: 'The text you sent' })
  yourBody!: string;

  @Field(() => WaiverConflictReason)
  reason!: WaiverConflictReason;

  @ListBound(20) // overlapping regions of one conflicting edit
  @Field(() => [WaiverConflictRegion])
  regions!: WaiverConflictRegion[];
}

@ObjectType({ description: 'What an edit or a restore did, and the section after it' })
export class EditWaiverSectionPayload {
  @Field(() => WaiverEditOutcome)
  outcome!: WaiverEditOutcome;

  @Field({ description: 'Whether the edit was merged with edits made since its base version' })
  merged!: boolean;

  @Field(() => WaiverSection, { description: 'The section now (unchanged on CONFLICT)' })
  section!: WaiverSection;

  @Field(() => Int, { description: 'The version now: the new one when stored, the current one otherwise' })
  version!: number;

  @Field({ description: 'The text at `version` (the merged text after a merge)' })
  body!: string;

  @Field(() => WaiverRevision, { nullable: true, description: 'The revision stored; null when nothing was' })
  revision!: WaiverRevision | null;

  @Field(() => WaiverSectionConflict, { nullable: true, description: 'Set when outcome is CONFLICT' })
  conflict!: WaiverSectionConflict | null;

  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;
}

function conflictMessage(conflict: NonNullable<sections.SectionEditResult['conflict']>, currentVersion: number): string {
  const since = `Your edit from version ${conflict.baseVersion}`;
  const retry = `merge by hand and retry from version ${currentVersion}`;
  return conflict.reason === WaiverConflictReason.TOO_MANY_CHANGES
    ? `${since} and the edits made since (now version ${currentVersion}) differ too much to merge automatically: ${retry}`
    : `${since} overlaps edits made since (now version ${currentVersion}): ${retry}`;
}

function toPayload(result: sections.SectionEditResult, clientMutationId: string | null | undefined): EditWaiverSectionPayload {
  const { section } = result;
  return Object.assign(new EditWaiverSectionPayload(), {
    outcome: result.outcome,
    merged: result.outcome === WaiverEditOutcome.MERGED,
    section,
    version: section.version,
    body: section.body,
    revision: result.revision,
    clientMutationId: clientMutationId ?? null,
    conflict: result.conflict && {
      code: 'CONFLICT',
      message: conflictMessage(result.conflict, section.version),
      reason: result.conflict.reason,
      baseVersion: result.conflict.baseVersion,
      currentVersion: section.version,
      currentBody: section.body,
      yourBody: result.conflict.yourBody,
      regions: result.conflict.regions,
    },
  });
}

@Resolver(() => WaiverSection)
export class WaiverSectionResolver {
  @FieldResolver(() => WaiverRequest)
  waiverRequest(@Root() section: WaiverSection, @Ctx() ctx: HubContext): Promise<WaiverRequest> {
    return ctx.loaders.referenced(WaiverRequest, section.waiverRequest.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who made the current version' })
  updatedBy(@Root() section: WaiverSection, @Ctx() ctx: HubContext): Promise<User | null> {
    return section.updatedBy ? ctx.loaders.byId(User).load(section.updatedBy.id) : Promise.resolve(null);
  }

  @FieldResolver(() => Date)
  updatedAt(@Root() section: WaiverSection): Date {
    return section.updatedAt;
  }

  @ListBound(20) // people with the section open now, among its collaborators
  @FieldResolver(() => [User], { description: 'Who has this section open now (presence)' })
  editors(@Root() section: WaiverSection, @Ctx() ctx: HubContext): Promise<User[]> {
    return editorsOf(ctx, section.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'What a standard section should say' })
  guidance(@Root() section: WaiverSection): string | null {
    return STANDARD_SECTIONS.find((standard) => standard.key === section.key)?.guidance ?? null;
  }

  @FieldResolver(() => WaiverRevisionConnection, { description: 'Every accepted version of the text, newest first' })
  revisions(@Root() section: WaiverSection, @Args() args: PageArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<WaiverRevision>> {
    return sectionRevisions(ctx, section.id, args);
  }

  @Mutation(() => WaiverSection, { description: 'An author adds a section (at a position, or last)' })
  addWaiverSection(@Arg('input') input: AddWaiverSectionInput, @Ctx() ctx: HubContext): Promise<WaiverSection> {
    return sections.addWaiverSection(ctx, input);
  }

  @Mutation(() => EditWaiverSectionPayload, {
    description:
      'An author sends the new text of a section, made from `baseVersion`. From the current version it applies; from an older one it is merged ' +
      'three-way with the edits made since (line by line); when they overlap, outcome is CONFLICT with the current text and version, and nothing is stored',
  })
  async editWaiverSection(@Arg('input') input: EditWaiverSectionInput, @Ctx() ctx: HubContext): Promise<EditWaiverSectionPayload> {
    return toPayload(await sections.editWaiverSection(ctx, input), input.clientMutationId);
  }

  @Mutation(() => EditWaiverSectionPayload, { description: "An author makes an old revision's text the section's next version" })
  async restoreWaiverSectionRevision(@Arg('input') input: RestoreWaiverSectionRevisionInput, @Ctx() ctx: HubContext): Promise<EditWaiverSectionPayload> {
    return toPayload(await sections.restoreWaiverSectionRevision(ctx, input), input.clientMutationId);
  }

  @Mutation(() => WaiverSection, { description: 'An author renames a section' })
  renameWaiverSection(@Arg('input') input: RenameWaiverSectionInput, @Ctx() ctx: HubContext): Promise<WaiverSection> {
    return sections.renameWaiverSection(ctx, input);
  }

  @Mutation(() => WaiverSection, { description: 'An author moves a section; the others shift' })
  moveWaiverSection(@Arg('input') input: MoveWaiverSectionInput, @Ctx() ctx: HubContext): Promise<WaiverSection> {
    return sections.moveWaiverSection(ctx, input);
  }

  @ListBound(MAX_DOCUMENTS_PER_TARGET)
  @FieldResolver(() => [Document], {
    description: 'Evidence documents attached to the section, in the order they were attached (downloads: whoever may read the request)',
  })
  documents(@Root() section: WaiverSection, @Ctx() ctx: HubContext): Promise<Document[]> {
    return sectionDocuments(ctx, section);
  }

  @Mutation(() => WaiverSection, {
    description: 'An author attaches documents they uploaded (POST /documents) to a section as evidence, e.g. of readiness; while the text is editable',
  })
  attachWaiverEvidence(@Arg('input') input: AttachWaiverEvidenceInput, @Ctx() ctx: HubContext): Promise<WaiverSection> {
    return attachWaiverEvidence(ctx, input);
  }

  @Mutation(() => WaiverSection, {
    description: "An author takes a document off a section's evidence, while the text is editable (the file goes back to its uploader and is removed in time)",
  })
  removeWaiverEvidence(@Arg('input') input: RemoveWaiverEvidenceInput, @Ctx() ctx: HubContext): Promise<WaiverSection> {
    return removeWaiverEvidence(ctx, input);
  }
}

@Resolver(() => WaiverRevision)
export class WaiverRevisionResolver {
  @FieldResolver(() => WaiverSection)
  section(@Root() revision: WaiverRevision, @Ctx() ctx: HubContext): Promise<WaiverSection> {
    return ctx.loaders.referenced(WaiverSection, revision.section.id);
  }

  @FieldResolver(() => User, { nullable: true })
  author(@Root() revision: WaiverRevision, @Ctx() ctx: HubContext): Promise<User | null> {
    return revision.author ? ctx.loaders.byId(User).load(revision.author.id) : Promise.resolve(null);
  }

  @FieldResolver(() => Date)
  createdAt(@Root() revision: WaiverRevision): Date {
    return revision.createdAt;
  }
}
