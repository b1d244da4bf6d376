/** Arguments and inputs of the organizations feature, validated by class-validator. */
import { ArrayMaxSize, IsEmail, IsIn, IsOptional, Matches, MaxLength, MinLength, Validate, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { MemberRole, OrganizationKind, Zone } from '../../domain/enums';
import { REGIONS } from '../../domain/regions';
import { PageArgs } from '../../graphql/connection';
import { SchoolYearRule, TrimmedText } from '../../graphql/validation';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const regionMessage = { message: `must be one of DESE's supervisory regions: ${REGIONS.join(', ')}` };

@ArgsType()
export class OrganizationsArgs extends PageArgs {
  @Field(() => OrganizationKind, { nullable: true })
  kind?: OrganizationKind | null;

  @Field(() => Zone, { nullable: true, description: 'Organizations in this zone in the current school year (or in `schoolYear` when given)' })
  zone?: Zone | null;

  @Field(() => String, {
    nullable: true,
    description: 'Organizations with a zone membership in this school year, written "2026-2027" (with `zone`: in that zone that year)',
  })
  @IsOptional()
  @Validate(SchoolYearRule)
  schoolYear?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(REGIONS, regionMessage)
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'Words in the name' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

@InputType({ description: 'An Innovation Zone membership for one school year' })
export class ZoneMembershipInput {
  @Field(() => Zone)
  zone!: Zone;

  @Field({ description: 'Written "2026-2027"' })
  @Validate(SchoolYearRule)
  schoolYear!: string;
}

@InputType()
export class CreateOrganizationInput {
  @Field()
  @Validate(TrimmedText)
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Lower-case words joined by "-"; made from the name when absent' })
  @IsOptional()
  @Matches(SLUG, { message: 'must be lower-case letters and digits joined by "-"' })
  @MaxLength(80)
  slug?: string | null;

  @Field(() => OrganizationKind)
  kind!: OrganizationKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(REGIONS, regionMessage)
  region?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => [ZoneMembershipInput], { nullable: true, description: 'Zone memberships (state agency staff only)' })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  zones?: ZoneMembershipInput[] | null;

  @Field(() => ID, { nullable: true, description: 'The district a SCHOOL belongs to (required for, and only for, a SCHOOL)' })
  @IsOptional()
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: 'The first OWNER; the creator when absent' })
  @IsOptional()
  @IsEmail()
  ownerEmail?: string | null;
}

@InputType()
export class UpdateOrganizationInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Validate(TrimmedText)
  @MinLength(2)
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsIn(REGIONS, regionMessage)
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'null clears it' })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;
}

@InputType()
export class SetOrganizationZonesInput {
  @Field(() => ID)
  organizationId!: string;

  @Field({ description: 'Written "2026-2027"' })
  @Validate(SchoolYearRule)
  schoolYear!: string;

  @Field(() => [Zone], { description: 'The zones for that year; an empty list removes them all' })
  @ArrayMaxSize(3)
  zones!: Zone[];
}

@InputType()
export class AddMemberInput {
  @Field(() => ID)
  organizationId!: string;

  @Field({ description: 'An existing user, or a new one invited by email' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @Field(() => MemberRole)
  role!: MemberRole;

  @Field(() => String, { nullable: true, description: 'For a new user; the email name when absent' })
  @IsOptional()
  @Validate(TrimmedText)
  @MinLength(1)
  @MaxLength(200)
  displayName?: string | null;
}

@InputType()
export class SetMemberRoleInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => MemberRole)
  role!: MemberRole;
}

@InputType()
export class RemoveMemberInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID)
  userId!: string;
}
