/** Inputs of partnership requests and transitions, validated by class-validator. */
import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import { PartnershipDecision, PartnershipStatus } from './partnership.enums';
import { MAX_CAPACITY } from './opportunity.inputs';

@InputType({ description: 'A district asks a business for an OPEN opportunity' })
export class RequestPartnershipInput {
  @Field(() => ID)
  opportunityId!: string;

  @Field(() => ID, { description: 'The district asking' })
  districtId!: string;

  @Field(() => Int)
  @Min(1)
  @Max(MAX_CAPACITY)
  studentCount!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  message?: string | null;
}

@InputType({ description: "The business's answer to a request" })
export class RespondToPartnershipInput {
  @Field(() => ID)
  partnershipId!: string;

  @Field(() => PartnershipDecision)
  decision!: PartnershipDecision;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: 'Moves a partnership on, with an optional note for its history' })
export class PartnershipTransitionInput {
  @Field(() => ID)
  partnershipId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@ArgsType()
export class PartnershipsArgs extends PageArgs {
  @Field(() => PartnershipStatus, { nullable: true })
  @IsOptional()
  status?: PartnershipStatus | null;
}
