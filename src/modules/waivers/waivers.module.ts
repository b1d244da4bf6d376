/** Waiver requests: co-writing the text, comments and presence, sign-offs and the state agency's decision, live events. */
import type { FeatureModule } from '../../graphql/feature-module';
import { WaiverCommentResolver } from './waiver-comment.resolver';
import { WaiverEventsResolver } from './waiver-events.resolver';
import { WaiverMentionResolver } from './waiver-mention.resolver';
import { WaiverRevisionResolver, WaiverSectionResolver } from './waiver-section.resolver';
import { WaiverSectionSyncMessageResolver, WaiverSectionSyncResolver } from './waiver-section-sync.resolver';
import { WaiverSectionSuggestionsResolver, WaiverSuggestionResolver } from './waiver-suggestion.resolver';
import { waiverNodes } from './waiver.nodes';
import { OrganizationWaiverResolver, WaiverCollaboratorResolver, WaiverDistrictResolver, WaiverRequestResolver } from './waiver.resolver';
import { waiversEntities } from './waivers.entities';

export const waiversModule: FeatureModule = {
  name: 'waivers',
  entities: waiversEntities,
  resolvers: [
    WaiverRequestResolver,
    OrganizationWaiverResolver,
    WaiverDistrictResolver,
    WaiverCollaboratorResolver,
    WaiverSectionResolver,
    WaiverRevisionResolver,
    WaiverCommentResolver,
    WaiverEventsResolver,
    WaiverMentionResolver,
    WaiverSectionSyncResolver,
    WaiverSectionSyncMessageResolver,
    WaiverSuggestionResolver,
    WaiverSectionSuggestionsResolver,
  ],
  nodeTypes: waiverNodes,
  policyRules: ['waiver.create', 'waiver.read', 'waiver.edit', 'waiver.suggest', 'waiver.comment', 'waiver.manage', 'waiver.signOff', 'waiver.decide'],
};
