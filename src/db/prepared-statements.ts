/**
 * Named prepared statements for the hub's own SQL (select.ts), as
 * PostGraphile does (graphile-build-pg's `pgPrepareAndRun`): PostgreSQL
 * parses and plans a statement's text once per connection and keeps it,
 * instead of on every run, which is most of what a short read costs the
 * server.
 *
 * Each connection keeps the last `size` texts it ran prepared
 * (`DATABASE_PREPARED_STATEMENTS`; 0: every statement unnamed, e.g. behind a
 * pooler in transaction mode that cannot keep them). When another comes, the
 * one used least recently is deallocated, one round trip more, and only
 * outside a transaction: a failed DEALLOCATE inside one would abort it, so
 * there the list may grow past `size` until the connection's next statement
 * outside one. A text is named from its second run on (a text run once is not
 * worth a prepared statement and its DEALLOCATE); one whose length depends on
 * its input (a JS array expanded to `?, ?, …`) never is.
 */
import { createHash } from 'node:crypto';

/** How many statements a connection keeps prepared unless told otherwise. */
export const DEFAULT_PREPARED_STATEMENTS = 100;

/** The parts of a `pg` client this module uses. */
export interface PreparingClient {
  /** `pg`'s record of the statements parsed on this connection, by name. */
  connection?: { parsedStatements?: Record<string, string> };
  query(text: string): Promise<unknown>;
}

/**
 * Names by text, for texts seen lately: null for a text seen once. A name is the text's digest, the same on every
 * connection and after a clear.
 */
const names = new Map<string, string | null>();
const REMEMBERED_TEXTS = 4096;

/** The statement name of a text seen before (`cnz_` and 27 characters of its SHA-1, within PostgreSQL's 63), else undefined. */
export function statementName(text: string): string | undefined {
  const name = names.get(text);
  if (name) return name;
  if (name === undefined) {
    if (names.size >= REMEMBERED_TEXTS) names.clear();
    names.set(text, null);
    return undefined;
  }
  const named = `cnz_${createHash('sha1').update(text).digest('base64url').slice(0, 27)}`;
  names.set(text, named);
  return named;
}

/** Per connection, the names it ran, least recently used first. */
const usedOn = new WeakMap<PreparingClient, Map<string, true>>();

/**
 * The name to run `text` under on `client`, keeping at most `size` statements
 * prepared on it (see the module comment); undefined to run it unnamed. When
 * it evicts statements it answers a promise, settled once they are
 * deallocated (the caller holds the connection: `pg` must not be handed a
 * second query while one runs); otherwise the name itself, with no wait.
 */
export function preparedName(client: PreparingClient, text: string, size: number, inTransaction: boolean): string | undefined | Promise<string> {
  const parsed = client.connection?.parsedStatements;
  if (size < 1 || !parsed) return undefined;
  const name = statementName(text);
  if (!name) return undefined;
  let used = usedOn.get(client);
  if (!used) usedOn.set(client, (used = new Map()));
  used.delete(name);
  used.set(name, true);
  if (inTransaction || used.size <= size) return name;
  return evict(client, parsed, used, size).then(() => name);
}

/** Deallocates the least recently used statements past `size`, one after another. */
async function evict(client: PreparingClient, parsed: Record<string, string>, used: Map<string, true>, size: number): Promise<void> {
  for (const oldest of [...used.keys()].slice(0, used.size - size)) {
    used.delete(oldest);
    if (!parsed[oldest]) continue;
    // Should it fail, the statement stays prepared and `pg` still knows it: a later run by its name needs no new parse.
    await client.query(`deallocate "${oldest}"`).then(
      () => delete parsed[oldest],
      () => undefined,
    );
  }
}
