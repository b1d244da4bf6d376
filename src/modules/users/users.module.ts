/** People: who they are, and who may read their email. */
import type { FeatureModule } from '../../graphql/feature-module';
import { UserResolver } from './user.resolver';
import { userNodes } from './user.nodes';
import { usersEntities } from './users.entities';

export const usersModule: FeatureModule = {
  name: 'users',
  entities: usersEntities,
  resolvers: [UserResolver],
  nodeTypes: userNodes,
  policyRules: ['user.readEmail'],
};
