/**
 * Records every mutation attempt in the audit trail: a type-graphql global
 * middleware on the Mutation type, so no mutation can skip it. Accepted ones
 * are recorded after their resolver returns (the change has committed);
 * refused ones with their error code.
 */
import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { parseGlobalId, toGlobalId } from '../../graphql/node';

/** Relations through which an object names its owning organization, in order. */
const OWNER_PROPERTIES = ['organization', 'publisher', 'business', 'leadDistrict', 'district'];

interface Target {
  type: string | null;
  id: string | null;
  organizationId: string | null;
}

type Entityish = { id?: unknown; constructor: { name: string } } & Record<string, unknown>;

function isEntity(value: unknown): value is Entityish {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' && (value as object).constructor !== Object;
}

function ownerOf(entity: Entityish): string | null {
  if (entity.constructor.name === 'Organization') return entity.id as string;
  for (const property of OWNER_PROPERTIES) {
    const owner = entity[property] as { id?: unknown } | undefined;
    if (owner && typeof owner.id === 'string') return owner.id;
  }
  return null;
}

/** The changed object: the result itself, or the first entity in a payload object. */
function targetOfResult(result: unknown): Target | null {
  const entity = isEntity(result)
    ? result
    : typeof result === 'object' && result !== null
      ? (Object.values(result).find(isEntity) as Entityish | undefined)
      : undefined;
  return entity ? { type: entity.constructor.name, id: entity.id as string, organizationId: ownerOf(entity) } : null;
}

/** The first global ids in the arguments (input fields first), for refused attempts. */
function targetOfArgs(args: Record<string, unknown>): Target {
  const values = [...Object.values((args.input as Record<string, unknown>) ?? {}), ...Object.values(args)];
  const ids = values.filter((value): value is string => typeof value === 'string').map(parseGlobalId).filter((id) => id !== null);
  const first = ids[0];
  const organization = ids.find((id) => id!.type === 'Organization');
  return { type: first?.type ?? null, id: first?.id ?? null, organizationId: organization?.id ?? null };
}

export const auditMutations: MiddlewareFn<HubContext> = async ({ info, args, context }, next) => {
  if (info.parentType.name !== 'Mutation' || info.path.prev !== undefined) return next();
  const record = (outcome: string, target: Target) =>
    context.em
      .getConnection()
      .execute(
        `insert into audit_events (id, actor_id, actor_email, operation, target_type, target_id, organization_id, outcome, request_id)
         values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?)`,
        [context.viewer.userId ?? null, context.viewer.user?.email ?? null, info.fieldName, target.type, target.id, target.organizationId, outcome, context.requestId],
      )
      .catch((error: unknown) => context.logger.error({ err: error, operation: info.fieldName }, 'audit record failed'));
  try {
    const result = await next();
    const fromArgs = targetOfArgs(args);
    const fromResult = targetOfResult(result);
    await record('ACCEPTED', { ...fromArgs, ...fromResult, organizationId: fromResult?.organizationId ?? fromArgs.organizationId });
    return result;
  } catch (error) {
    const code = error instanceof GraphQLError && typeof error.extensions.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
    await record(code, targetOfArgs(args));
    throw error;
  }
};

/** The global id of an audit event's target, for display. */
export function auditTargetId(type: string | null, id: string | null): string | null {
  return type && id ? toGlobalId(type, id) : null;
}
