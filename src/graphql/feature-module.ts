/**
 * What a feature (`src/modules/<feature>/`) declares about itself in its
 * `<feature>.module.ts`: the tables it owns, the resolvers it adds to the
 * schema, the types `node(id:)` fetches through it, and the policy actions it
 * decides. `schema.ts` builds the API from a list of these; the ORM's entity
 * list (`src/entities.ts`) is built from the features' `<feature>.entities.ts`,
 * which the modules reuse, so the CLI and migrations never load a resolver.
 */
import type { Action } from '../auth/policy';
import type { EntityClass } from '../db/orm';
import type { NodeFetchers } from './node.resolver';

/** A type-graphql resolver class (`@Resolver()`). */
export type ResolverClass = new (...args: never[]) => object;

export interface FeatureModule {
  /** The folder under `src/modules/`. */
  readonly name: string;
  /** The entities whose tables the feature owns (its `<feature>.entities.ts`). */
  readonly entities: readonly EntityClass[];
  /** Every resolver class of the feature, including field resolvers it adds to other features' types. */
  readonly resolvers: readonly ResolverClass[];
  /** For each GraphQL type name `node(id:)` resolves to this feature, how to fetch one visible object. */
  readonly nodeTypes?: NodeFetchers;
  /**
   * The actions of `src/auth/policy/` this feature decides (the policy stays
   * one module, sectioned by feature; this names the feature's section).
   */
  readonly policyRules: readonly Action[];
}

/** The node fetchers of all modules; a type name declared by two modules is a mistake, refused at startup. */
export function nodeFetchersOf(modules: readonly FeatureModule[]): NodeFetchers {
  const fetchers: NodeFetchers = {};
  for (const feature of modules) {
    for (const [typeName, fetch] of Object.entries(feature.nodeTypes ?? {})) {
      if (Object.hasOwn(fetchers, typeName)) throw new Error(`node type ${typeName} is declared by two feature modules (the second: ${feature.name})`);
      fetchers[typeName] = fetch;
    }
  }
  return fetchers;
}
