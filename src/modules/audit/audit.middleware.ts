/**
 * Records every mutation attempt in the audit trail: a middleware on the
 * Mutation fields, so no mutation can skip it. An accepted mutation's row is
 * written by its write transaction (`writeTransaction`), in the same
 * transaction as the change: a committed change always has its row, a
 * rolled-back one never has an ACCEPTED row. A refused attempt is recorded
 * here, after the fact, with its error code.
 */
import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import type { MutationAudit } from '../../graphql/write-transaction';
import { writeBound, type Write } from '../../db/select';
import { parseGlobalId, toGlobalId } from '../../domain/global-id';

/** Relations through which an object names its owning organization, in order. */
const OWNER_PROPERTIES = ['organization', 'publisher', 'business', 'leadDistrict', 'district', 'applicant'];

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

function firstEntityIn(value: unknown): Entityish | undefined {
  return typeof value === 'object' && value !== null ? (Object.values(value).find(isEntity) as Entityish | undefined) : undefined;
}

/** The changed object: the result itself, or the first entity in a payload object (or in a payload within it). */
function targetOfResult(result: unknown): Target | null {
  const payloads = typeof result === 'object' && result !== null ? Object.values(result).filter((value) => !isEntity(value)) : [];
  const entity = isEntity(result) ? result : (firstEntityIn(result) ?? payloads.map(firstEntityIn).find(Boolean));
  return entity ? { type: entity.constructor.name, id: entity.id as string, organizationId: ownerOf(entity) } : null;
}

/** The first global ids in the arguments (input fields first), for refused attempts. */
function targetOfArgs(args: Record<string, unknown>): Target {
  const values = [...Object.values((args.input as Record<string, unknown>) ?? {}), ...Object.values(args)];
  const ids = values
    .filter((value): value is string => typeof value === 'string')
    .map(parseGlobalId)
    .filter((id) => id !== null);
  const first = ids[0];
  const organization = ids.find((id) => id!.type === 'Organization');
  return { type: first?.type ?? null, id: first?.id ?? null, organizationId: organization?.id ?? null };
}

const INSERT_INTO = 'insert into audit_events (id, actor_id, actor_email, operation, target_type, target_id, organization_id, outcome, request_id, created_at)';
const ROW = '(gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp())';
const INSERT = `${INSERT_INTO} values ${ROW}`;

/** One mutation attempt, as its write transaction and this middleware see it. */
class MutationAttempt implements MutationAudit {
  /** Whether a transaction carrying this attempt's ACCEPTED row committed. */
  recorded = false;

  constructor(
    private readonly operation: string,
    private readonly args: Record<string, unknown>,
    private readonly context: HubContext,
  ) {}

  async recordAccepted(em: EntityManager, viewer: Viewer, result: unknown): Promise<void> {
    if (this.recorded) return;
    await writeBound(em, INSERT, this.acceptedValues(viewer, result));
  }

  acceptedTogether(accepted: ReadonlyArray<{ audit: MutationAudit; viewer: Viewer; result: unknown }>): Write {
    const rows = accepted.map(({ audit, viewer, result }) => audit.acceptedValues(viewer, result));
    return { sql: `${INSERT_INTO} values ${rows.map(() => ROW).join(', ')}`, params: rows.flat() };
  }

  acceptedValues(viewer: Viewer, result: unknown): unknown[] {
    return this.values(viewer, 'ACCEPTED', this.acceptedTarget(result));
  }

  committed(): void {
    this.recorded = true;
  }

  /** Outside any transaction: a refused attempt, or (logged as a fault) a mutation that wrote without `writeTransaction`. */
  async recordAfter(outcome: string, result?: unknown): Promise<void> {
    const target = outcome === 'ACCEPTED' ? this.acceptedTarget(result) : targetOfArgs(this.args);
    await this.context.em
      .getConnection()
      .execute(INSERT, this.values(this.context.viewer, outcome, target))
      .catch((error: unknown) => this.context.logger.error({ err: error, operation: this.operation }, 'audit record failed'));
  }

  private acceptedTarget(result: unknown): Target {
    const fromArgs = targetOfArgs(this.args);
    const fromResult = targetOfResult(result);
    return { ...fromArgs, ...fromResult, organizationId: fromResult?.organizationId ?? fromArgs.organizationId };
  }

  private values(viewer: Viewer, outcome: string, target: Target): unknown[] {
    return [viewer.userId ?? null, viewer.user?.email ?? null, this.operation, target.type, target.id, target.organizationId, outcome, this.context.requestId];
  }
}

export const auditMutations: MiddlewareFn<HubContext> = async ({ info, args, context }, next) => {
  if (info.parentType.name !== 'Mutation' || info.path.prev !== undefined) return next();
  // Root mutation fields run one after another, so one attempt at a time per scope.
  const attempt = new MutationAttempt(info.fieldName, args, context);
  context.mutation = attempt;
  try {
    const result = await next();
    if (!attempt.recorded) {
      context.logger.error({ operation: info.fieldName }, 'mutation ran without writeTransaction: its audit row is written after the fact');
      await attempt.recordAfter('ACCEPTED', result);
    }
    return result;
  } catch (error) {
    // A failure after the change committed (its row says ACCEPTED) is not a refusal.
    if (!attempt.recorded) {
      const code = error instanceof GraphQLError && typeof error.extensions.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
      await attempt.recordAfter(code);
    }
    throw error;
  } finally {
    context.mutation = undefined;
  }
};

/** The global id of an audit event's target, for display. */
export function auditTargetId(type: string | null, id: string | null): string | null {
  return type && id ? toGlobalId(type, id) : null;
}
