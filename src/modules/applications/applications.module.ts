/**
 * Zone applications: windows per zone and school year, applications co-drafted
 * by the applicant, the facilitation team's review and decisions (with the
 * zone memberships they create), board resolutions after selection, live events.
 */
import type { FeatureModule } from '../../graphql/feature-module';
import {
  ApplicationClarificationResolver,
  ApplicationEventResolver,
  ApplicationReviewNoteResolver,
  ApplicationReviewResolver,
  BoardResolutionResolver,
  ZoneMembershipBoardResolutionResolver,
} from './application-review.resolver';
import { ApplicationSectionResolver, ApplicationWindowResolver, ZoneApplicationResolver } from './application.resolver';
import { ApplicationSectionSyncMessageResolver, ApplicationSectionSyncResolver } from './application-sync.resolver';
import { applicationNodes } from './application.nodes';
import { applicationsEntities } from './applications.entities';

export const applicationsModule: FeatureModule = {
  name: 'applications',
  entities: applicationsEntities,
  resolvers: [
    ApplicationWindowResolver,
    ZoneApplicationResolver,
    ApplicationSectionResolver,
    ApplicationSectionSyncResolver,
    ApplicationSectionSyncMessageResolver,
    ApplicationReviewResolver,
    ApplicationEventResolver,
    ApplicationClarificationResolver,
    ApplicationReviewNoteResolver,
    BoardResolutionResolver,
    ZoneMembershipBoardResolutionResolver,
  ],
  nodeTypes: applicationNodes,
  policyRules: [
    'applicationWindow.manage',
    'facilitationTeam.manage',
    'facilitationTeam.read',
    'zoneApplication.start',
    'zoneApplication.read',
    'zoneApplication.draft',
    'zoneApplication.review',
  ],
};
