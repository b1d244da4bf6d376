/** An educator's personal learning plan: where they stand on the continuum, and the modules they follow. */
import { Entity, Enum, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { User } from '../users/user.entity';
import { LearningModule } from './learning-module.entity';
import { Audience } from './learning.enums';

/** One per user, made the first time they set their place on the continuum. */
@ObjectType({ description: "The signed-in educator's personal learning plan" })
@Entity({ tableName: 'learning_plans' })
export class LearningPlan extends NodeEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade', unique: 'learning_plans_user_unique' })
  user!: Rel<User>;

  @Field(() => Audience, { nullable: true, description: 'Where the educator stands on the continuum; recommendations follow it' })
  @Enum({ items: () => Audience, nativeEnumName: 'audience', nullable: true })
  audience: Audience | null = null;
}

/** A module in a user's plan, completed or not. */
@ObjectType({ description: 'A module in a learning plan' })
@Entity({ tableName: 'learning_plan_items' })
@Unique({ name: 'learning_plan_items_user_module_unique', properties: ['user', 'module'] })
@Index({ name: 'learning_plan_items_user_created_idx', properties: ['user', 'createdAt', 'id'] })
export class LearningPlanItem extends NodeEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @ManyToOne(() => LearningModule, { deleteRule: 'cascade' })
  module!: Rel<LearningModule>;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'A link to evidence of completion (certificate, artifact, portfolio)' })
  @Property({ type: 'text', nullable: true })
  evidenceUrl: string | null = null;
}
