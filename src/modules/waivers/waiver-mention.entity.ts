/** A mention in a waiver comment, stored by id (rendered back with the current name). */
import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { NodeEntity } from '../../db/base.entity';
import { WaiverComment } from './waiver-comment.entity';

@Entity({ tableName: 'waiver_comment_mentions' })
@Index({ name: 'waiver_comment_mentions_comment_idx', properties: ['comment'] })
export class WaiverCommentMention extends NodeEntity {
  @ManyToOne(() => WaiverComment, { deleteRule: 'cascade' })
  comment!: Rel<WaiverComment>;

  /** A person mentioned, or */
  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;

  /** a district mentioned (all its members are told). */
  @Property({ type: 'uuid', nullable: true })
  organizationId: string | null = null;
}
