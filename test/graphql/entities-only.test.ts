/**
 * `src/entities.ts` gives the CLI, the migrations and the tests' setup the
 * ORM's entity list without loading the API: importing it registers no
 * resolver (this file imports nothing else of the hub).
 */
import { getMetadataStorage } from 'type-graphql';
import { expect, it } from 'vitest';
import { entities } from '../../src/entities';

it('lists the entities without loading a resolver', () => {
  expect(entities.length).toBeGreaterThan(20);
  expect(getMetadataStorage().resolverClasses.map((meta) => meta.target.name)).toEqual([]);
});
