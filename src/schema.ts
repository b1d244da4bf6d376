/**
 * Builds the GraphQL schema from the feature modules: the only file that
 * knows every feature. The ORM's entity list is `entities.ts`, which loads no resolver.
 */
import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { useOnRootFields } from './graphql/middleware';
import { validateArguments } from './graphql/validation';
import { callFieldResolversDirectly, readPlainFieldsDirectly, resolveTypesDirectly } from './graphql/direct-resolution';
import { createNodeResolver } from './graphql/node.resolver';
import type { PubSub } from './realtime/pubsub';
import { nodeFetchersOf, type FeatureModule } from './graphql/feature-module';
import { auditMutations } from './modules/audit/audit.middleware';
import { auditModule } from './modules/audit/audit.module';
import { learningModule } from './modules/learning/learning.module';
import { organizationsModule } from './modules/organizations/organizations.module';
import { partnershipsModule } from './modules/partnerships/partnerships.module';
import { usersModule } from './modules/users/users.module';
import { waiversModule } from './modules/waivers/waivers.module';
import { notificationsModule } from './modules/notifications/notifications.module';
import { documentsModule } from './modules/documents/documents.module';
import { applicationsModule } from './modules/applications/applications.module';

/** Every feature, each declaring its entities, resolvers, node types and policy rules (`<feature>.module.ts`). */
export const featureModules: readonly FeatureModule[] = [
  usersModule,
  organizationsModule,
  auditModule,
  learningModule,
  partnershipsModule,
  waiversModule,
  notificationsModule,
  documentsModule,
  applicationsModule,
];

const NodeResolver = createNodeResolver(nodeFetchersOf(featureModules));

const resolvers = [NodeResolver, ...featureModules.flatMap((feature) => feature.resolvers)] as const;

export async function createSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    pubSub,
    validateFn: validateArguments,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
  const sorted = lexicographicSortSchema(schema);
  readPlainFieldsDirectly(sorted);
  resolveTypesDirectly(sorted);
  callFieldResolversDirectly(sorted, validateArguments);
  // The audit trail wraps mutations only: as a global middleware it would wrap every field read.
  return useOnRootFields(sorted, 'Mutation', auditMutations);
}
