/** The connection types of this feature, shared by its resolvers. */
import { Connection } from '../../graphql/connection';
import { Opportunity } from './opportunity.entity';
import { Partnership } from './partnership.entity';

export const OpportunityConnection = Connection(Opportunity, 'Opportunity');
export const PartnershipConnection = Connection(Partnership, 'Partnership');
