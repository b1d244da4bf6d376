/**
 * The hub's error classes: each carries one `extensions.code` from the
 * public contract. Domain code throws these; anything else is masked as
 * INTERNAL_SERVER_ERROR by `formatError`.
 */
import { DeadlockException, LockWaitTimeoutException, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'INVALID_TRANSITION',
  'CAPACITY_EXCEEDED',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isContractCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/** One input path at fault and why, as in `extensions.fields`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Base of every error the hub throws on purpose. */
export abstract class HubError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export class UnauthenticatedError extends HubError {
  constructor(message = 'Sign in to do this') {
    super(message, 'UNAUTHENTICATED');
  }
}

export class ForbiddenError extends HubError {
  constructor(message = 'You are not allowed to do this') {
    super(message, 'FORBIDDEN');
  }
}

export class NotFoundError extends HubError {
  constructor(what: string) {
    super(`${what} was not found`, 'NOT_FOUND');
  }
}

export class BadUserInputError extends HubError {
  constructor(message: string, fields: FieldProblem[]) {
    super(message, 'BAD_USER_INPUT', { fields });
  }

  /** The common case: one field at fault. */
  static field(path: string, message: string): BadUserInputError {
    return new BadUserInputError(`${path}: ${message}`, [{ path, message }]);
  }
}

export class ConflictError extends HubError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, 'CONFLICT', extra);
  }
}

export class InvalidTransitionError extends HubError {
  constructor(what: string, from: string, to: string) {
    super(`${what} cannot move from ${from} to ${to}`, 'INVALID_TRANSITION', { from, to });
  }
}

export class CapacityExceededError extends HubError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, 'CAPACITY_EXCEEDED', extra);
  }
}

export class QueryTooComplexError extends HubError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, 'QUERY_TOO_COMPLEX', extra);
  }
}

export class RateLimitedError extends HubError {
  constructor(retryAfterSeconds: number) {
    super(`Too many requests: try again in ${retryAfterSeconds}s`, 'RATE_LIMITED', { retryAfterSeconds });
  }
}

/** A limit on what one connection holds at once (e.g. subscriptions on a socket): RATE_LIMITED, freed when the client lets something go rather than after a time. */
export class TooManyAtOnceError extends HubError {
  constructor(message: string, limit: number) {
    super(message, 'RATE_LIMITED', { limit });
  }
}

/**
 * The CONFLICT a database race answers (a deadlock, a lock timeout, a unique
 * violation, an optimistic lock), with the database's error as its `cause`
 * for the operator's log; undefined for any other error. Recognized by the
 * library's classes, not by message text.
 */
export function conflictFromRace(error: unknown): ConflictError | undefined {
  const conflict =
    error instanceof DeadlockException || error instanceof LockWaitTimeoutException
      ? new ConflictError('Someone else changed this at the same moment: try again')
      : error instanceof UniqueConstraintViolationException
        ? new ConflictError('That already exists')
        : error instanceof OptimisticLockError
          ? new ConflictError('Someone else changed this first: reload and try again')
          : undefined;
  return conflict && Object.assign(conflict, { cause: error });
}

/** The database's race error behind a CONFLICT made by conflictFromRace. */
export function raceBehind(error: unknown): Error | undefined {
  const cause = error instanceof ConflictError ? (error as { cause?: unknown }).cause : undefined;
  return cause instanceof Error ? cause : undefined;
}
