/**
 * The prerequisite edges of each module's shown version: the pathway graph,
 * walked by one recursive query. Pending drafts keep theirs in
 * `LearningModuleVersion.prerequisiteIds` until published.
 */
import { Entity, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { NodeEntity } from '../../db/base.entity';
import { LearningModule } from './learning-module.entity';

@Entity({ tableName: 'learning_module_prerequisites' })
@Unique({ name: 'learning_module_prerequisites_unique', properties: ['module', 'prerequisite'] })
@Index({ name: 'learning_module_prerequisites_prerequisite_idx', properties: ['prerequisite'] })
export class LearningModulePrerequisite extends NodeEntity {
  @ManyToOne(() => LearningModule, { deleteRule: 'cascade' })
  module!: Rel<LearningModule>;

  @ManyToOne(() => LearningModule, { deleteRule: 'cascade' })
  prerequisite!: Rel<LearningModule>;

  /** Order among the module's prerequisites, as the publisher listed them. */
  @Property({ type: 'integer' })
  position!: number;
}
