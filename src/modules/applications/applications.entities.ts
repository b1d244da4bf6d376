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
import { ApplicationSectionDoc, ApplicationSectionUpdate } from './application-section-doc.entity';

export const applicationsEntities = [
  ApplicationWindow,
  ZoneApplication,
  ApplicationSection,
  ApplicationSectionRevision,
  ApplicationSectionDoc,
  ApplicationSectionUpdate,
  ApplicationClarification,
  ApplicationReviewNote,
  FacilitationTeamMember,
  BoardResolutionRequirement,
  TeacherZoneMembership,
];
