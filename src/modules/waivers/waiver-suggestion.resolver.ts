/** GraphQL for suggestions on a section's text: suggesting, reading, accepting and rejecting. */
import { IsOptional, MaxLength } from 'class-validator';
import DataLoader from 'dataloader';
import * as Y from 'yjs';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { knownParticipant } from '../users/user.visibility';
import { WaiverMutationInput } from './waiver.inputs';
import { WaiverSection } from './waiver-section.entity';
import { storedDocument } from './waiver-section.doc';
import { WaiverSuggestion, WaiverSuggestionStatus } from './waiver-suggestion.entity';
import { decideWaiverSuggestion, decideWaiverSuggestions } from './waiver-suggestion-decision.service';
import { MAX_PENDING_SUGGESTIONS, rangeIn, suggestionsOf, suggestWaiverSectionChange } from './waiver-suggestion.service';

@InputType({ description: "A position in a section's text: give exactly one of `index` and `relativePosition`" })
export class WaiverTextPositionInput {
  @Field(() => Int, { nullable: true, description: 'An index (UTF-16 code units) into the text as the hub has it now' })
  index?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "A Yjs relative position in your copy of the section's document, base64 (Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ytext, i)))",
  })
  @IsOptional()
  @MaxLength(256)
  relativePosition?: string | null;
}

@InputType()
export class SuggestWaiverSectionChangeInput extends WaiverMutationInput {
  @Field(() => ID)
  sectionId!: string;

  @Field(() => WaiverTextPositionInput, { description: 'Where the suggestion starts' })
  from!: WaiverTextPositionInput;

  @Field(() => WaiverTextPositionInput, { nullable: true, description: 'Where the text it deletes ends; null (or `from`) for an insertion' })
  to?: WaiverTextPositionInput | null;

  @Field(() => String, { nullable: true, description: 'The text it inserts at `from` (empty or null for a deletion)' })
  @IsOptional()
  @MaxLength(100_000)
  text?: string | null;
}

@InputType()
export class WaiverSuggestionActionInput extends WaiverMutationInput {
  @Field(() => ID)
  suggestionId!: string;
}

@InputType({ description: 'Whose pending suggestions to decide at once: exactly one of `authorId` and `districtId`, optionally in one section' })
export class DecideWaiverSuggestionsInput extends WaiverMutationInput {
  @Field(() => ID)
  waiverRequestId!: string;

  @Field({ description: 'true: accept them all (in the order they were made); false: reject them all' })
  accept!: boolean;

  @Field(() => ID, { nullable: true, description: 'Every pending suggestion of this person' })
  authorId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Every pending suggestion made by members of this co-signing district' })
  districtId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only those in this section' })
  sectionId?: string | null;
}

@ObjectType({ description: 'The suggestions a decideWaiverSuggestions call accepted or rejected' })
export class DecideWaiverSuggestionsPayload {
  @ListBound(MAX_PENDING_SUGGESTIONS * 50) // at most the pending suggestions of every section of one request
  @Field(() => [WaiverSuggestion], { description: 'Oldest first; empty when none was pending' })
  decided!: WaiverSuggestion[];

  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;
}

/** The section's document as stored, read once per section and request (for the current indexes of its suggestions). */
function storedDocOf(ctx: HubContext, sectionId: string): Promise<Y.Doc> {
  return ctx.loaders
    .get(
      'waiverSectionStoredDoc',
      (em) => new DataLoader<string, Y.Doc>((ids) => Promise.all(ids.map(async (id) => (await storedDocument(em.fork(), id)).doc))),
    )
    .load(sectionId);
}

const b64 = (bytes: Buffer | null) => (bytes ? bytes.toString('base64') : null);

@Resolver(() => WaiverSuggestion)
export class WaiverSuggestionResolver {
  @FieldResolver(() => WaiverSection)
  section(@Root() suggestion: WaiverSuggestion, @Ctx() ctx: HubContext): Promise<WaiverSection> {
    return ctx.loaders.referenced(WaiverSection, suggestion.section.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who suggested it' })
  author(@Root() suggestion: WaiverSuggestion, @Ctx() ctx: HubContext): Promise<User | null> {
    if (!suggestion.author) return Promise.resolve(null);
    // A reader of the suggestion shares the request with its author.
    knownParticipant(ctx, suggestion.author.id);
    return ctx.loaders.byId(User).load(suggestion.author.id);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The author's district among the request's co-signers; null when they belong to none" })
  district(@Root() suggestion: WaiverSuggestion, @Ctx() ctx: HubContext): Promise<Organization | null> {
    return suggestion.district ? ctx.loaders.byId(Organization).load(suggestion.district.id) : Promise.resolve(null);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who accepted or rejected it' })
  decidedBy(@Root() suggestion: WaiverSuggestion, @Ctx() ctx: HubContext): Promise<User | null> {
    if (!suggestion.decidedBy) return Promise.resolve(null);
    knownParticipant(ctx, suggestion.decidedBy.id);
    return ctx.loaders.byId(User).load(suggestion.decidedBy.id);
  }

  @FieldResolver(() => Date)
  createdAt(@Root() suggestion: WaiverSuggestion): Date {
    return suggestion.createdAt;
  }

  @FieldResolver(() => Int, { nullable: true, description: "The section's version its acceptance made; null unless accepted (and the text changed)" })
  acceptedVersion(@Root() suggestion: WaiverSuggestion): number | null {
    return suggestion.acceptedVersion;
  }

  @FieldResolver(() => String, { description: "Where it starts: a Yjs relative position in the section's document (Y.decodeRelativePosition of the base64)" })
  fromPosition(@Root() suggestion: WaiverSuggestion): string {
    return b64(suggestion.fromPosition)!;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Where the text it deletes ends (a Yjs relative position, base64, left-associated); null for an insertion',
  })
  toPosition(@Root() suggestion: WaiverSuggestion): string | null {
    return b64(suggestion.toPosition);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Where it starts in the text as the hub has it now (an index); null once decided' })
  async fromIndex(@Root() suggestion: WaiverSuggestion, @Ctx() ctx: HubContext): Promise<number | null> {
    if (suggestion.status !== WaiverSuggestionStatus.PENDING) return null;
    return rangeIn(await storedDocOf(ctx, suggestion.section.id), suggestion)?.from ?? null;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Where the text it deletes ends now (exclusive; equal to fromIndex for an insertion); null once decided',
  })
  async toIndex(@Root() suggestion: WaiverSuggestion, @Ctx() ctx: HubContext): Promise<number | null> {
    if (suggestion.status !== WaiverSuggestionStatus.PENDING) return null;
    return rangeIn(await storedDocOf(ctx, suggestion.section.id), suggestion)?.to ?? null;
  }

  @Mutation(() => WaiverSuggestion, {
    description:
      "A collaborator (lead, author or reviewer) suggests an insertion, deletion or replacement in a section's text instead of editing it. " +
      'Shown to every reader with its author and district; the text does not change until an author or the lead accepts it. INVALID_TRANSITION once the text is frozen',
  })
  suggestWaiverSectionChange(@Arg('input') input: SuggestWaiverSectionChangeInput, @Ctx() ctx: HubContext): Promise<WaiverSuggestion> {
    return suggestWaiverSectionChange(ctx, input);
  }

  @Mutation(() => WaiverSuggestion, {
    description:
      'An author or the lead accepts a pending suggestion: the text changes (the next version, a revision, sign-offs on the old text no longer hold). ' +
      'INVALID_TRANSITION when it is no longer pending or the text is frozen',
  })
  acceptWaiverSuggestion(@Arg('input') input: WaiverSuggestionActionInput, @Ctx() ctx: HubContext): Promise<WaiverSuggestion> {
    return decideWaiverSuggestion(ctx, input, true);
  }

  @Mutation(() => WaiverSuggestion, {
    description:
      'An author or the lead rejects a pending suggestion: the text is unchanged. INVALID_TRANSITION when it is no longer pending or the text is frozen',
  })
  rejectWaiverSuggestion(@Arg('input') input: WaiverSuggestionActionInput, @Ctx() ctx: HubContext): Promise<WaiverSuggestion> {
    return decideWaiverSuggestion(ctx, input, false);
  }

  @Mutation(() => DecideWaiverSuggestionsPayload, {
    description: 'An author or the lead accepts or rejects every pending suggestion of one person or one district at once (all or nothing)',
  })
  async decideWaiverSuggestions(@Arg('input') input: DecideWaiverSuggestionsInput, @Ctx() ctx: HubContext): Promise<DecideWaiverSuggestionsPayload> {
    const decided = await decideWaiverSuggestions(ctx, input);
    return Object.assign(new DecideWaiverSuggestionsPayload(), { decided, clientMutationId: input.clientMutationId ?? null });
  }
}

@Resolver(() => WaiverSection)
export class WaiverSectionSuggestionsResolver {
  @ListBound(MAX_PENDING_SUGGESTIONS)
  @FieldResolver(() => [WaiverSuggestion], {
    description: `The section's suggestions, oldest first: the pending ones (at most ${MAX_PENDING_SUGGESTIONS}) unless \`status\` says otherwise`,
  })
  suggestions(
    @Root() section: WaiverSection,
    @Ctx() ctx: HubContext,
    @Arg('status', () => WaiverSuggestionStatus, { defaultValue: WaiverSuggestionStatus.PENDING }) status: WaiverSuggestionStatus,
  ): Promise<WaiverSuggestion[]> {
    return suggestionsOf(ctx, section.id, status);
  }
}
