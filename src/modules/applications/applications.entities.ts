/** The zone applications feature's tables, for the ORM (`src/entities.ts`) and `applications.module.ts`. */
import {
  ApplicationClarification,
  ApplicationReviewNote,
  ApplicationSection,
  ApplicationSectionRevision,
  ApplicationWindow,
  BoardResolutionRequirement,
  FacilitationTeamMember,
  TeacherZoneMembership,
  ZoneApplication,
} from './application.entity';

export const applicationsEntities = [
  ApplicationWindow,
  ZoneApplication,
  ApplicationSection,
  ApplicationSectionRevision,
  ApplicationClarification,
  ApplicationReviewNote,
  FacilitationTeamMember,
  BoardResolutionRequirement,
  TeacherZoneMembership,
];
