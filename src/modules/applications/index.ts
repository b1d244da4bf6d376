/** The zone applications feature, for schema.ts: its entities, resolvers and node fetchers. */
import {
  ApplicationClarification, ApplicationReviewNote, ApplicationSection, ApplicationSectionRevision, ApplicationWindow, BoardResolutionRequirement,
  FacilitationTeamMember, TeacherZoneMembership, ZoneApplication,
} from './application.entity';
import {
  ApplicationClarificationResolver, ApplicationEventResolver, ApplicationReviewNoteResolver, ApplicationReviewResolver, BoardResolutionResolver,
  ZoneMembershipBoardResolutionResolver,
} from './application-review.resolver';
import { ApplicationSectionResolver, ApplicationWindowResolver, ZoneApplicationResolver } from './application.resolver';

export { applicationNodes } from './application.nodes';

export const applicationEntities = [
  ApplicationWindow, ZoneApplication, ApplicationSection, ApplicationSectionRevision, ApplicationClarification, ApplicationReviewNote,
  FacilitationTeamMember, BoardResolutionRequirement, TeacherZoneMembership,
];

export const applicationResolvers = [
  ApplicationWindowResolver, ZoneApplicationResolver, ApplicationSectionResolver, ApplicationReviewResolver, ApplicationEventResolver,
  ApplicationClarificationResolver, ApplicationReviewNoteResolver, BoardResolutionResolver, ZoneMembershipBoardResolutionResolver,
] as const;
