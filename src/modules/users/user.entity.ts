/** A person who signs in: educators, business staff, state staff. */
import { Collection, Entity, OneToMany, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Node } from '../../graphql/node';
import type { Membership } from '../organizations/membership.entity';

@ObjectType({ implements: Node, description: 'A person in the network' })
@Entity({ tableName: 'users' })
export class User extends NodeEntity {
  /** Stored lower-case; unique. In GraphQL through `UserResolver.email` (not everyone may read it). */
  @Property({ type: 'text', unique: true })
  email!: string;

  @Field()
  @Property({ type: 'text' })
  displayName!: string;

  @OneToMany('Membership', 'user')
  memberships = new Collection<Membership>(this);
}

/** Lower-cases and trims an email address so lookups match. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
