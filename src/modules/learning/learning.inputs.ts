/** Arguments and inputs of professional learning, validated by class-validator. */
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUrl, Max, MaxLength, Min, MinLength, Validate } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType } from 'type-graphql';
import { Zone } from '../../domain/enums';
import { PageArgs } from '../../graphql/connection';
import { TrimmedText } from '../../graphql/validation';
import { MAX_DOCUMENTS_PER_TARGET } from '../documents';
import { Audience, DeliveryFormat, ModuleStatus } from './learning.enums';

@InputType({ description: 'What to find among published modules; filters combine (each list matches any of its values)' })
export class LearningModuleFilter {
  @Field(() => String, { nullable: true, description: 'Words to search for (web-search syntax: "quoted phrases", or, -excluded); results by relevance' })
  search?: string | null;

  @Field(() => [String], { nullable: true, description: 'Modules building any of these competencies' })
  competencies?: string[] | null;

  @Field(() => [Audience], { nullable: true, description: 'Modules serving any of these places on the continuum' })
  audiences?: Audience[] | null;

  @Field(() => [DeliveryFormat], { nullable: true })
  formats?: DeliveryFormat[] | null;

  @Field(() => [Zone], { nullable: true, description: 'Modules meant for any of these zones' })
  zones?: Zone[] | null;

  @Field(() => ID, { nullable: true, description: 'Modules of this publishing organization' })
  publisherId?: string | null;
}

@ArgsType()
export class LearningModulesArgs extends PageArgs {
  @Field(() => LearningModuleFilter, { nullable: true })
  filter?: LearningModuleFilter | null;
}

@ArgsType()
export class OrganizationModulesArgs extends PageArgs {
  @Field(() => ModuleStatus, { nullable: true, description: 'Only modules in this state (drafts: members of the publisher only)' })
  status?: ModuleStatus | null;
}

const MAX_BODY = 100_000;

@InputType()
export class CreateLearningModuleInput {
  @Field(() => ID, { description: 'The publishing organization (a college, regional organization or the state agency)' })
  publisherId!: string;

  @Field()
  @Validate(TrimmedText)
  @MinLength(3)
  @MaxLength(200)
  title!: string;

  @Field()
  @Validate(TrimmedText)
  @MaxLength(1000)
  summary!: string;

  @Field({ description: 'Markdown' })
  @MaxLength(MAX_BODY)
  body!: string;

  @Field(() => [String], { nullable: true, description: 'Tags; trimmed, lower-cased and deduplicated' })
  @IsOptional()
  @ArrayMaxSize(30)
  @MaxLength(60, { each: true })
  competencies?: string[] | null;

  @Field(() => [Audience])
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  audiences!: Audience[];

  @Field(() => DeliveryFormat)
  format!: DeliveryFormat;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0.25)
  @Max(1000)
  durationHours?: number | null;

  @Field(() => [Zone], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3)
  zones?: Zone[] | null;

  @Field(() => [ID], { nullable: true, description: 'Modules to complete first, in order' })
  @IsOptional()
  @ArrayMaxSize(20)
  prerequisiteIds?: string[] | null;
}

@InputType({ description: 'Changes to a module; absent fields stay. On a published module they go to a new draft version.' })
export class UpdateLearningModuleInput {
  @Field(() => ID)
  moduleId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Validate(TrimmedText)
  @MinLength(3)
  @MaxLength(200)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Validate(TrimmedText)
  @MaxLength(1000)
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'Markdown' })
  @IsOptional()
  @MaxLength(MAX_BODY)
  body?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @MaxLength(60, { each: true })
  competencies?: string[] | null;

  @Field(() => [Audience], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  audiences?: Audience[] | null;

  @Field(() => DeliveryFormat, { nullable: true })
  @IsOptional()
  format?: DeliveryFormat | null;

  @Field(() => Float, { nullable: true, description: 'null clears it' })
  @IsOptional()
  @Min(0.25)
  @Max(1000)
  durationHours?: number | null;

  @Field(() => [Zone], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3)
  zones?: Zone[] | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the prerequisites' })
  @IsOptional()
  @ArrayMaxSize(20)
  prerequisiteIds?: string[] | null;
}

@InputType()
export class LearningModuleRefInput {
  @Field(() => ID)
  moduleId!: string;
}

@InputType()
export class SetLearningPlanAudienceInput {
  @Field(() => Audience, { nullable: true, description: 'null: no place set (recommendations for every audience)' })
  audience?: Audience | null;
}

@InputType()
export class CompleteLearningModuleInput {
  @Field(() => ID)
  moduleId!: string;

  @Field(() => String, { nullable: true, description: 'A link to evidence: a certificate, an artifact, a portfolio entry' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) URL' })
  @MaxLength(2000)
  evidenceUrl?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Documents you uploaded (POST /documents) as evidence: a certificate, an artifact; added to those already attached',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_DOCUMENTS_PER_TARGET)
  documentIds?: string[] | null;
}
