/**
 * An uploaded file: its metadata here, its bytes behind a `DocumentStore`
 * (by default the `document_content` table). Uploaded first, unattached;
 * then attached once, by the feature that owns `targetType`/`targetId`.
 */
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Node } from '../../graphql/node';
import { User } from '../users/user.entity';
import { DocumentPurpose } from './document.enums';

@ObjectType({ implements: Node, description: 'An uploaded file (PDF, DOCX, PNG, JPEG), downloaded at `url`' })
@Entity({ tableName: 'documents' })
@Index({ name: 'documents_target_idx', properties: ['targetType', 'targetId'] })
@Index({ name: 'documents_unattached_idx', properties: ['attachedAt', 'createdAt'] })
export class Document extends NodeEntity {
  /** Who uploaded it; null once that user is deleted. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null', index: 'documents_uploader_idx' })
  uploader: Rel<User> | null = null;

  @Field({ description: 'The file name as uploaded, without folders or control characters' })
  @Property({ type: 'text' })
  filename!: string;

  @Field({ description: 'The media type, checked against the bytes at upload' })
  @Property({ type: 'text' })
  contentType!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  byteSize!: number;

  @Field({ description: 'SHA-256 of the bytes, hex' })
  @Property({ type: 'text' })
  sha256!: string;

  /** The type of object it is attached to (a registered reader rule decides who may download it); null until attached. */
  @Property({ type: 'text', nullable: true })
  targetType: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  targetId: string | null = null;

  @Field(() => DocumentPurpose, { nullable: true, description: 'Why it is attached; null until attached' })
  @Enum({ items: () => DocumentPurpose, nativeEnumName: 'document_purpose', nullable: true })
  purpose: DocumentPurpose | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  attachedAt: Date | null = null;
}

/**
 * The default store's bytes (`PostgresDocumentStore`): a document in numbered
 * chunks, so it is written and read as a stream. No foreign key: the store
 * stands behind its own interface and is emptied through `remove`.
 */
@Entity({ tableName: 'document_content' })
export class DocumentContent {
  @PrimaryKey({ type: 'uuid' })
  documentId!: string;

  @PrimaryKey({ type: 'integer' })
  chunk!: number;

  @Property({ type: 'blob' })
  bytes!: Buffer;
}
