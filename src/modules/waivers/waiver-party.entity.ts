/** Who takes part in a waiver request: its co-signing districts and its collaborators. */
import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { CollaboratorRole } from './waiver.enums';
import { WaiverRequest } from './waiver.entity';
import type { SignedTextSnapshot } from './waiver-signed-text';

/** A district signing the request (the lead district included) and its sign-off. */
@ObjectType('WaiverDistrict', { description: "A district co-signing a waiver request, with its OWNER's sign-off" })
@Entity({ tableName: 'waiver_districts' })
@Unique({ name: 'waiver_districts_request_organization_unique', properties: ['waiverRequest', 'organization'] })
@Index({ name: 'waiver_districts_organization_idx', properties: ['organization'] })
export class WaiverDistrict extends NodeEntity {
  @ManyToOne(() => WaiverRequest, { deleteRule: 'cascade' })
  waiverRequest!: Rel<WaiverRequest>;

  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization!: Rel<Organization>;

  @Field(() => Boolean, { description: 'Whether this is the lead district' })
  @Property({ default: false })
  lead: boolean & Opt = false;

  @Field(() => Date, { nullable: true, description: 'When an OWNER of the district last signed off' })
  @Property({ type: 'timestamptz', nullable: true })
  signedOffAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  signedOffBy: Rel<User> | null = null;

  /** Digest of the text signed off; a sign-off holds only while the text is exactly that. */
  @Property({ type: 'text', nullable: true })
  signedDigest: string | null = null;

  @Field(() => Int, { nullable: true, description: "The request's textVersion this district signed off" })
  @Property({ type: 'integer', nullable: true })
  signedTextVersion: number | null = null;

  /**
   * The text signed off, exactly (title, sections in order): it hashes to
   * `signedDigest`. Lazy: lists of districts do not read it; the
   * `signedText` field loads it for the districts asked. Null for sign-offs
   * made before it was kept.
   */
  @Property({ type: 'json', nullable: true, lazy: true })
  signedText: SignedTextSnapshot | null = null;
}

/** A person invited to draft or review a waiver request. */
@ObjectType('WaiverCollaborator', { description: 'A person drafting or reviewing a waiver request' })
@Entity({ tableName: 'waiver_collaborators' })
@Unique({ name: 'waiver_collaborators_request_user_unique', properties: ['waiverRequest', 'user'] })
@Index({ name: 'waiver_collaborators_user_idx', properties: ['user'] })
export class WaiverCollaborator extends NodeEntity {
  @ManyToOne(() => WaiverRequest, { deleteRule: 'cascade' })
  waiverRequest!: Rel<WaiverRequest>;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Field(() => CollaboratorRole)
  @Enum({ items: () => CollaboratorRole, nativeEnumName: 'collaborator_role' })
  role!: CollaboratorRole;

  /** The co-signing district the person drafts for, when they belong to one. */
  @ManyToOne(() => Organization, { nullable: true, deleteRule: 'set null' })
  district: Rel<Organization> | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  invitedBy: Rel<User> | null = null;
}
