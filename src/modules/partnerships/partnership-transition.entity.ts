/** One step in a partnership's life: who moved it, from what to what, when and why. */
import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { Partnership } from './partnership.entity';
import { PartnershipStatus } from './partnership.enums';

/** `actor` and `actingFor` are resolved through the request's loaders. */
@ObjectType({ description: 'One step in a partnership: who moved it, from what to what, when and why' })
@Entity({ tableName: 'partnership_transitions' })
@Index({ name: 'partnership_transitions_partnership_at_idx', properties: ['partnership', 'at'] })
export class PartnershipTransition extends NodeEntity {
  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Rel<Partnership>;

  @Field(() => PartnershipStatus, { nullable: true, name: 'from', description: 'null for the request itself' })
  @Enum({ items: () => PartnershipStatus, nativeEnumName: 'partnership_status', nullable: true })
  fromStatus: PartnershipStatus | null = null;

  @Field(() => PartnershipStatus, { name: 'to' })
  @Enum({ items: () => PartnershipStatus, nativeEnumName: 'partnership_status' })
  toStatus!: PartnershipStatus;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  actor: Rel<User> | null = null;

  /** The side the actor acted for (the district or the business). */
  @ManyToOne(() => Organization, { nullable: true, deleteRule: 'set null' })
  actingFor: Rel<Organization> | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date & Opt = new Date();
}
