/** Mentions in waiver comments: the rendered body, who is mentioned, and autocomplete from the request's people and districts. */
import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { expectGlobalId } from '../../domain/global-id';
import { NotFoundError } from '../../errors';
import { mentionedIds, mentionNames, renderMentions } from '../notifications/notification.mentions';
import { canRead } from './waiver.access';
import { WaiverComment } from './waiver-comment.entity';
import { mentionCandidates, type MentionCandidate } from './waiver-mention';

@ObjectType({ description: 'A person or district one may @mention on a waiver request; write `token` in the comment body' })
export class WaiverMentionCandidate implements MentionCandidate {
  @Field(() => ID, { description: 'The User or Organization' })
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { description: 'USER or ORGANIZATION' })
  kind!: 'USER' | 'ORGANIZATION';

  @Field({ description: 'What to write in a comment body: `@[<id>]`' })
  token!: string;
}

@Resolver(() => WaiverComment)
export class WaiverMentionResolver {
  @FieldResolver(() => String, { description: 'The body with each @[id] mention shown as @ and the current name' })
  async renderedBody(@Root() comment: WaiverComment, @Ctx() ctx: HubContext): Promise<string> {
    const ids = mentionedIds(comment.body);
    return ids.length ? renderMentions(comment.body, await mentionNames(ctx, ids)) : comment.body;
  }

  @ListBound(50)
  @FieldResolver(() => [ID], { description: 'The people and districts mentioned (global ids), in order' })
  mentionIds(@Root() comment: WaiverComment): string[] {
    return mentionedIds(comment.body);
  }

  @ListBound(50)
  @Query(() => [WaiverMentionCandidate], {
    description: 'People and districts to @mention on a waiver request: its collaborators and co-signing districts, matching `search`',
  })
  async waiverMentionCandidates(
    @Arg('waiverRequestId', () => ID) waiverRequestId: string,
    @Arg('search', () => String, { defaultValue: '' }) search: string,
    @Arg('first', () => Int, { defaultValue: 10, description: 'At most 50' }) first: number,
    @Ctx() ctx: HubContext,
  ): Promise<WaiverMentionCandidate[]> {
    const id = expectGlobalId(waiverRequestId, 'WaiverRequest', 'waiverRequestId');
    if (!(await canRead(ctx, id))) throw new NotFoundError('Waiver request');
    return mentionCandidates(ctx.em, id, search.slice(0, 100), Math.min(Math.max(first, 1), 50));
  }
}
