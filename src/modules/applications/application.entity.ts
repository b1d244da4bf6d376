/**
 * Zone applications: a window per zone and school year, an application per
 * applicant (an organization, or one teacher of it), its co-drafted sections
 * with their revisions, clarifications, private review notes, the
 * facilitation team, and the board resolution an SDZ selection requires.
 */
import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Zone } from '../../domain/enums';
import { Node } from '../../graphql/node';
import { Organization } from '../organizations/organization.entity';
import { ZoneMembership } from '../organizations/zone-membership.entity';
import { User } from '../users/user.entity';
import { ApplicationSectionKind, ApplicationStatus, BoardResolutionStatus, EvidenceRating } from './application.enums';

@ObjectType({ implements: Node, description: 'When one zone takes applications for one school year' })
@Entity({ tableName: 'application_windows' })
@Unique({ name: 'application_windows_zone_year_unique', properties: ['zone', 'schoolYear'] })
export class ApplicationWindow extends NodeEntity {
  @Field(() => Zone)
  @Enum({ items: () => Zone, nativeEnumName: 'zone' })
  zone!: Zone;

  @Field({ description: 'The school year applied for, written "2027-2028"' })
  @Property({ type: 'text' })
  schoolYear!: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  opensAt!: Date;

  @Field(() => Date, { description: 'The deadline as first set' })
  @Property({ type: 'timestamptz' })
  closesAt!: Date;

  @Field(() => Date, { nullable: true, description: 'The extended deadline, when staff extended it' })
  @Property({ type: 'timestamptz', nullable: true })
  extendedTo: Date | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  openedBy: Rel<User> | null = null;

  /** The deadline in force: the extension when there is one. */
  get deadline(): Date & Opt {
    return this.extendedTo ?? this.closesAt;
  }
}

@ObjectType({ implements: Node, description: "An applicant's application to one Innovation Zone for one school year" })
@Entity({ tableName: 'zone_applications' })
@Index({
  name: 'zone_applications_organization_unique',
  expression:
    'create unique index "zone_applications_organization_unique" on "zone_applications" ("applicant_id", "zone", "school_year") where "teacher_id" is null',
})
@Index({
  name: 'zone_applications_teacher_unique',
  expression:
    'create unique index "zone_applications_teacher_unique" on "zone_applications" ("teacher_id", "zone", "school_year") where "teacher_id" is not null',
})
@Index({ name: 'zone_applications_list_idx', properties: ['schoolYear', 'zone', 'status', 'createdAt'] })
export class ZoneApplication extends NodeEntity {
  @ManyToOne(() => ApplicationWindow, { deleteRule: 'restrict' })
  window!: Rel<ApplicationWindow>;

  @Field(() => Zone)
  @Enum({ items: () => Zone, nativeEnumName: 'zone' })
  zone!: Zone;

  @Field()
  @Property({ type: 'text' })
  schoolYear!: string;

  /** The applying organization; for a teacher's own application, the school or district they teach in. */
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  applicant!: Rel<Organization>;

  /** Set when an individual teacher applies (ILDZ). */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'cascade' })
  teacher: Rel<User> | null = null;

  @Field(() => ApplicationStatus)
  @Enum({ items: () => ApplicationStatus, nativeEnumName: 'application_status', default: ApplicationStatus.DRAFT })
  status: ApplicationStatus & Opt = ApplicationStatus.DRAFT;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  startedBy: Rel<User> | null = null;

  /** Keys of the zone's commitments acknowledged so far (see COMMITMENTS). */
  @Property({ type: 'text[]', default: '{}' })
  acknowledgedCommitments: string[] & Opt = [];

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  submittedBy: Rel<User> | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  decidedBy: Rel<User> | null = null;

  @Field(() => String, { nullable: true, description: "The facilitation team's note with its decision" })
  @Property({ type: 'text', nullable: true })
  decisionNote: string | null = null;

  @Field(() => Zone, { nullable: true, description: 'The zone the decision placed the applicant in (ILDZ for an SDZ applicant not selected)' })
  @Enum({ items: () => Zone, nativeEnumName: 'zone', nullable: true })
  placedZone: Zone | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null = null;
}

@ObjectType({ implements: Node, description: 'One part of an application: a rated Evidence of Practice or a narrative answer, co-drafted by version' })
@Entity({ tableName: 'zone_application_sections' })
@Unique({ name: 'zone_application_sections_key_unique', properties: ['application', 'key'] })
export class ApplicationSection extends NodeEntity {
  @ManyToOne(() => ZoneApplication, { deleteRule: 'cascade' })
  application!: Rel<ZoneApplication>;

  @Field()
  @Property({ type: 'text' })
  key!: string;

  @Field(() => ApplicationSectionKind)
  @Enum({ items: () => ApplicationSectionKind, nativeEnumName: 'application_section_kind' })
  kind!: ApplicationSectionKind;

  @Field({ description: 'The practice or the question, in the words of the zone' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => String, { description: 'The narrative (Markdown)' })
  @Property({ type: 'text', default: '' })
  body: string & Opt = '';

  @Field(() => Int, { description: 'Goes up by one with every accepted edit of the narrative' })
  @Property({ type: 'integer', default: 1 })
  version: number & Opt = 1;

  @Field(() => EvidenceRating, { nullable: true, description: 'The self-assessment (EVIDENCE_OF_PRACTICE sections)' })
  @Enum({ items: () => EvidenceRating, nativeEnumName: 'evidence_rating', nullable: true })
  rating: EvidenceRating | null = null;

  @Field(() => [String], { description: 'Evidence links' })
  @Property({ type: 'text[]', default: '{}' })
  links: string[] & Opt = [];

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  updatedBy: Rel<User> | null = null;
}

/** Every accepted text of a section: the base an edit from an older version merges against. */
@Entity({ tableName: 'zone_application_revisions' })
@Unique({ name: 'zone_application_revisions_version_unique', properties: ['section', 'version'] })
export class ApplicationSectionRevision extends NodeEntity {
  @ManyToOne(() => ApplicationSection, { deleteRule: 'cascade' })
  section!: Rel<ApplicationSection>;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  body!: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author: Rel<User> | null = null;
}

@ObjectType({ implements: Node, description: 'A question from the facilitation team and, in the same record, the answer' })
@Entity({ tableName: 'zone_application_clarifications' })
@Index({ name: 'zone_application_clarifications_application_idx', properties: ['application', 'createdAt'] })
export class ApplicationClarification extends NodeEntity {
  @ManyToOne(() => ZoneApplication, { deleteRule: 'cascade' })
  application!: Rel<ZoneApplication>;

  @Field()
  @Property({ type: 'text' })
  question!: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  askedBy: Rel<User> | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  answer: string | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  answeredBy: Rel<User> | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null = null;
}

@ObjectType({ implements: Node, description: "A facilitation team member's private note on an application (the team only)" })
@Entity({ tableName: 'zone_application_review_notes' })
@Index({ name: 'zone_application_review_notes_application_idx', properties: ['application', 'createdAt'] })
export class ApplicationReviewNote extends NodeEntity {
  @ManyToOne(() => ZoneApplication, { deleteRule: 'cascade' })
  application!: Rel<ZoneApplication>;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author: Rel<User> | null = null;

  @Field()
  @Property({ type: 'text' })
  body!: string;
}

/** Named people on the facilitation team, granted by state-agency OWNERs. */
@Entity({ tableName: 'facilitation_team_members' })
export class FacilitationTeamMember extends NodeEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade', unique: 'facilitation_team_members_user_unique' })
  user!: Rel<User>;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  grantedBy: Rel<User> | null = null;
}

@ObjectType({ implements: Node, description: "An SDZ district's board resolution supporting participation, due after selection" })
@Entity({ tableName: 'board_resolution_requirements' })
export class BoardResolutionRequirement extends NodeEntity {
  @ManyToOne(() => ZoneMembership, { deleteRule: 'cascade', unique: 'board_resolution_requirements_membership_unique' })
  zoneMembership!: Rel<ZoneMembership>;

  @ManyToOne(() => ZoneApplication, { deleteRule: 'cascade' })
  application!: Rel<ZoneApplication>;

  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization!: Rel<Organization>;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  dueAt!: Date;

  @Field(() => BoardResolutionStatus)
  @Enum({ items: () => BoardResolutionStatus, nativeEnumName: 'board_resolution_status', default: BoardResolutionStatus.OUTSTANDING })
  status: BoardResolutionStatus & Opt = BoardResolutionStatus.OUTSTANDING;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  receivedAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  acceptedBy: Rel<User> | null = null;

  /** When the district was told the due date is within 14 days (the reminder's marker: once per requirement). */
  @Property({ type: 'timestamptz', nullable: true })
  dueSoonNotifiedAt: Date | null = null;

  /** When the district was told the resolution is overdue (the reminder's marker: once per requirement). */
  @Property({ type: 'timestamptz', nullable: true })
  overdueNotifiedAt: Date | null = null;
}

/** An individual teacher's place in a zone for one school year (an organization's is a ZoneMembership). */
@ObjectType({ description: "A teacher's membership of an Innovation Zone in one school year" })
@Entity({ tableName: 'teacher_zone_memberships' })
@Unique({ name: 'teacher_zone_memberships_unique', properties: ['teacher', 'zone', 'schoolYear'] })
export class TeacherZoneMembership extends NodeEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  teacher!: Rel<User>;

  /** The school or district they teach in. */
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization!: Rel<Organization>;

  @Field(() => Zone)
  @Enum({ items: () => Zone, nativeEnumName: 'zone' })
  zone!: Zone;

  @Field()
  @Property({ type: 'text' })
  schoolYear!: string;
}
