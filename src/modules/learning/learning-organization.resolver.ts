/** `Organization.modules`: a publisher's catalogue (drafts for its members only). */
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
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

type Filter = { sql: string; params: unknown[] };

// One object per condition: a filter's object is its loaders' key (connection.ts digests it once per object).
const NONE: Filter = { sql: 'false', params: [] };
const EVERY: Filter = { sql: 'true', params: [] };
const PUBLISHED: Filter = { sql: `t.status = 'PUBLISHED'`, params: [] };
const BY_STATUS = new Map<ModuleStatus, Filter>(Object.values(ModuleStatus).map((status) => [status, { sql: 't.status::text = ?', params: [status] }]));

/** Which of a publisher's modules the viewer may list: members see every state, others published ones (archived on request). */
function statusFilter(mayReadDrafts: boolean, status: ModuleStatus | null | undefined): Filter {
  if (status === ModuleStatus.DRAFT && !mayReadDrafts) return NONE;
  if (status) return BY_STATUS.get(status)!;
  return mayReadDrafts ? EVERY : PUBLISHED;
}

@Resolver(() => Organization)
export class LearningOrganizationResolver {
  @FieldResolver(() => LearningModuleConnection, { description: "This organization's learning modules, newest first" })
  modules(
    @Root() organization: Organization,
    @Args() args: OrganizationModulesArgs,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionResult<LearningModule>> {
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
      info,
    );
  }
}
