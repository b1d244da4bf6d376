/**
 * Builds the GraphQL schema from the feature resolvers: the only file that
 * knows every feature (resolvers, entities, node types).
 */
import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { useOnRootFields } from './graphql/middleware';
import { validateArguments } from './graphql/validation';
import { callFieldResolversDirectly, readPlainFieldsDirectly, resolveTypesDirectly } from './graphql/direct-resolution';
import { createNodeResolver } from './graphql/node.resolver';
import type { PubSub } from './realtime/pubsub';
import { NodeEntity } from './db/base.entity';
import { Membership } from './modules/organizations/membership.entity';
import { MembershipResolver } from './modules/organizations/membership.resolver';
import { Organization } from './modules/organizations/organization.entity';
import { organizationNodes } from './modules/organizations/organization.nodes';
import { OrganizationResolver } from './modules/organizations/organization.resolver';
import { ZoneMembership } from './modules/organizations/zone-membership.entity';
import { User } from './modules/users/user.entity';
import { UserResolver } from './modules/users/user.resolver';
import { AuditEvent } from './modules/audit/audit-event.entity';
import { auditMutations } from './modules/audit/audit.middleware';
import { AuditResolver } from './modules/audit/audit.resolver';
import { LearningModule } from './modules/learning/learning-module.entity';
import { LearningModuleVersion } from './modules/learning/learning-module-version.entity';
import { LearningModulePrerequisite } from './modules/learning/learning-prerequisite.entity';
import { LearningPlan, LearningPlanItem } from './modules/learning/learning-plan.entity';
import { learningNodes } from './modules/learning/learning.nodes';
import { LearningModuleResolver, LearningModuleVersionResolver } from './modules/learning/learning-module.resolver';
import { LearningOrganizationResolver } from './modules/learning/learning-organization.resolver';
import { LearningPlanItemResolver, LearningPlanResolver } from './modules/learning/learning-plan.resolver';
import { DistrictSkillInterests } from './modules/partnerships/district-interests.entity';
import { Opportunity } from './modules/partnerships/opportunity.entity';
import { OpportunityResolver } from './modules/partnerships/opportunity.resolver';
import { OrganizationPartnershipFieldsResolver } from './modules/partnerships/organization-fields.resolver';
import { Partnership } from './modules/partnerships/partnership.entity';
import { PartnershipEventResolver, PartnershipResolver, PartnershipTransitionResolver } from './modules/partnerships/partnership.resolver';
import { PartnershipTransition } from './modules/partnerships/partnership-transition.entity';
import { partnershipNodes } from './modules/partnerships/partnerships.nodes';
import { WaiverRequest } from './modules/waivers/waiver.entity';
import { WaiverCollaborator, WaiverDistrict } from './modules/waivers/waiver-party.entity';
import { WaiverRevision, WaiverSection } from './modules/waivers/waiver-section.entity';
import { WaiverComment, WaiverPresence } from './modules/waivers/waiver-comment.entity';
import { waiverNodes } from './modules/waivers/waiver.nodes';
import {
  OrganizationWaiverResolver, WaiverCollaboratorResolver, WaiverDistrictResolver, WaiverRequestResolver,
} from './modules/waivers/waiver.resolver';
import { WaiverRevisionResolver, WaiverSectionResolver } from './modules/waivers/waiver-section.resolver';
import { WaiverCommentResolver } from './modules/waivers/waiver-comment.resolver';
import { WaiverEventsResolver } from './modules/waivers/waiver-events.resolver';
import { Document, DocumentContent, documentNodes } from './modules/documents';
import { DocumentResolver } from './modules/documents/document.resolver';
import { applicationEntities, applicationNodes, applicationResolvers } from './modules/applications';

/** Every persisted entity, for the ORM. */
export const entities = [NodeEntity, User, Organization, Membership, ZoneMembership, AuditEvent, LearningModule, LearningModuleVersion, LearningModulePrerequisite, LearningPlan, LearningPlanItem, Opportunity, Partnership, PartnershipTransition, DistrictSkillInterests,
  WaiverRequest, WaiverDistrict, WaiverCollaborator, WaiverSection, WaiverRevision, WaiverComment, WaiverPresence, Document, DocumentContent, ...applicationEntities];

const NodeResolver = createNodeResolver({ ...organizationNodes, ...learningNodes, ...partnershipNodes, ...waiverNodes, ...documentNodes, ...applicationNodes });

const resolvers = [NodeResolver, UserResolver, OrganizationResolver, MembershipResolver, AuditResolver,
  LearningModuleResolver, LearningModuleVersionResolver, LearningOrganizationResolver, LearningPlanResolver, LearningPlanItemResolver,
  OpportunityResolver, PartnershipResolver, PartnershipTransitionResolver, PartnershipEventResolver, OrganizationPartnershipFieldsResolver,
  WaiverRequestResolver, OrganizationWaiverResolver, WaiverDistrictResolver, WaiverCollaboratorResolver, WaiverSectionResolver, WaiverRevisionResolver,
  WaiverCommentResolver, WaiverEventsResolver, DocumentResolver, ...applicationResolvers,
] as const;

export async function createSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    pubSub,
    validateFn: validateArguments,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
  const sorted = lexicographicSortSchema(schema);
  readPlainFieldsDirectly(sorted);
  resolveTypesDirectly(sorted);
  callFieldResolversDirectly(sorted, validateArguments);
  // The audit trail wraps mutations only: as a global middleware it would wrap every field read.
  return useOnRootFields(sorted, 'Mutation', auditMutations);
}
