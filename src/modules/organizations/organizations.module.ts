/** Organizations of the network, their members and roles, and Innovation Zone membership. */
import type { FeatureModule } from '../../graphql/feature-module';
import { MembershipResolver } from './membership.resolver';
import { organizationNodes } from './organization.nodes';
import { OrganizationResolver } from './organization.resolver';
import { organizationsEntities } from './organizations.entities';

export const organizationsModule: FeatureModule = {
  name: 'organizations',
  entities: organizationsEntities,
  resolvers: [OrganizationResolver, MembershipResolver],
  nodeTypes: organizationNodes,
  policyRules: [
    'organization.create',
    'organization.update',
    'organization.setZones',
    'organization.readMembers',
    'member.add',
    'member.setRole',
    'member.remove',
  ],
};
