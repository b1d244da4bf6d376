/** GraphQL for comment threads and presence. */
import { Arg, Ctx, Field, FieldResolver, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { User } from '../users/user.entity';
import { AddWaiverCommentInput, ResolveWaiverCommentInput, SetWaiverPresenceInput } from './waiver.inputs';
import { repliesOf } from './waiver.loaders';
import { WaiverComment } from './waiver-comment.entity';
import * as comments from './waiver-comment.service';
import { PRESENCE_TTL_SECONDS, setWaiverPresence } from './waiver-presence.service';
import { WaiverSection } from './waiver-section.entity';

@ObjectType({ description: 'Which section you have open, until when (repeat setWaiverPresence before then)' })
export class WaiverPresenceStatus {
  @Field(() => User)
  user!: User;

  @Field(() => WaiverSection, { nullable: true })
  section!: WaiverSection | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Int, { description: 'Presence lasts this many seconds after each heartbeat' })
  ttlSeconds!: number;
}

@Resolver(() => WaiverComment)
export class WaiverCommentResolver {
  @FieldResolver(() => WaiverSection)
  section(@Root() comment: WaiverComment, @Ctx() ctx: HubContext): Promise<WaiverSection> {
    return ctx.loaders.referenced(WaiverSection, comment.section.id);
  }

  @FieldResolver(() => User, { nullable: true })
  author(@Root() comment: WaiverComment, @Ctx() ctx: HubContext): Promise<User | null> {
    return comment.author ? ctx.loaders.byId(User).load(comment.author.id) : Promise.resolve(null);
  }

  @FieldResolver(() => WaiverComment, { nullable: true, description: "The thread's first comment, for a reply" })
  parent(@Root() comment: WaiverComment, @Ctx() ctx: HubContext): Promise<WaiverComment | null> {
    return comment.parent ? ctx.loaders.byId(WaiverComment).load(comment.parent.id) : Promise.resolve(null);
  }

  @ListBound(50) // one thread's replies: nothing caps them (the response bounds do)
  @FieldResolver(() => [WaiverComment], { description: 'Replies, oldest first (empty for a reply)' })
  replies(@Root() comment: WaiverComment, @Ctx() ctx: HubContext): Promise<WaiverComment[]> {
    return comment.parent ? Promise.resolve([]) : repliesOf(ctx, comment.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the thread is resolved (resolved threads stay readable)' })
  resolved(@Root() comment: WaiverComment): boolean {
    return comment.resolvedAt !== null;
  }

  @FieldResolver(() => User, { nullable: true })
  resolvedBy(@Root() comment: WaiverComment, @Ctx() ctx: HubContext): Promise<User | null> {
    return comment.resolvedBy ? ctx.loaders.byId(User).load(comment.resolvedBy.id) : Promise.resolve(null);
  }

  @FieldResolver(() => Date)
  createdAt(@Root() comment: WaiverComment): Date {
    return comment.createdAt;
  }

  @Mutation(() => WaiverComment, { description: 'Starts a comment thread on a section (optionally quoting a passage) or replies in one' })
  addWaiverComment(@Arg('input') input: AddWaiverCommentInput, @Ctx() ctx: HubContext): Promise<WaiverComment> {
    return comments.addWaiverComment(ctx, input);
  }

  @Mutation(() => WaiverComment, { description: 'Resolves a thread, or reopens it with `resolved: false`; returns the first comment' })
  resolveWaiverComment(@Arg('input') input: ResolveWaiverCommentInput, @Ctx() ctx: HubContext): Promise<WaiverComment> {
    return comments.resolveWaiverComment(ctx, input);
  }

  @Mutation(() => WaiverPresenceStatus, {
    description: `Says which section you have open (null: none). Repeat within ${PRESENCE_TTL_SECONDS} seconds as a heartbeat; it also clears when your subscription to the request ends`,
  })
  async setWaiverPresence(@Arg('input') input: SetWaiverPresenceInput, @Ctx() ctx: HubContext): Promise<WaiverPresenceStatus> {
    const state = await setWaiverPresence(ctx, input);
    const [user, section] = await Promise.all([
      ctx.loaders.byId(User).load(state.userId),
      state.sectionId ? ctx.loaders.byId(WaiverSection).load(state.sectionId) : null,
    ]);
    return Object.assign(new WaiverPresenceStatus(), { user: user!, section, expiresAt: state.expiresAt, ttlSeconds: PRESENCE_TTL_SECONDS });
  }
}
