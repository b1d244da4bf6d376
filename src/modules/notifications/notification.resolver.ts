/** GraphQL for the inbox: the viewer's threads and unread count, marking read, settings, the live events. */
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, ObjectType, Field, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Connection, type ConnectionResult } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { toGlobalId } from '../../domain/global-id';
import { User } from '../users/user.entity';
import { Notification, NotificationSetting } from './notification.entity';
import type { NotificationEventPayload } from './notification.events';
import { KIND_ORDER, sentenceOf } from './notification.kinds';
import { MarkAllNotificationsReadPayload, NotificationsArgs, SetNotificationSettingsInput } from './notification.inputs';
import * as inbox from './notification.service';
import { followNotificationEvents } from './notification.subscriptions';
import { mentionedIds, mentionNames, renderMentions } from './notification.mentions';

export const NotificationConnection = Connection(Notification, 'Notification');

@ObjectType({ description: 'Your inbox changed: a thread got activity (notification set), or threads were read' })
export class NotificationEvent {
  @Field(() => String, { description: 'NEW_ACTIVITY or READ' })
  type!: string;

  @Field(() => Notification, { nullable: true, description: 'The thread, when one changed and you may still see it' })
  notification!: Notification | null;

  @Field(() => Int)
  unreadNotificationCount!: number;
}

@Resolver(() => User)
export class UserNotificationFieldsResolver {
  @FieldResolver(() => NotificationConnection, { description: 'Your inbox, one thread per subject, latest activity first (yours only)' })
  notifications(@Root() user: User, @Args() args: NotificationsArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<Notification>> {
    return inbox.notificationsOf(ctx, user.id, args);
  }

  @FieldResolver(() => Int, { description: 'Threads with unread activity in your inbox (yours only)' })
  unreadNotificationCount(@Root() user: User, @Ctx() ctx: HubContext): Promise<number> {
    return inbox.unreadNotificationCount(ctx, user.id);
  }
}

@Resolver(() => Notification)
export class NotificationResolver {
  @FieldResolver(() => ID, { name: 'id', description: 'Opaque global id' })
  globalId(@Root() notification: Notification): string {
    return notification.nodeId;
  }

  @FieldResolver(() => ID, { description: 'The subject (a waiver request, partnership, application or learning module): the link target' })
  subjectId(@Root() notification: Notification): string {
    return toGlobalId(notification.subjectType, notification.subjectId);
  }

  @FieldResolver(() => Boolean)
  unread(@Root() notification: Notification): boolean {
    return notification.unreadCount > 0;
  }

  @ListBound(5)
  @FieldResolver(() => [User], { description: 'Who acted lately, most recent first (at most five)' })
  async actors(@Root() notification: Notification, @Ctx() ctx: HubContext): Promise<User[]> {
    const users = await ctx.loaders.byId(User).loadMany(notification.actorIds);
    return users.filter((user): user is User => user instanceof User);
  }

  @FieldResolver(() => String, { description: 'What happened lately, in words' })
  async text(@Root() notification: Notification, @Ctx() ctx: HubContext): Promise<string> {
    const actor = notification.actorIds[0] ? await ctx.loaders.byId(User).load(notification.actorIds[0]) : null;
    const text = sentenceOf(notification.kind, notification.title, notification.detail, actor?.displayName ?? null);
    const ids = mentionedIds(text);
    return ids.length ? renderMentions(text, await mentionNames(ctx, ids)) : text;
  }

  @ListBound(KIND_ORDER.length)
  @Query(() => [NotificationSetting], { description: 'How each kind of notification reaches you' })
  notificationSettings(@Ctx() ctx: HubContext): Promise<NotificationSetting[]> {
    return inbox.notificationSettings(ctx);
  }

  @Mutation(() => Notification, { description: 'Marks one of your threads read' })
  markNotificationRead(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<Notification> {
    return inbox.markNotificationRead(ctx, id);
  }

  @Mutation(() => MarkAllNotificationsReadPayload, {
    description: 'Marks read every thread whose latest activity is at or before `before` (what you have seen)',
  })
  async markAllNotificationsRead(@Arg('before', () => Date) before: Date, @Ctx() ctx: HubContext): Promise<MarkAllNotificationsReadPayload> {
    const marked = await inbox.markAllNotificationsRead(ctx, before);
    return { marked, unreadNotificationCount: await inbox.countUnread(ctx.em.fork(), ctx.viewer.userId!) };
  }

  @ListBound(KIND_ORDER.length)
  @Mutation(() => [NotificationSetting], { description: 'Sets how the kinds named reach you; returns every kind' })
  setNotificationSettings(
    @Arg('input', () => SetNotificationSettingsInput) input: SetNotificationSettingsInput,
    @Ctx() ctx: HubContext,
  ): Promise<NotificationSetting[]> {
    return inbox.setNotificationSettings(ctx, input.settings);
  }

  @Subscription(() => NotificationEvent, {
    description: 'Your inbox as it changes (new activity, threads read), for your other tabs; signed-in people only',
    subscribe: ({ context }) => followNotificationEvents(context as HubContext),
  })
  async notificationEvents(@Root() payload: NotificationEventPayload, @Ctx() ctx: HubContext): Promise<NotificationEvent> {
    const notification = payload.notificationId ? await inbox.findVisibleNotification(ctx.em, payload.userId, payload.notificationId) : null;
    return { type: payload.type, notification, unreadNotificationCount: await inbox.countUnread(ctx.em, payload.userId) };
  }
}
