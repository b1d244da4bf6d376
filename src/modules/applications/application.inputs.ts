/** Inputs of zone applications, validated by class-validator. */
import { ArrayMaxSize, IsEmail, IsOptional, IsUrl, MaxLength, MinLength, Validate } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { Zone } from '../../domain/enums';
import { PageArgs } from '../../graphql/connection';
import { PushDocumentAwarenessInputFields, PushDocumentUpdateInputFields } from '../../graphql/document-sync.types';
import { SchoolYearRule, TrimmedText } from '../../graphql/validation';
import { ApplicationDecision, ApplicationStatus, EvidenceRating } from './application.enums';

const NOTE = 5000;
/** Longest narrative accepted (characters). */
export const NARRATIVE = 100_000;

@InputType({ description: 'State-agency staff open a zone to applications for one school year' })
export class OpenApplicationWindowInput {
  @Field(() => Zone)
  zone!: Zone;

  @Field()
  @Validate(SchoolYearRule)
  schoolYear!: string;

  @Field(() => Date)
  opensAt!: Date;

  @Field(() => Date, { description: 'The deadline' })
  closesAt!: Date;
}

@InputType({ description: '"The deadline for applications has been extended to …"' })
export class ExtendApplicationWindowInput {
  @Field(() => ID)
  windowId!: string;

  @Field(() => Date, { description: 'The new deadline, later than the one in force' })
  extendedTo!: Date;
}

@InputType({ description: 'Starts an application while its zone takes them' })
export class StartZoneApplicationInput {
  @Field(() => Zone)
  zone!: Zone;

  @Field()
  @Validate(SchoolYearRule)
  schoolYear!: string;

  @Field(() => ID, { description: 'The applying organization; for a teacher applying for themself, their school or district' })
  applicantId!: string;

  @Field(() => Boolean, { nullable: true, description: 'True: the viewer applies as an individual teacher (ILDZ only)' })
  @IsOptional()
  asTeacher?: boolean | null;
}

@InputType()
export class ZoneApplicationRefInput {
  @Field(() => ID)
  applicationId!: string;
}

@InputType({ description: "Submits a complete DRAFT before the deadline; submitting is agreement to the zone's commitments" })
export class SubmitZoneApplicationInput extends ZoneApplicationRefInput {}

@InputType({ description: "Acknowledges (or takes back) some of the zone's commitments" })
export class AcknowledgeZoneCommitmentsInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => [String], { description: 'Commitment keys (ZoneCommitment.key)' })
  @ArrayMaxSize(20)
  commitmentKeys!: string[];

  @Field(() => Boolean, { nullable: true, description: 'False takes the acknowledgements back; true when absent' })
  @IsOptional()
  acknowledged?: boolean | null;
}

@InputType({ description: "A co-author's new narrative for a section, made from `baseVersion`" })
export class EditApplicationSectionInput {
  @Field(() => ID)
  sectionId!: string;

  @Field(() => Int)
  baseVersion!: number;

  @Field()
  @MaxLength(NARRATIVE)
  body!: string;
}

@InputType({ description: 'The self-assessment of one Evidence of Practice: a rating and evidence links' })
export class RateEvidenceOfPracticeInput {
  @Field(() => ID)
  sectionId!: string;

  @Field(() => EvidenceRating)
  rating!: EvidenceRating;

  @Field(() => [String], { nullable: true, description: 'Evidence links (https); replaces the list when given' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { each: true, message: 'each link must be an http(s) URL' })
  links?: string[] | null;
}

@InputType({
  description: "Attaches uploaded documents (POST /documents) to an application: evidence for a section, or the superintendent's letter of support",
})
export class AttachApplicationDocumentsInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => [ID])
  @ArrayMaxSize(10)
  documentIds!: string[];

  @Field(() => ID, { nullable: true, description: 'An EVIDENCE_OF_PRACTICE section: evidence for it; absent: the letter of support (ILDZ)' })
  @IsOptional()
  sectionId?: string | null;
}

@InputType()
export class ApplicationNoteInput {
  @Field(() => ID)
  applicationId!: string;

  @Field()
  @Validate(TrimmedText)
  @MinLength(1)
  @MaxLength(NOTE)
  body!: string;
}

@InputType({ description: 'A facilitation team member asks the applicant for more information' })
export class RequestApplicationClarificationInput {
  @Field(() => ID)
  applicationId!: string;

  @Field()
  @Validate(TrimmedText)
  @MinLength(1)
  @MaxLength(NOTE)
  question!: string;
}

@InputType({ description: 'The applicant answers the open clarification, in the same record' })
export class AnswerApplicationClarificationInput {
  @Field(() => ID)
  clarificationId!: string;

  @Field()
  @MinLength(1)
  @MaxLength(NARRATIVE)
  answer!: string;
}

@InputType({ description: "The facilitation team's decision, with a note" })
export class DecideZoneApplicationInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => ApplicationDecision)
  decision!: ApplicationDecision;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(NOTE)
  note?: string | null;

  @Field(() => Date, { nullable: true, description: 'SDZ selections: when the board resolution is due (60 days after the decision when absent)' })
  @IsOptional()
  boardResolutionDueAt?: Date | null;
}

@InputType({ description: 'A state-agency OWNER names a person to the facilitation team' })
export class GrantFacilitationRoleInput {
  @Field()
  @IsEmail()
  email!: string;
}

@InputType()
export class RevokeFacilitationRoleInput {
  @Field(() => ID)
  userId!: string;
}

@InputType({ description: 'The district uploads its board resolution (POST /documents) and attaches it to the requirement' })
export class SubmitBoardResolutionInput {
  @Field(() => ID)
  requirementId!: string;

  @Field(() => ID)
  documentId!: string;
}

@InputType()
export class AcceptBoardResolutionInput {
  @Field(() => ID)
  requirementId!: string;
}

@ArgsType()
export class ZoneApplicationsArgs extends PageArgs {
  @Field(() => Zone, { nullable: true })
  @IsOptional()
  zone?: Zone | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Validate(SchoolYearRule)
  schoolYear?: string | null;

  @Field(() => ApplicationStatus, { nullable: true })
  @IsOptional()
  status?: ApplicationStatus | null;
}

@ArgsType()
export class ApplicationWindowsArgs {
  @Field(() => Zone, { nullable: true })
  @IsOptional()
  zone?: Zone | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Validate(SchoolYearRule)
  schoolYear?: string | null;
}

@ArgsType()
export class ZoneCohortArgs {
  @Field(() => Zone)
  zone!: Zone;

  @Field()
  @Validate(SchoolYearRule)
  schoolYear!: string;
}

@InputType({ description: "A co-author's Yjs update of a section's narrative, typed live" })
export class PushApplicationSectionUpdateInput extends PushDocumentUpdateInputFields {}

@InputType({ description: "A reader's awareness on a section's narrative (who, cursor, selection, colour)" })
export class PushApplicationSectionAwarenessInput extends PushDocumentAwarenessInputFields {}
