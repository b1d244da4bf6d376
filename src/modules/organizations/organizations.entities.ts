/** The organizations feature's tables, for the ORM (`src/entities.ts`) and `organizations.module.ts`. */
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';
import { ZoneMembership } from './zone-membership.entity';

export const organizationsEntities = [Organization, Membership, ZoneMembership];
