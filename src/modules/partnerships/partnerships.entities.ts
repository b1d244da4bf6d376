/** The partnerships feature's tables, for the ORM (`src/entities.ts`) and `partnerships.module.ts`. */
import { DistrictSkillInterests } from './district-interests.entity';
import { Opportunity } from './opportunity.entity';
import { Partnership } from './partnership.entity';
import { PartnershipTransition } from './partnership-transition.entity';

export const partnershipsEntities = [Opportunity, Partnership, PartnershipTransition, DistrictSkillInterests];
