/**
 * The feature modules (`src/modules/<feature>/<feature>.module.ts`) and the
 * ORM's entity list (`src/entities.ts`) describe the same features: every
 * entity, resolver, node type and policy action belongs to exactly one module.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getMetadataStorage } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/auth/policy';
import { NodeEntity } from '../../src/db/base.entity';
import { entities } from '../../src/entities';
import { nodeFetchersOf, type FeatureModule } from '../../src/graphql/feature-module';
import { featureModules } from '../../src/schema';

const claimedBy = <T>(pick: (feature: FeatureModule) => readonly T[]) =>
  featureModules.flatMap((feature) => pick(feature).map((item) => [item, feature.name] as const));

describe('feature modules', () => {
  it('name every folder of src/modules once', () => {
    const folders = fs
      .readdirSync(path.join(__dirname, '../../src/modules'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(featureModules.map((feature) => feature.name).sort()).toEqual(folders.sort());
  });

  it('own every entity of src/entities.ts, each once', () => {
    const owned = claimedBy((feature) => feature.entities).map(([entity]) => entity);
    expect(new Set(owned).size).toBe(owned.length);
    expect(new Set([NodeEntity, ...owned])).toEqual(new Set(entities));
    expect(entities).toHaveLength(owned.length + 1);
  });

  it('declare every resolver of the schema, each once', () => {
    const declared = claimedBy((feature) => feature.resolvers).map(([resolver]) => resolver);
    expect(new Set(declared).size).toBe(declared.length);
    // Every @Resolver class type-graphql has seen, but the node resolver schema.ts makes from the modules' node types.
    const registered = getMetadataStorage()
      .resolverClasses.map((meta) => meta.target)
      .filter((target) => target.name !== 'NodeResolver');
    expect(new Set(declared)).toEqual(new Set(registered));
  });

  it('split the policy: every action of src/auth/policy/ is decided by exactly one feature', () => {
    const claimed = claimedBy((feature) => feature.policyRules).map(([action]) => action);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect([...claimed].sort()).toEqual(Object.keys(rules).sort());
  });

  it('resolve disjoint node types, and a type declared twice is refused', () => {
    expect(Object.keys(nodeFetchersOf(featureModules)).sort()).toEqual([
      'ApplicationClarification',
      'ApplicationSection',
      'ApplicationWindow',
      'BoardResolutionRequirement',
      'Document',
      'LearningModule',
      'LearningModuleVersion',
      'Opportunity',
      'Organization',
      'Partnership',
      'User',
      'WaiverComment',
      'WaiverRequest',
      'WaiverRevision',
      'WaiverSection',
      'WaiverSuggestion',
      'ZoneApplication',
    ]);
    const twice: FeatureModule = { name: 'copy', entities: [], resolvers: [], policyRules: [], nodeTypes: { User: async () => null } };
    expect(() => nodeFetchersOf([...featureModules, twice])).toThrow('node type User is declared by two feature modules (the second: copy)');
  });
});
