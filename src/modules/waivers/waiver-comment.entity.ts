/** Comment threads anchored to sections, and who has which section open (presence). */
import { Entity, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Node } from '../../graphql/node';
import { User } from '../users/user.entity';
import { WaiverRequest } from './waiver.entity';
import { WaiverSection } from './waiver-section.entity';

/** A comment on a section (optionally quoting a passage), or a reply in its thread. */
@ObjectType({ implements: Node, description: 'A comment on a section, or a reply in its thread' })
@Entity({ tableName: 'waiver_comments' })
@Index({ name: 'waiver_comments_request_thread_idx', properties: ['waiverRequest', 'parent', 'createdAt', 'id'] })
@Index({ name: 'waiver_comments_parent_idx', properties: ['parent', 'createdAt', 'id'] })
export class WaiverComment extends NodeEntity {
  @ManyToOne(() => WaiverRequest, { deleteRule: 'cascade' })
  waiverRequest!: Rel<WaiverRequest>;

  @ManyToOne(() => WaiverSection, { deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;

  /** The thread's first comment; null for a thread's first comment itself. */
  @ManyToOne(() => WaiverComment, { nullable: true, deleteRule: 'cascade' })
  parent: Rel<WaiverComment> | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author: Rel<User> | null = null;

  @Field()
  @Property({ type: 'text' })
  body!: string;

  @Field(() => String, { nullable: true, description: 'The passage of the section the comment is about' })
  @Property({ type: 'text', nullable: true })
  quote: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When the thread was resolved; null while open' })
  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  resolvedBy: Rel<User> | null = null;
}

/**
 * Which section a person has open, until `expiresAt` (renewed by heartbeats).
 * Kept in a table so every hub instance sees it.
 */
@Entity({ tableName: 'waiver_presence' })
@Unique({ name: 'waiver_presence_request_user_unique', properties: ['waiverRequest', 'user'] })
@Index({ name: 'waiver_presence_section_idx', properties: ['section'] })
@Index({ name: 'waiver_presence_expires_idx', properties: ['expiresAt'] })
export class WaiverPresence extends NodeEntity {
  @ManyToOne(() => WaiverRequest, { deleteRule: 'cascade' })
  waiverRequest!: Rel<WaiverRequest>;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @ManyToOne(() => WaiverSection, { deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;
}
