/**
 * One version of a learning module. A published version is never changed
 * again (only marked SUPERSEDED when a newer one is published); a module has
 * at most one DRAFT version at a time, guarded by a row lock on the module.
 */
import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node';
import { LearningContent } from './learning-content.entity';
import { LearningModule } from './learning-module.entity';
import { ModuleVersionStatus } from './learning.enums';

@ObjectType({ implements: Node, description: "One version in a learning module's history" })
@Entity({ tableName: 'learning_module_versions' })
@Unique({ name: 'learning_module_versions_module_version_unique', properties: ['module', 'version'] })
@Index({ name: 'learning_module_versions_drafts_idx', properties: ['status', 'module'] })
export class LearningModuleVersion extends LearningContent {
  @ManyToOne(() => LearningModule, { deleteRule: 'cascade' })
  module!: Rel<LearningModule>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  version!: number;

  @Field(() => ModuleVersionStatus)
  @Enum({ items: () => ModuleVersionStatus, nativeEnumName: 'module_version_status' })
  status: ModuleVersionStatus & Opt = ModuleVersionStatus.DRAFT;

  /** The prerequisites this version names, in order (module ids). */
  @Property({ type: 'text[]' })
  prerequisiteIds: string[] & Opt = [];

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;
}
