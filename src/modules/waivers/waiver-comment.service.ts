/** Comment threads on sections: start one (optionally quoting a passage), reply, resolve and reopen. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUserId } from '../../auth/policy';
import type { HubContext } from '../../graphql/context';
import { BadUserInputError, NotFoundError } from '../../errors';
import { expectGlobalId } from '../../domain/global-id';
import { writeTransaction } from '../../graphql/write-transaction';
import { User } from '../users/user.entity';
import { authorizeOn } from './waiver.access';
import type { AddWaiverCommentInput, ResolveWaiverCommentInput } from './waiver.inputs';
import { WaiverComment } from './waiver-comment.entity';
import { WaiverSection } from './waiver-section.entity';
import { publish } from './waiver.service';
import { notifyComment } from './waiver.notifications';

/** A thread's first comment, given any comment of it. */
async function threadOf(em: EntityManager, globalId: string, path: string): Promise<WaiverComment> {
  const comment = await em.findOne(WaiverComment, { id: expectGlobalId(globalId, 'WaiverComment', path) });
  if (!comment) throw new NotFoundError('Comment');
  return comment.parent ? em.findOneOrFail(WaiverComment, { id: comment.parent.id }) : comment;
}

/** A reader who may comment starts a thread on a section or replies in one. */
export async function addWaiverComment(ctx: HubContext, input: AddWaiverCommentInput): Promise<WaiverComment> {
  const userId = requireUserId(ctx.viewer);
  if (Boolean(input.sectionId) === Boolean(input.parentId)) {
    throw new BadUserInputError('Give sectionId for a new thread or parentId for a reply', [
      { path: 'input.sectionId', message: 'give exactly one of sectionId and parentId' },
      { path: 'input.parentId', message: 'give exactly one of sectionId and parentId' },
    ]);
  }
  const comment = await writeTransaction(ctx, async (em, viewer) => {
    const parent = input.parentId ? await threadOf(em, input.parentId, 'input.parentId') : null;
    const sectionId = parent ? parent.section.id : expectGlobalId(input.sectionId!, 'WaiverSection', 'input.sectionId');
    const section = await em.findOne(WaiverSection, { id: sectionId });
    if (!section) throw new NotFoundError('Section');
    await authorizeOn(em, viewer, section.waiverRequest.id, 'waiver.comment');
    if (input.quote && !section.body.includes(input.quote)) {
      throw BadUserInputError.field('input.quote', 'does not appear in the section text');
    }
    const comment = em.create(WaiverComment, {
      waiverRequest: section.waiverRequest,
      section,
      parent,
      author: em.getReference(User, userId),
      body: input.body,
      quote: input.quote ?? null,
    });
    await notifyComment(em, comment, userId);
    return comment;
  });
  publish(ctx, comment.waiverRequest.id, input.clientMutationId, [{ type: 'COMMENT_ADDED', commentId: comment.id }]);
  return comment;
}

/** Resolves (or, with `resolved: false`, reopens) a thread; resolved threads stay readable. */
export async function resolveWaiverComment(ctx: HubContext, input: ResolveWaiverCommentInput): Promise<WaiverComment> {
  const userId = requireUserId(ctx.viewer);
  const { thread, changed } = await writeTransaction(ctx, async (em, viewer) => {
    const thread = await threadOf(em, input.commentId, 'input.commentId');
    await authorizeOn(em, viewer, thread.waiverRequest.id, 'waiver.comment');
    const changed = (thread.resolvedAt !== null) !== input.resolved;
    if (changed) {
      thread.resolvedAt = input.resolved ? new Date() : null;
      thread.resolvedBy = input.resolved ? em.getReference(User, userId) : null;
    }
    return { thread, changed };
  });
  if (changed) {
    publish(ctx, thread.waiverRequest.id, input.clientMutationId, [{ type: 'COMMENT_RESOLVED', commentId: thread.id, resolved: input.resolved }]);
  }
  return thread;
}
