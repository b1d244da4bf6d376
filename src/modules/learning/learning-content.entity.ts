/**
 * What a learning module says: shared by the module (its public face) and
 * each of its versions (the history, and the draft being edited).
 */
import { Entity, Enum, type Opt, Property } from '@mikro-orm/core';
import { Field, Float, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../db/base.entity';
import { Zone } from '../../domain/enums';
import { Audience, DeliveryFormat } from './learning.enums';

@ObjectType({ description: 'Shared by learning modules and their versions (not emitted on its own)' })
@Entity({ abstract: true })
export abstract class LearningContent extends NodeEntity {
  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field()
  @Property({ type: 'text' })
  summary!: string;

  @Field({ description: 'Markdown' })
  @Property({ type: 'text' })
  body!: string;

  @Field(() => [String], { description: 'Competencies the module builds: trimmed, lower-case tags' })
  @Property({ type: 'text[]' })
  competencies: string[] & Opt = [];

  @Field(() => [Audience], { description: 'The places on the educator continuum it serves' })
  @Property({ type: 'text[]' })
  audiences: Audience[] & Opt = [];

  @Field(() => DeliveryFormat)
  @Enum({ items: () => DeliveryFormat, nativeEnumName: 'delivery_format' })
  format!: DeliveryFormat;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', runtimeType: 'number', nullable: true })
  durationHours: (number & Opt) | null = null;

  @Field(() => [Zone], { description: 'The Innovation Zones it is meant for' })
  @Property({ type: 'text[]' })
  zones: Zone[] & Opt = [];
}
