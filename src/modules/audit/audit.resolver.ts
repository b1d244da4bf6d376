/** GraphQL for the audit trail: read-only, never writable through the API. */
import { IsOptional, MaxLength } from 'class-validator';
import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, type ConnectionResult } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import { User } from '../users/user.entity';
import { AuditEvent } from './audit-event.entity';
import { auditTargetId } from './audit.middleware';
import { listAuditEvents } from './audit.service';

export const AuditEventConnection = Connection(AuditEvent, 'AuditEvent');

@ArgsType()
class AuditEventsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "One organization's events (its OWNERs may read them); all events for state-agency members" })
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this mutation, e.g. "removeMember"' })
  @IsOptional()
  @MaxLength(100)
  operation?: string | null;
}

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: 'The audit trail, newest first' })
  auditEvents(@Args() args: AuditEventsArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<AuditEvent>> {
    return listAuditEvents(ctx, args);
  }

  @FieldResolver(() => Date, { description: 'When it happened' })
  at(@Root() event: AuditEvent): Date {
    return event.createdAt;
  }

  @FieldResolver(() => User, { nullable: true })
  actor(@Root() event: AuditEvent, @Ctx() ctx: HubContext): Promise<User | null> {
    return event.actorId ? ctx.loaders.byId(User).load(event.actorId) : Promise.resolve(null);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The global id of the object the mutation changed (or tried to)' })
  targetId(@Root() event: AuditEvent): string | null {
    return auditTargetId(event.targetType, event.targetId);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The organization the target belongs to' })
  organizationId(@Root() event: AuditEvent): string | null {
    return auditTargetId(event.organizationId ? 'Organization' : null, event.organizationId);
  }
}
