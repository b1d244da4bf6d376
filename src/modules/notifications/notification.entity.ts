/**
 * The inbox: one notification per (recipient, subject) thread, its
 * activities (kept for digests), each person's settings per kind, and the
 * mails sent (or, without SMTP, kept) with their idempotency keys.
 */
import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { User } from '../users/user.entity';
import { EmailDelivery, NotificationKind, type SubjectType } from './notification.kinds';

/** `id`, `text`, `actors`, `subjectId` and `url` are resolved by NotificationResolver. */
@ObjectType({ description: 'One thread of your inbox: what happened lately on one subject, and how much of it you have not read' })
@Entity({ tableName: 'notifications' })
@Unique({ name: 'notifications_thread_key', properties: ['recipient', 'subjectType', 'subjectId'] })
@Index({
  name: 'notifications_recipient_latest_idx',
  expression:
    'create index "notifications_recipient_latest_idx" on "notifications" ("recipient_id", "latest_at" desc, "id" desc) where "latest_at" is not null',
})
@Index({ name: 'notifications_unread_idx', expression: 'create index "notifications_unread_idx" on "notifications" ("recipient_id") where "unread_count" > 0' })
export class Notification extends NodeEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  recipient!: Rel<User>;

  @Property({ type: 'text' })
  subjectType!: SubjectType;

  @Property({ type: 'uuid' })
  subjectId!: string;

  @Field(() => NotificationKind, { description: 'The kind of the latest activity' })
  @Enum({ items: () => NotificationKind, type: 'text' })
  kind!: NotificationKind;

  @Field({ description: "The subject's title when it last had activity" })
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  detail: string | null = null;

  /** Who acted, most recent first, at most five. */
  @Property({ type: 'string[]', defaultRaw: `'{}'` })
  actorIds: string[] & Opt = [];

  @Field(() => Int, { description: 'Activities since you last read this thread' })
  @Property({ type: 'int', default: 0 })
  unreadCount: number & Opt = 0;

  @Field(() => Int, { description: 'Activities on this thread in all' })
  @Property({ type: 'int', default: 0 })
  activityCount: number & Opt = 0;

  /** Null while the thread holds only activities its recipient takes by email alone. */
  @Field(() => Date)
  @Property({ type: 'timestamptz', nullable: true })
  latestAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  readAt: Date | null = null;
}

/** One event on a thread, for the recipient's digests (and immediate mails). */
@Entity({ tableName: 'notification_activities' })
@Index({ name: 'notification_activities_notification_at_idx', properties: ['notification', 'at'] })
@Index({ name: 'notification_activities_at_idx', properties: ['at'] })
@Index({ name: 'notification_activities_batch_idx', properties: ['batch'] })
export class NotificationActivity extends NodeEntity {
  @ManyToOne(() => Notification, { deleteRule: 'cascade' })
  notification!: Rel<Notification>;

  @Enum({ items: () => NotificationKind, type: 'text' })
  kind!: NotificationKind;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  actor: Rel<User> | null = null;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  detail: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date & Opt = new Date();

  /** Whether it counts in the inbox (the kind's in-app setting when it happened). */
  @Property({ type: 'boolean', default: true })
  inApp: boolean & Opt = true;

  /** The email delivery chosen when it happened (digests read the current setting). */
  @Enum({ items: () => EmailDelivery, type: 'text' })
  email!: EmailDelivery;

  /** The `notify` call that made it (an immediate mail job names its batch). */
  @Property({ type: 'uuid' })
  batch!: string;
}

/** A person's choice for one kind; absent: the kind's defaults. */
@ObjectType({ description: 'How one kind of notification reaches you' })
@Entity({ tableName: 'notification_settings' })
@Unique({ name: 'notification_settings_user_kind_key', properties: ['user', 'kind'] })
export class NotificationSetting extends NodeEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Field(() => NotificationKind)
  @Enum({ items: () => NotificationKind, type: 'text' })
  kind!: NotificationKind;

  @Field({ description: 'Shown in your inbox' })
  @Property({ type: 'boolean' })
  inApp!: boolean;

  @Field(() => EmailDelivery)
  @Enum({ items: () => EmailDelivery, type: 'text' })
  email!: EmailDelivery;
}

/** A mail, sent over SMTP or (without SMTP_URL) kept here; its key makes every retry a no-op once sent. */
@Entity({ tableName: 'notification_mails' })
@Index({ name: 'notification_mails_created_idx', properties: ['createdAt'] })
export class NotificationMail extends NodeEntity {
  /** `immediate:<activity>:<user>` or `digest:<period>:<window end>:<user>`. */
  @Property({ type: 'text', unique: true })
  idempotencyKey!: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  user: Rel<User> | null = null;

  @Property({ type: 'text' })
  toAddress!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'text' })
  html!: string;

  @Property({ type: 'jsonb' })
  headers!: Record<string, string>;

  /** When SMTP accepted it, or when it was kept (no SMTP_URL). */
  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  /** `smtp` or `outbox`. */
  @Property({ type: 'text', nullable: true })
  transport: string | null = null;
}
