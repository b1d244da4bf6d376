/** A real-world learning opportunity a business offers students, with a capacity in students. */
import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Node } from '../../graphql/node';
import { Organization } from '../organizations/organization.entity';
import { OpportunityKind, OpportunityStatus } from './partnership.enums';

/** The text that `opportunities(filter: { search })` matches, as indexed. */
export const OPPORTUNITY_SEARCH_DOCUMENT = `to_tsvector('english', title || ' ' || description)`;

/** `business` is resolved through the request's loaders. */
@ObjectType({ implements: Node, description: 'A real-world learning opportunity a business offers students' })
@Entity({ tableName: 'opportunities' })
@Index({ name: 'opportunities_business_created_idx', properties: ['business', 'createdAt', 'id'] })
@Index({
  name: 'opportunities_open_created_idx',
  expression: `create index "opportunities_open_created_idx" on "opportunities" ("created_at" desc, "id" desc) where "status" = 'OPEN'`,
})
@Index({
  name: 'opportunities_search_idx',
  expression: `create index "opportunities_search_idx" on "opportunities" using gin (${OPPORTUNITY_SEARCH_DOCUMENT})`,
})
@Index({ name: 'opportunities_skills_idx', expression: `create index "opportunities_skills_idx" on "opportunities" using gin ("skills")` })
@Index({ name: 'opportunities_regions_idx', expression: `create index "opportunities_regions_idx" on "opportunities" using gin ("regions")` })
export class Opportunity extends NodeEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  business!: Rel<Organization>;

  @Field(() => OpportunityKind)
  @Enum({ items: () => OpportunityKind, nativeEnumName: 'opportunity_kind' })
  kind!: OpportunityKind;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field()
  @Property({ type: 'text' })
  description!: string;

  @Field(() => [String], { description: 'Normalized tags: lower-case words joined by "-"' })
  @Property({ type: 'text[]' })
  skills: string[] & Opt = [];

  @Field(() => [String], { description: 'Grade bands: K-2, 3-5, 6-8, 9-12' })
  @Property({ type: 'text[]' })
  gradeBands: string[] & Opt = [];

  @Field(() => [String], { description: 'DESE supervisory regions served' })
  @Property({ type: 'text[]' })
  regions: string[] & Opt = [];

  @Field(() => Int, { description: 'How many students it can take' })
  @Property({ type: 'integer' })
  capacity!: number;

  /** Students of ACCEPTED, ACTIVE and COMPLETED partnerships; changed only under a row lock on this opportunity. */
  @Property({ type: 'integer', default: 0 })
  seatsTaken: number & Opt = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  startsOn: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  endsOn: Date | null = null;

  @Field(() => OpportunityStatus)
  @Enum({ items: () => OpportunityStatus, nativeEnumName: 'opportunity_status', default: OpportunityStatus.DRAFT })
  status: OpportunityStatus & Opt = OpportunityStatus.DRAFT;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  openedAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  @Field(() => Int, { description: 'Capacity minus the students of ACCEPTED, ACTIVE and COMPLETED partnerships' })
  get seatsRemaining(): number & Opt {
    return Math.max(0, this.capacity - this.seatsTaken);
  }
}
