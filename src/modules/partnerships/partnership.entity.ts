/** A district's partnership with a business around one opportunity, and its lifecycle. */
import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Node } from '../../graphql/node';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { Opportunity } from './opportunity.entity';
import { PartnershipStatus } from './partnership.enums';

/** Relations are resolved through the request's loaders. */
@ObjectType({ implements: Node, description: 'A district and a business running one opportunity together' })
@Entity({ tableName: 'partnerships' })
@Index({ name: 'partnerships_opportunity_created_idx', properties: ['opportunity', 'createdAt', 'id'] })
@Index({ name: 'partnerships_district_created_idx', properties: ['district', 'createdAt', 'id'] })
@Index({ name: 'partnerships_business_created_idx', properties: ['business', 'createdAt', 'id'] })
export class Partnership extends NodeEntity {
  @ManyToOne(() => Opportunity, { deleteRule: 'cascade' })
  opportunity!: Rel<Opportunity>;

  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  district!: Rel<Organization>;

  /** The opportunity's business, kept here so either side's list is one indexed scan. */
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  business!: Rel<Organization>;

  @Field(() => PartnershipStatus)
  @Enum({ items: () => PartnershipStatus, nativeEnumName: 'partnership_status', default: PartnershipStatus.REQUESTED })
  status: PartnershipStatus & Opt = PartnershipStatus.REQUESTED;

  @Field(() => Int)
  @Property({ type: 'integer' })
  studentCount!: number;

  @Field(() => String, { nullable: true, description: "The district's message with its request" })
  @Property({ type: 'text', nullable: true })
  message: string | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  requestedBy: Rel<User> | null = null;
}
