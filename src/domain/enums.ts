/**
 * The network's vocabulary (see DOMAIN.md), shared by the policy module and
 * the features, registered once as GraphQL enums.
 */
import { registerEnumType } from 'type-graphql';

export enum OrganizationKind {
  HIGHER_ED = 'HIGHER_ED',
  REGIONAL = 'REGIONAL',
  BUSINESS = 'BUSINESS',
  DISTRICT = 'DISTRICT',
  SCHOOL = 'SCHOOL',
  STATE_AGENCY = 'STATE_AGENCY',
}

export enum Zone {
  SYSTEM_DESIGN = 'SYSTEM_DESIGN',
  INNOVATIVE_LEARNING_DESIGN = 'INNOVATIVE_LEARNING_DESIGN',
  COLLABORATIVE_NETWORK = 'COLLABORATIVE_NETWORK',
}

export enum MemberRole {
  OWNER = 'OWNER',
  EDITOR = 'EDITOR',
  VIEWER = 'VIEWER',
}

/** Higher ranks may do everything lower ones may. */
export const ROLE_RANK: Record<MemberRole, number> = { OWNER: 3, EDITOR: 2, VIEWER: 1 };

registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: 'What an organization is in the network',
  valuesConfig: {
    HIGHER_ED: { description: 'A college or university' },
    REGIONAL: { description: 'A regional education organization, such as a professional development center' },
    BUSINESS: { description: 'A business offering real-world (B2E) learning' },
    DISTRICT: { description: 'A public school district (K-12, K-8 or charter)' },
    SCHOOL: { description: 'A school within a district' },
    STATE_AGENCY: { description: 'The state education agency (DESE)' },
  },
});
registerEnumType(Zone, {
  name: 'Zone',
  description: "SRSN's Innovation Zones",
  valuesConfig: {
    SYSTEM_DESIGN: { description: 'System Design Zone (SDZ): leading CBL districts; co-design waiver requests' },
    INNOVATIVE_LEARNING_DESIGN: { description: 'Innovative Learning Design Zone (ILDZ): emerging CBL districts, schools or teachers' },
    COLLABORATIVE_NETWORK: { description: 'Collaborative Network Zone (CNZ): state and regional organizations, higher education, business' },
  },
});
registerEnumType(MemberRole, { name: 'MemberRole', description: "A person's role in an organization" });
