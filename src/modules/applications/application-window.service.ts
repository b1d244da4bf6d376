/**
 * Application windows: state-agency staff open one per zone and school year
 * and may extend its deadline. Applications start and submit only while a
 * window is open, judged by the hub's clock (`ctx.clock`).
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { authorize, requireUserId } from '../../auth/policy';
import type { Zone } from '../../domain/enums';
import { expectGlobalId } from '../../domain/global-id';
import { BadUserInputError, ConflictError, HubError, NotFoundError } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { User } from '../users/user.entity';
import { zoneName } from './application.content';
import { ApplicationWindow } from './application.entity';
import type { ApplicationWindowsArgs, ExtendApplicationWindowInput, OpenApplicationWindowInput } from './application.inputs';

/** A start or submit outside the window: INVALID_TRANSITION naming the window's dates. */
export class WindowClosedError extends HubError {
  constructor(message: string, window: ApplicationWindow) {
    super(message, 'INVALID_TRANSITION', { opensAt: window.opensAt.toISOString(), deadline: window.deadline.toISOString() });
  }
}

/** Whether the window takes applications at `now`. */
export function isOpen(window: ApplicationWindow, now: Date): boolean {
  return window.opensAt <= now && now <= window.deadline;
}

/** Throws unless the window is open at `now`; `doing` names what was refused ("submit"). */
export function assertOpen(window: ApplicationWindow, now: Date, doing: string): void {
  if (now < window.opensAt) {
    throw new WindowClosedError(
      `Applications for the ${zoneName(window.zone)} ${window.schoolYear} open at ${window.opensAt.toISOString()}: too early to ${doing}`,
      window,
    );
  }
  if (now > window.deadline) {
    const extended = window.extendedTo ? ' (extended)' : '';
    throw new WindowClosedError(
      `The deadline${extended} for ${zoneName(window.zone)} ${window.schoolYear} applications was ${window.deadline.toISOString()}: too late to ${doing}`,
      window,
    );
  }
}

/** The window of a zone and school year, locked FOR SHARE (an extension waits for starts and submits in flight), or NOT_FOUND. */
export async function windowFor(em: EntityManager, zone: Zone, schoolYear: string): Promise<ApplicationWindow> {
  const window = await em.findOne(ApplicationWindow, { zone, schoolYear }, { lockMode: LockMode.PESSIMISTIC_READ, refresh: true });
  if (!window) throw new NotFoundError(`An application window for the ${zoneName(zone)} ${schoolYear}`);
  return window;
}

export async function openApplicationWindow(ctx: HubContext, input: OpenApplicationWindowInput): Promise<ApplicationWindow> {
  if (input.closesAt <= input.opensAt) throw BadUserInputError.field('input.closesAt', 'must be after opensAt');
  return writeTransaction(ctx, async (em, viewer) => {
    authorize(viewer, 'applicationWindow.manage', undefined);
    const openedBy = em.getReference(User, requireUserId(viewer));
    const inserted = await em
      .createQueryBuilder(ApplicationWindow)
      .insert({
        id: crypto.randomUUID(),
        zone: input.zone,
        schoolYear: input.schoolYear,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        openedBy: openedBy.id,
      })
      .onConflict(['zone', 'school_year'])
      .ignore()
      .execute('run');
    if (inserted.affectedRows !== 1) {
      throw new ConflictError(`The ${zoneName(input.zone)} already has an application window for ${input.schoolYear}: extend it instead`, {
        fields: [{ path: 'input.schoolYear', message: 'has a window for this zone' }],
      });
    }
    return em.findOneOrFail(ApplicationWindow, { zone: input.zone, schoolYear: input.schoolYear });
  });
}

export async function extendApplicationWindow(ctx: HubContext, input: ExtendApplicationWindowInput): Promise<ApplicationWindow> {
  const id = expectGlobalId(input.windowId, 'ApplicationWindow', 'input.windowId');
  return writeTransaction(ctx, async (em, viewer) => {
    authorize(viewer, 'applicationWindow.manage', undefined);
    const window = await em.findOne(ApplicationWindow, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!window) throw new NotFoundError('Application window');
    if (input.extendedTo <= window.deadline)
      throw BadUserInputError.field('input.extendedTo', `must be after the deadline in force, ${window.deadline.toISOString()}`);
    window.extendedTo = input.extendedTo;
    return window;
  });
}

/** Every window (public), by school year then zone. */
export function listApplicationWindows(ctx: HubContext, args: ApplicationWindowsArgs): Promise<ApplicationWindow[]> {
  const where: FilterQuery<ApplicationWindow> = {};
  if (args.zone) where.zone = args.zone;
  if (args.schoolYear) where.schoolYear = args.schoolYear;
  return ctx.em.find(ApplicationWindow, where, { orderBy: { schoolYear: 'desc', zone: 'asc' }, limit: 100 });
}
