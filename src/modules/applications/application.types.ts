/** GraphQL shapes of zone applications that are not entities: commitments, edit results, the cohort. */
import { Field, Int, ObjectType } from 'type-graphql';
import { ListBound } from '../../graphql/limits';
import { Zone } from '../../domain/enums';
import { TextEditOutcome } from './application.enums';
import { ApplicationSection } from './application.entity';

@ObjectType({ description: "One of the zone's commitments, in the seed's words, and whether the applicant acknowledged it" })
export class ZoneCommitment {
  @Field()
  key!: string;

  @Field()
  text!: string;

  @Field()
  acknowledged!: boolean;
}

@ObjectType({ description: 'Lines where an edit overlaps edits made since its base version' })
export class ApplicationConflictRegion {
  @Field(() => Int, { description: 'First line of the region in the current text, from 1' })
  line!: number;

  @Field(() => [String])
  base!: string[];

  @Field(() => [String])
  yours!: string[];

  @Field(() => [String])
  theirs!: string[];
}

@ObjectType({ description: 'An edit that overlaps edits made since its base version: nothing was stored. Rebase on the section and retry' })
export class ApplicationTextConflict {
  @Field({ description: 'Always "CONFLICT", the error code this stands for' })
  code!: string;

  @Field(() => Int)
  baseVersion!: number;

  @Field()
  yourBody!: string;

  @Field({ description: 'The texts differ too much to merge within the merge budget' })
  tooManyChanges!: boolean;

  @ListBound(20) // overlapping regions of one conflicting edit, as for waiver sections
  @Field(() => [ApplicationConflictRegion])
  regions!: ApplicationConflictRegion[];
}

@ObjectType({ description: 'What a narrative edit did, and the section after it' })
export class ApplicationSectionEditResult {
  @Field(() => TextEditOutcome)
  outcome!: TextEditOutcome;

  @Field(() => ApplicationSection)
  section!: ApplicationSection;

  @Field(() => ApplicationTextConflict, { nullable: true })
  conflict!: ApplicationTextConflict | null;
}

@ObjectType({ description: 'Members of a zone cohort in one DESE supervisory region' })
export class CohortRegion {
  @Field()
  region!: string;

  @Field(() => Int, { description: 'Districts, schools and organizations' })
  organizations!: number;

  @Field(() => Int, { description: 'Individual teachers (ILDZ)' })
  teachers!: number;
}

@ObjectType({ description: "A zone's cohort for one school year, counted per region: where it is thin shows as zeros" })
export class ZoneCohort {
  @Field(() => Zone)
  zone!: Zone;

  @Field()
  schoolYear!: string;

  @ListBound(8) // DESE's eight supervisory regions
  @Field(() => [CohortRegion], { description: 'All eight DESE supervisory regions, in order' })
  regions!: CohortRegion[];

  @Field(() => CohortRegion, { description: 'Members whose organization names no region' })
  withoutRegion!: CohortRegion;

  @Field(() => Int)
  organizations!: number;

  @Field(() => Int)
  teachers!: number;

  @Field(() => [String], { description: 'Regions with no member yet' })
  regionsWithoutMembers!: string[];
}
