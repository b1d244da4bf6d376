/** A person's role in an organization. */
import { Entity, Enum, Index, ManyToOne, type Rel, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { MemberRole } from '../../domain/enums';
import { User } from '../users/user.entity';
import { Organization } from './organization.entity';

/** `organization` and `user` are resolved through the request's loaders. */
@ObjectType({ description: "A person's role in an organization" })
@Entity({ tableName: 'memberships' })
@Unique({ name: 'memberships_organization_user_unique', properties: ['organization', 'user'] })
@Index({ name: 'memberships_user_idx', properties: ['user'] })
export class Membership extends NodeEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization!: Rel<Organization>;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Field(() => MemberRole)
  @Enum({ items: () => MemberRole, nativeEnumName: 'member_role' })
  role!: MemberRole;
}
