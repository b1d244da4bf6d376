/** A waiver request's sections and every accepted version of their text. */
import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Node } from '../../graphql/node';
import { User } from '../users/user.entity';
import { WaiverRevisionKind } from './waiver.enums';
import { WaiverRequest } from './waiver.entity';

/**
 * One section of the document. `version` counts accepted edits of `body`;
 * edits are serialized by a row lock on the section, so versions are
 * strictly sequential and each one has a revision.
 */
@ObjectType({ implements: Node, description: 'One section of a waiver request; its text is versioned' })
@Entity({ tableName: 'waiver_sections' })
@Unique({ name: 'waiver_sections_request_key_unique', properties: ['waiverRequest', 'key'] })
@Index({ name: 'waiver_sections_request_position_idx', properties: ['waiverRequest', 'position'] })
export class WaiverSection extends NodeEntity {
  @ManyToOne(() => WaiverRequest, { deleteRule: 'cascade' })
  waiverRequest!: Rel<WaiverRequest>;

  @Field({ description: 'Stable key within the request, e.g. "rationale"' })
  @Property({ type: 'text' })
  key!: string;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { description: 'Markdown text at `version`' })
  @Property({ type: 'text', default: '' })
  body: string & Opt = '';

  @Field(() => Int, { description: 'Order in the document, from 1' })
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => Int, { description: 'Counts accepted edits of the body, from 1' })
  @Property({ type: 'integer', default: 1 })
  version: number & Opt = 1;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  updatedBy: Rel<User> | null = null;
}

/** One accepted version of a section's text: who, when, how. */
@ObjectType({ implements: Node, description: "One accepted version of a section's text" })
@Entity({ tableName: 'waiver_revisions' })
@Unique({ name: 'waiver_revisions_section_version_unique', properties: ['section', 'version'] })
@Index({ name: 'waiver_revisions_request_created_idx', properties: ['waiverRequest', 'createdAt', 'id'] })
export class WaiverRevision extends NodeEntity {
  @ManyToOne(() => WaiverRequest, { deleteRule: 'cascade' })
  waiverRequest!: Rel<WaiverRequest>;

  @ManyToOne(() => WaiverSection, { deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  version!: number;

  @Field()
  @Property({ type: 'text' })
  body!: string;

  @Field(() => WaiverRevisionKind)
  @Enum({ items: () => WaiverRevisionKind, nativeEnumName: 'waiver_revision_kind' })
  kind!: WaiverRevisionKind;

  @Field(() => Int, { nullable: true, description: 'The version the author edited from (merged edits: older than version - 1)' })
  @Property({ type: 'integer', nullable: true })
  baseVersion: number | null = null;

  @Field(() => Int, { nullable: true, description: 'For a restore: the version whose text was restored' })
  @Property({ type: 'integer', nullable: true })
  restoredFromVersion: number | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author: Rel<User> | null = null;
}
