/** `Organization.modules`: a publisher's catalogue (drafts for its members only). */
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { can } from '../../auth/policy';
import { nestedPage, type ConnectionResult, type SortKey } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import { Organization } from '../organizations/organization.entity';
import { LearningModule } from './learning-module.entity';
import { LearningModuleConnection } from './learning-module.resolver';
import { ModuleStatus } from './learning.enums';
import { OrganizationModulesArgs } from './learning.inputs';

const NEWEST: SortKey[] = [
  { field: 'createdAt', column: 'created_at', direction: 'desc', type: 'timestamp' },
  { field: 'id', column: 'id', direction: 'desc', type: 'uuid' },
];

/** Which of a publisher's modules the viewer may list: members see every state, others published ones (archived on request). */
function statusFilter(mayReadDrafts: boolean, status: ModuleStatus | null | undefined): { sql: string; params: unknown[] } {
  if (status === ModuleStatus.DRAFT && !mayReadDrafts) return { sql: 'false', params: [] };
  if (status) return { sql: 't.status::text = ?', params: [status] };
  return mayReadDrafts ? { sql: 'true', params: [] } : { sql: `t.status = 'PUBLISHED'`, params: [] };
}

@Resolver(() => Organization)
export class LearningOrganizationResolver {
  @FieldResolver(() => LearningModuleConnection, { description: "This organization's learning modules, newest first" })
  modules(@Root() organization: Organization, @Args() args: OrganizationModulesArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<LearningModule>> {
    const mayReadDrafts = can(ctx.viewer, 'learningModule.readDraft', { organizationId: organization.id });
    return nestedPage(
      ctx,
      {
        name: 'organizationModules',
        entity: LearningModule,
        table: 'learning_modules',
        parentColumn: 'publisher_id',
        order: NEWEST,
        filter: statusFilter(mayReadDrafts, args.status),
      },
      organization.id,
      args,
    );
  }
}
