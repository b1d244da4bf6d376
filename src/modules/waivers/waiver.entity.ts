/** A waiver request: one document several SDZ districts draft together and submit to the state agency. */
import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Node } from '../../graphql/node';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { WaiverKind, WaiverStatus } from './waiver.enums';

/** Relations (lead district, districts, sections, …) are resolved through the request's loaders. */
@ObjectType({ implements: Node, description: 'A request to the state agency to set aside a requirement, co-drafted by SDZ districts' })
@Entity({ tableName: 'waiver_requests' })
@Index({ name: 'waiver_requests_lead_district_idx', properties: ['leadDistrict'] })
@Index({ name: 'waiver_requests_status_created_idx', properties: ['status', 'createdAt', 'id'] })
export class WaiverRequest extends NodeEntity {
  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field(() => WaiverKind)
  @Enum({ items: () => WaiverKind, nativeEnumName: 'waiver_kind' })
  kind!: WaiverKind;

  @Field(() => WaiverStatus)
  @Enum({ items: () => WaiverStatus, nativeEnumName: 'waiver_status', default: WaiverStatus.DRAFT })
  status: WaiverStatus & Opt = WaiverStatus.DRAFT;

  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  leadDistrict!: Rel<Organization>;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy: Rel<User> | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  submittedBy: Rel<User> | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  decidedBy: Rel<User> | null = null;

  @Field(() => String, { nullable: true, description: "The state agency's note with its decision" })
  @Property({ type: 'text', nullable: true })
  decisionNote: string | null = null;

  /** Renames and moves of sections: with the sections' versions, it makes the text's version (see textStateOf). */
  @Property({ default: 0 })
  layoutVersion: number & Opt = 0;
}
