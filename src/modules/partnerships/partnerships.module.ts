/** Business-to-education partnerships: opportunities, partnership requests and their workflow, districts' skill interests. */
import type { FeatureModule } from '../../graphql/feature-module';
import { OpportunityResolver } from './opportunity.resolver';
import { OrganizationPartnershipFieldsResolver } from './organization-fields.resolver';
import { PartnershipEventResolver, PartnershipResolver, PartnershipTransitionResolver } from './partnership.resolver';
import { partnershipNodes } from './partnerships.nodes';
import { partnershipsEntities } from './partnerships.entities';

export const partnershipsModule: FeatureModule = {
  name: 'partnerships',
  entities: partnershipsEntities,
  resolvers: [OpportunityResolver, PartnershipResolver, PartnershipTransitionResolver, PartnershipEventResolver, OrganizationPartnershipFieldsResolver],
  nodeTypes: partnershipNodes,
  policyRules: [
    'opportunity.manage',
    'opportunity.readDraft',
    'partnership.request',
    'partnership.read',
    'partnership.respond',
    'partnership.run',
    'partnership.subscribe',
    'district.setSkillInterests',
  ],
};
