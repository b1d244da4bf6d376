/** An organization's place in an Innovation Zone for one school year (its cohort year). */
import { Entity, Enum, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Zone } from '../../domain/enums';
import { Organization } from './organization.entity';

@ObjectType({ description: 'Membership of an Innovation Zone in one school year' })
@Entity({ tableName: 'zone_memberships' })
@Unique({ name: 'zone_memberships_unique', properties: ['organization', 'zone', 'schoolYear'] })
export class ZoneMembership extends NodeEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization!: Rel<Organization>;

  @Field(() => Zone)
  @Enum({ items: () => Zone, nativeEnumName: 'zone' })
  zone!: Zone;

  @Field({ description: 'The school year, written "2026-2027"' })
  @Property({ type: 'text' })
  schoolYear!: string;
}
