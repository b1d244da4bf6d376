/** One mutation attempt: who, what, on which object, for which organization, when, and how it ended. */
import { Entity, Index, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';

@ObjectType({ description: 'A recorded mutation: actor, operation, target, time, outcome' })
@Entity({ tableName: 'audit_events' })
@Index({ name: 'audit_events_organization_idx', properties: ['organizationId', 'createdAt', 'id'] })
@Index({ name: 'audit_events_created_idx', properties: ['createdAt', 'id'] })
export class AuditEvent extends NodeEntity {
  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Field(() => String, { nullable: true, description: 'The signed-in email of the actor; null for anonymous attempts' })
  @Property({ type: 'text', nullable: true })
  actorEmail: string | null = null;

  @Field({ description: 'The mutation, e.g. "addMember"' })
  @Property({ type: 'text' })
  operation!: string;

  @Field(() => String, { nullable: true, description: 'The type of the object the mutation changed' })
  @Property({ type: 'text', nullable: true })
  targetType: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  targetId: string | null = null;

  /** The organization the target belongs to, which decides who may read this event. */
  @Property({ type: 'uuid', nullable: true })
  organizationId: string | null = null;

  @Field({ description: '"ACCEPTED", or the error code it was refused with' })
  @Property({ type: 'text' })
  outcome!: string;

  @Field({ description: 'The request id, as in the logs' })
  @Property({ type: 'text' })
  requestId!: string;
}
