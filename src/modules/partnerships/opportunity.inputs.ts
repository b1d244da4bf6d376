/** Inputs of opportunities and discovery, validated by class-validator. */
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, Max, MaxLength, Min, MinLength, Validate, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { REGIONS } from '../../domain/regions';
import { PageArgs } from '../../graphql/connection';
import { TrimmedText } from '../../graphql/validation';
import { GRADE_BANDS, OpportunityKind, OpportunityStatus } from './partnership.enums';

const regionMessage = { each: true, message: `must be one of DESE's supervisory regions: ${REGIONS.join(', ')}` };
const gradeBandMessage = { each: true, message: `must be one of ${GRADE_BANDS.join(', ')}` };
export const MAX_SKILLS = 20;
export const MAX_CAPACITY = 5000;

@InputType({ description: 'A new opportunity, created as a DRAFT' })
export class CreateOpportunityInput {
  @Field(() => ID, { description: 'The business offering it' })
  businessId!: string;

  @Field(() => OpportunityKind)
  kind!: OpportunityKind;

  @Field()
  @Validate(TrimmedText)
  @MinLength(3)
  @MaxLength(200)
  title!: string;

  @Field({ description: 'What students do and learn' })
  @MinLength(1)
  @MaxLength(10_000)
  description!: string;

  @Field(() => [String], { nullable: true, description: 'Skill tags; normalized to lower-case words joined by "-"' })
  @IsOptional()
  @ArrayMaxSize(MAX_SKILLS)
  @MaxLength(60, { each: true })
  skills?: string[] | null;

  @Field(() => [String], { nullable: true, description: `Any of ${GRADE_BANDS.join(', ')}` })
  @IsOptional()
  @IsIn(GRADE_BANDS, gradeBandMessage)
  gradeBands?: string[] | null;

  @Field(() => [String], { description: 'DESE supervisory regions served, at least one' })
  @ArrayMinSize(1)
  @ArrayMaxSize(REGIONS.length)
  @IsIn(REGIONS, regionMessage)
  regions!: string[];

  @Field(() => Int, { description: 'How many students it can take' })
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity!: number;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  startsOn?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  endsOn?: Date | null;
}

@InputType({ description: 'Changes to a DRAFT or OPEN opportunity; absent fields stay' })
export class UpdateOpportunityInput {
  @Field(() => ID)
  opportunityId!: string;

  @Field(() => OpportunityKind, { nullable: true })
  @IsOptional()
  kind?: OpportunityKind | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Validate(TrimmedText)
  @MinLength(3)
  @MaxLength(200)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(10_000)
  description?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_SKILLS)
  @MaxLength(60, { each: true })
  skills?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsIn(GRADE_BANDS, gradeBandMessage)
  gradeBands?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(REGIONS.length)
  @IsIn(REGIONS, regionMessage)
  regions?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Never below the students already accepted' })
  @IsOptional()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @Field(() => Date, { nullable: true, description: 'null clears it' })
  @IsOptional()
  startsOn?: Date | null;

  @Field(() => Date, { nullable: true, description: 'null clears it' })
  @IsOptional()
  endsOn?: Date | null;
}

@InputType()
export class OpportunityStatusInput {
  @Field(() => ID)
  opportunityId!: string;
}

@InputType({ description: 'Discovery filters; list filters match any of their values' })
export class OpportunityFilter {
  @Field(() => String, { nullable: true, description: 'Words in the title or description (web-search syntax), or a skill tag' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => [OpportunityKind], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  kinds?: OpportunityKind[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these skill tags' })
  @IsOptional()
  @ArrayMaxSize(MAX_SKILLS)
  @MaxLength(60, { each: true })
  skills?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Serving any of these regions' })
  @IsOptional()
  @ArrayMaxSize(REGIONS.length)
  @IsIn(REGIONS, regionMessage)
  regions?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'For any of these grade bands' })
  @IsOptional()
  @IsIn(GRADE_BANDS, gradeBandMessage)
  gradeBands?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'Offered by this business' })
  @IsOptional()
  businessId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: seats remain; false: full' })
  @IsOptional()
  hasSeats?: boolean | null;
}

@ArgsType()
export class OpportunitiesArgs extends PageArgs {
  @Field(() => OpportunityFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: OpportunityFilter | null;
}

@ArgsType()
export class OrganizationOpportunitiesArgs extends PageArgs {
  @Field(() => OpportunityStatus, { nullable: true, description: 'DRAFT ones are visible to the business members only' })
  @IsOptional()
  status?: OpportunityStatus | null;
}

@ArgsType()
export class RecommendedOpportunitiesArgs extends PageArgs {
  @Field(() => ID, { description: 'The district to recommend for' })
  districtId!: string;
}

@InputType()
export class SetDistrictSkillInterestsInput {
  @Field(() => ID)
  districtId!: string;

  @Field(() => [String], { description: 'Skill tags the district wants real-world learning for; an empty list clears them' })
  @ArrayMaxSize(MAX_SKILLS)
  @MaxLength(60, { each: true })
  skills!: string[];
}
