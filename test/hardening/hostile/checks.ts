/**
 * What every answer to a hostile request must look like: JSON, no 5xx, every
 * error with a contract code, no internals (stack frames, file paths, SQL,
 * library names) in any message. Problems are collected, not thrown, so one
 * run reports them all.
 */
import { ERROR_CODES } from '../../../src/errors';

/** Text that must never reach a client. */
export const LEAKS: RegExp[] = [
  /\bat [\w$.<>]+ \(/, // stack frame
  /:\d+:\d+\)?$/m,
  /node_modules|\/work\/|\/src\/|\/dist\/|\.tsx?\b|\bnode:internal/,
  /\bselect\b[^"]{0,200}\bfrom\b|\binsert into\b|\bupdate "|\bdelete from\b|\breturning\b/i,
  /relation "|violates|duplicate key|syntax error at or near|invalid input syntax|SQLSTATE|invalid byte sequence/i,
  /mikro-?orm|knex|\bpg\b|postgres|redis|type-graphql|class-validator|apollo|graphql-ws|express|undici|dataloader/i,
  /\b(TypeError|ReferenceError|RangeError|SyntaxError|EvalError)\b/,
  /Cannot read propert|is not a function|is not iterable|undefined is not|Maximum call stack/i,
  /ECONNREFUSED|ETIMEDOUT|EPIPE/,
];

const CODES = new Set<string>(ERROR_CODES);

export interface Tally {
  responses: number;
  codes: Record<string, number>;
  statuses: Record<string, number>;
  problems: string[];
}

export const newTally = (): Tally => ({ responses: 0, codes: {}, statuses: {}, problems: [] });

function short(text: string, max = 300): string {
  // A copy, not a slice, so a problem does not keep a whole response alive.
  return Buffer.from(text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text).toString();
}

/** Every error object in a GraphQL response body (or WebSocket error payload). */
export function checkErrors(label: string, errors: unknown, tally: Tally): void {
  if (errors === undefined) return;
  if (!Array.isArray(errors) || !errors.length) {
    tally.problems.push(`${label}: errors is not a non-empty list: ${short(JSON.stringify(errors))}`);
    return;
  }
  for (const error of errors as Array<{ message?: unknown; extensions?: Record<string, unknown> }>) {
    const code = error?.extensions?.code;
    tally.codes[String(code)] = (tally.codes[String(code)] ?? 0) + 1;
    if (typeof code !== 'string' || !CODES.has(code))
      tally.problems.push(`${label}: code ${String(code)} is not in the contract: ${short(JSON.stringify(error))}`);
    // Anything a client sends is the client's mistake: an INTERNAL_SERVER_ERROR means the hub tripped.
    if (code === 'INTERNAL_SERVER_ERROR') tally.problems.push(`${label}: INTERNAL_SERVER_ERROR for client input: ${short(JSON.stringify(error))}`);
    if (error?.extensions && ('stacktrace' in error.extensions || 'exception' in error.extensions)) tally.problems.push(`${label}: stack trace in extensions`);
    // The CSRF refusal names the headers a client may send to pass it: part of the interface, not an internal.
    const text = `${String(error?.message)} ${JSON.stringify(error?.extensions ?? {})}`.replace(/x-apollo-operation-name|apollo-require-preflight/gi, '');
    const leak = LEAKS.find((pattern) => pattern.test(text));
    if (leak) tally.problems.push(`${label}: leaks ${leak}: ${short(text)}`);
  }
}

/** One HTTP answer. */
export function checkHttp(label: string, status: number, contentType: string | null, text: string, tally: Tally): void {
  tally.responses++;
  tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
  if (status >= 500) tally.problems.push(`${label}: status ${status}: ${short(text)}`);
  let body: { data?: unknown; errors?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    tally.problems.push(`${label}: status ${status} ${contentType ?? ''} is not JSON: ${short(text)}`);
    return;
  }
  if (status !== 200 && body.errors === undefined) tally.problems.push(`${label}: status ${status} without errors: ${short(text)}`);
  if (body.errors === undefined && body.data === undefined) tally.problems.push(`${label}: neither data nor errors: ${short(text)}`);
  checkErrors(label, body.errors, tally);
}
