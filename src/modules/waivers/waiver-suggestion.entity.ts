/**
 * Suggestions on a section's text (suggesting mode): an insertion, a deletion
 * or a replacement proposed by a collaborator, anchored in the section's Yjs
 * document by relative positions, so it stays where it was made while others
 * type around it. Only an accepted suggestion changes the text.
 */
import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Node } from '../../graphql/node';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { WaiverRequest } from './waiver.entity';
import { WaiverSection } from './waiver-section.entity';

/** What a suggestion would do to the text. */
export enum WaiverSuggestionKind {
  INSERTION = 'INSERTION',
  DELETION = 'DELETION',
  REPLACEMENT = 'REPLACEMENT',
}

/** Where a suggestion stands. */
export enum WaiverSuggestionStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}

/** What happened to a suggestion (events). */
export enum WaiverSuggestionChange {
  ADDED = 'ADDED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}

registerEnumType(WaiverSuggestionKind, {
  name: 'WaiverSuggestionKind',
  description: 'What a suggestion would do to the text',
  valuesConfig: {
    INSERTION: { description: '`text` inserted at `from`' },
    DELETION: { description: 'The text from `from` to `to` deleted' },
    REPLACEMENT: { description: 'The text from `from` to `to` replaced by `text`' },
  },
});
registerEnumType(WaiverSuggestionStatus, {
  name: 'WaiverSuggestionStatus',
  description: 'Where a suggestion stands',
  valuesConfig: {
    PENDING: { description: 'Shown as a suggestion; the text does not have it' },
    ACCEPTED: { description: 'Applied to the text (a new version)' },
    REJECTED: { description: 'Set aside; the text never had it' },
  },
});
registerEnumType(WaiverSuggestionChange, { name: 'WaiverSuggestionChange', description: 'What happened to a suggestion' });

/**
 * One suggestion. `fromPosition` and `toPosition` are `Y.encodeRelativePosition`
 * of positions in the section's Y.Text `body` (`from` sticks to the character
 * after it, `to` to the character before it), so a deletion covers the same
 * characters however the text around it changes.
 */
@ObjectType({ implements: Node, description: "A proposed insertion, deletion or replacement in a section's text, shown until an author decides it" })
@Entity({ tableName: 'waiver_suggestions' })
@Index({ name: 'waiver_suggestions_section_status_idx', properties: ['section', 'status', 'createdAt'] })
@Index({ name: 'waiver_suggestions_request_status_idx', properties: ['waiverRequest', 'status'] })
export class WaiverSuggestion extends NodeEntity {
  @ManyToOne(() => WaiverRequest, { deleteRule: 'cascade' })
  waiverRequest!: Rel<WaiverRequest>;

  @ManyToOne(() => WaiverSection, { deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author: Rel<User> | null = null;

  /** The author's district among the request's co-signers when they are a member of one (shown with the suggestion; "all from a district"). */
  @ManyToOne(() => Organization, { nullable: true, deleteRule: 'set null' })
  district: Rel<Organization> | null = null;

  @Field(() => WaiverSuggestionKind)
  @Enum({ items: () => WaiverSuggestionKind, nativeEnumName: 'waiver_suggestion_kind' })
  kind!: WaiverSuggestionKind;

  @Field(() => WaiverSuggestionStatus)
  @Enum({ items: () => WaiverSuggestionStatus, nativeEnumName: 'waiver_suggestion_status' })
  status: WaiverSuggestionStatus & Opt = WaiverSuggestionStatus.PENDING;

  @Field(() => String, { description: 'The text it inserts (empty for a deletion)' })
  @Property({ type: 'text', default: '' })
  text: string & Opt = '';

  @Field(() => String, { description: 'The text it deletes, as it stood when suggested (empty for an insertion)' })
  @Property({ type: 'text', default: '' })
  deletedText: string & Opt = '';

  @Property({ type: 'blob' })
  fromPosition!: Buffer;

  /** Null for an insertion (it has one position). */
  @Property({ type: 'blob', nullable: true })
  toPosition: Buffer | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  decidedBy: Rel<User> | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was accepted or rejected; null while pending' })
  @Property({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  /** The section's version its acceptance made (null unless accepted and the text changed). */
  @Property({ type: 'integer', nullable: true })
  acceptedVersion: number | null = null;
}
