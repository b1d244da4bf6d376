/** An organization in the network: district, college, regional center, business, state agency. */
import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Node } from '../../graphql/node';
import { OrganizationKind } from '../../domain/enums';
import type { Membership } from './membership.entity';
import type { ZoneMembership } from './zone-membership.entity';

@ObjectType({ implements: Node, description: 'A member organization of the network' })
@Entity({ tableName: 'organizations' })
@Index({ name: 'organizations_name_id_idx', properties: ['name', 'id'] })
export class Organization extends NodeEntity {
  @Field()
  @Property({ type: 'text' })
  name!: string;

  /** URL-safe, unique, stable. */
  @Field()
  @Property({ type: 'text', unique: true })
  slug!: string;

  @Field(() => OrganizationKind)
  @Enum({ items: () => OrganizationKind, nativeEnumName: 'organization_kind' })
  kind!: OrganizationKind;

  @Field(() => String, { nullable: true, description: "One of DESE's eight supervisory regions" })
  @Property({ type: 'text', nullable: true })
  region: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  /** The district a SCHOOL belongs to; null for every other kind. */
  @ManyToOne(() => Organization, { nullable: true, deleteRule: 'set null' })
  parent: Rel<Organization> | null = null;

  @OneToMany('Membership', 'organization')
  memberships = new Collection<Membership>(this);

  @OneToMany('ZoneMembership', 'organization')
  zoneMemberships = new Collection<ZoneMembership>(this);
}
