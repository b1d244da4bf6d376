/**
 * Builds the GraphQL schema from the feature resolvers: the only file that
 * knows every feature (resolvers, entities, node types).
 */
import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { createNodeResolver } from './graphql/node.resolver';
import type { PubSub } from './realtime/pubsub';
import { NodeEntity } from './db/base.entity';
import { Membership } from './modules/organizations/membership.entity';
import { MembershipResolver } from './modules/organizations/membership.resolver';
import { Organization } from './modules/organizations/organization.entity';
import { organizationNodes } from './modules/organizations/organization.nodes';
import { OrganizationResolver } from './modules/organizations/organization.resolver';
import { ZoneMembership } from './modules/organizations/zone-membership.entity';
import { User } from './modules/users/user.entity';
import { UserResolver } from './modules/users/user.resolver';

/** Every persisted entity, for the ORM. */
export const entities = [NodeEntity, User, Organization, Membership, ZoneMembership];

const NodeResolver = createNodeResolver({ ...organizationNodes });

const resolvers = [NodeResolver, UserResolver, OrganizationResolver, MembershipResolver] as const;

export async function createSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    pubSub,
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
  return lexicographicSortSchema(schema);
}
