/** The waiver feature's tables, for the ORM (`src/entities.ts`) and `waivers.module.ts`. */
import { WaiverComment, WaiverPresence } from './waiver-comment.entity';
import { WaiverCollaborator, WaiverDistrict } from './waiver-party.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { WaiverSectionBurst, WaiverSectionDoc, WaiverSectionUpdate } from './waiver-section-doc.entity';
import { WaiverRequest } from './waiver.entity';
import { WaiverCommentMention } from './waiver-mention.entity';
import { WaiverSuggestion } from './waiver-suggestion.entity';

export const waiversEntities = [
  WaiverRequest,
  WaiverDistrict,
  WaiverCollaborator,
  WaiverSection,
  WaiverRevision,
  WaiverSectionDoc,
  WaiverSectionUpdate,
  WaiverSectionBurst,
  WaiverComment,
  WaiverPresence,
  WaiverCommentMention,
  WaiverSuggestion,
];
