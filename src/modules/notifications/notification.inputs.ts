/** Arguments and inputs of the inbox's API. */
import { ArrayMaxSize, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import { EmailDelivery, KIND_ORDER, NotificationKind } from './notification.kinds';

@ArgsType()
export class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only threads with unread activity' })
  unreadOnly?: boolean | null;
}

@InputType({ description: 'Your choice for one kind; a field left out keeps its current value' })
export class NotificationSettingInput {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => Boolean, { nullable: true })
  inApp?: boolean | null;

  @Field(() => EmailDelivery, { nullable: true })
  email?: EmailDelivery | null;
}

@InputType()
export class SetNotificationSettingsInput {
  @Field(() => [NotificationSettingInput])
  @ArrayMaxSize(KIND_ORDER.length)
  @ValidateNested({ each: true })
  settings!: NotificationSettingInput[];
}

@ObjectType()
export class MarkAllNotificationsReadPayload {
  @Field(() => Int, { description: 'Threads marked read' })
  marked!: number;

  @Field(() => Int)
  unreadNotificationCount!: number;
}
