/**
 * Per-request DataLoaders. Features ask for a loader by a key; the same key in
 * the same request returns the same loader, so rows are fetched once per
 * request and per level, never per parent.
 *
 * Loaders made through `batched` (byId, groupedBy, nested pages) dispatch in
 * waves: a batch waits until no other batch of the request is running, so
 * loads that become known as sibling batches complete (e.g. organizations
 * wanted by both a module's publisher and a partnership's district) join one
 * statement instead of one per sibling. Statements per request then follow
 * the query's shape only, not the order in which results happen to arrive.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName } from '@mikro-orm/core';
import type { GraphQLResolveInfo } from 'graphql';
import { propertiesRead, readByIds, rowReader } from '../db/read-rows';
import { arrayParam, selectRows } from '../db/select';
import { selectsOnlyPlainLeaves } from './direct-resolution';
import { objectReads, readsKey } from './selection-reads';

export class Loaders {
  private readonly byKey = new Map<string, DataLoader<unknown, unknown>>();
  private readonly memos = new Map<string, unknown>();
  /** `byId` loaders by entity class (looked up for every reference on a page: no key to build). */
  private readonly byEntity = new Map<object, DataLoader<string, unknown>>();
  /** Rows lists and `byId` batches have read in this request, by entity class and id. */
  private readonly known = new Map<object, Map<string, unknown>>();
  /** The promise of each reference asked for in this request, by entity class and id (see `referenced`). */
  private readonly references = new Map<object, Map<string, Promise<unknown>>>();

  /** Batches of `batched` loaders now running (their SQL in flight). */
  private running = 0;
  /** Batches waiting for the running ones to finish. */
  private queued: Array<() => void> = [];
  private flushing = false;
  private fallback: NodeJS.Timeout | undefined;

  constructor(private readonly em: EntityManager) {}

  /**
   * A DataLoader whose batches dispatch in the request's waves (see above).
   * `batch` must not wait on another loader's load (it would wait for itself).
   */
  batched<K, V>(batch: DataLoader.BatchLoadFn<K, V>, options: DataLoader.Options<K, V> = {}): DataLoader<K, V> {
    const tracked: DataLoader.BatchLoadFn<K, V> = async (keys) => {
      this.running += 1;
      try {
        return await batch(keys);
      } finally {
        this.running -= 1;
        if (this.running === 0) this.flushSoon();
      }
    };
    return new DataLoader(tracked, { ...options, batchScheduleFn: (dispatch) => this.enqueue(dispatch) });
  }

  private enqueue(dispatch: () => void): void {
    this.queued.push(dispatch);
    this.flushSoon();
    // A safety net for a batch function that waits on another batched load: never stall.
    this.fallback ??= setTimeout(() => {
      this.fallback = undefined;
      this.flush();
    }, 1000);
  }

  /** After the current callbacks and their continuations, when nothing runs: every queued batch at once. */
  private flushSoon(): void {
    if (this.flushing || this.running > 0 || this.queued.length === 0) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      if (this.running === 0) this.flush();
    });
  }

  private flush(): void {
    if (this.fallback) clearTimeout(this.fallback);
    this.fallback = undefined;
    const queued = this.queued;
    this.queued = [];
    for (const dispatch of queued) dispatch();
  }

  /** The request's loader under `key`, made by `create` on first use. */
  get<K, V>(key: string, create: (em: EntityManager) => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.byKey.get(key);
    if (!loader) {
      loader = create(this.em);
      this.byKey.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** A value made once per request under `key` (e.g. a filter every list of the request shares). */
  memo<T>(key: string, make: () => T): T {
    let value = this.memos.get(key) as T | undefined;
    if (value === undefined) {
      value = make();
      this.memos.set(key, value);
    }
    return value;
  }

  /** Entities by primary key, batched: `null` for ids that are gone. */
  byId<T extends { id: string }>(entity: EntityName<T> & { name: string }): DataLoader<string, T | null> {
    let loader = this.byEntity.get(entity);
    if (!loader) {
      loader = this.batched<string, T | null>(async (ids) => {
        // Rows a list read after these loads were asked for, but before this batch went out
        // (whole rows only: a list that read some columns answers only selections of those, in `reference`).
        const known = this.knownOf(entity) as Map<string, T>;
        const whole = (id: string) => {
          const row = known.get(id);
          return row !== undefined && propertiesRead(row) === undefined ? row : undefined;
        };
        const missing = ids.filter((id) => whole(id) === undefined);
        const rows = missing.length > 0 ? await readByIds(this.em, entity, missing) : [];
        for (const row of rows) known.set(row.id, row);
        return ids.map((id) => whole(id) ?? null);
      });
      this.byEntity.set(entity, loader);
    }
    return loader as DataLoader<string, T | null>;
  }

  private knownOf(entity: object): Map<string, unknown> {
    let known = this.known.get(entity);
    if (!known) {
      known = new Map();
      this.known.set(entity, known);
    }
    return known;
  }

  /**
   * The entity a foreign key points at (it exists: the key guarantees it),
   * batched. Every reference to the same row in the request shares one
   * promise: DataLoader answers a key it already holds with a new promise
   * (and a closure) per call, resolved when its next batch dispatches, and a
   * page of thousands names the same few organizations over and over.
   */
  referenced<T extends { id: string }>(entity: EntityName<T> & { name: string }, id: string): Promise<T> {
    let promises = this.references.get(entity);
    if (!promises) {
      promises = new Map();
      this.references.set(entity, promises);
    }
    let promise = promises.get(id);
    if (!promise) {
      promise = this.byId(entity).load(id);
      promises.set(id, promise);
    }
    return promise as Promise<T>;
  }

  /**
   * A reference field's value (`district`, `publisher`): the row itself when
   * the request has read it already and the field selects only plain leaves
   * of it (nothing below it loads, so answering now moves no load to another
   * wave), else `referenced`'s promise. A row at once costs the execution no
   * promise to wait on.
   */
  reference<T extends { id: string }>(entity: EntityName<T> & { name: string }, id: string, info: GraphQLResolveInfo): T | Promise<T> {
    const row = this.known.get(entity)?.get(id) as T | undefined;
    return row !== undefined && selectsOnlyPlainLeaves(info) && this.holds(entity, row, info) ? row : this.referenced(entity, id);
  }

  /** Whether `row` holds every property the field's selection reads (a whole row does). */
  private holds<T extends object>(entity: EntityName<T>, row: T, info: GraphQLResolveInfo): boolean {
    const read = propertiesRead(row);
    if (read === undefined) return true;
    const wanted = objectReads(info, entity, rowReader(this.em, entity).properties, []);
    if (wanted === null) return false;
    for (const property of wanted) if (!read.has(property)) return false;
    return true;
  }

  /**
   * The rows of `entity` under each parent (`parentColumn`), in `order` (SQL
   * over alias `t`), batched: one statement for all parents. Each row also
   * primes the entity's `byId` loader, so a reference to it later in the
   * request (a comment's section) costs no statement.
   */
  childrenOf<T extends { id: string }>(entity: EntityName<T> & { name: string }, parentColumn: string, order: string): DataLoader<string, T[]> {
    return this.get(`children:${entity.name}:${parentColumn}:${order}`, (em) =>
      this.batched<string, T[]>((parentIds) =>
        this.groupedRows(
          em,
          entity,
          parentIds,
          (columns, table) => `select t.${parentColumn} as "__parent", ${columns} from ${table} t where t.${parentColumn} = any(?::uuid[]) order by ${order}`,
        ),
      ),
    );
  }

  /**
   * The rows of `entity` linked to each parent through a link table (a
   * module's prerequisites), in the link's `order` (SQL over alias `l`),
   * batched into one statement that joins the two; each row primes `byId`.
   * With `reads` (selection-reads.ts), only those properties' columns.
   */
  linkedTo<T extends { id: string }>(
    entity: EntityName<T> & { name: string },
    link: { table: string; parentColumn: string; childColumn: string; order: string },
    reads: ReadonlySet<string> | null = null,
  ): DataLoader<string, T[]> {
    return this.get(`linked:${entity.name}:${link.table}:${link.parentColumn}:${readsKey(reads)}`, (em) =>
      this.batched<string, T[]>((parentIds) =>
        this.groupedRows(
          em,
          entity,
          parentIds,
          (columns, table) =>
            `select l.${link.parentColumn} as "__parent", ${columns} from ${link.table} l join ${table} t on t.id = l.${link.childColumn}
              where l.${link.parentColumn} = any(?::uuid[]) order by ${link.order}`,
          reads,
        ),
      ),
    );
  }

  /** Runs a statement selecting `__parent` and the entity's columns (those of `reads`) for these parents; the rows grouped by parent, each primed. */
  private async groupedRows<T extends { id: string }>(
    em: EntityManager,
    entity: EntityName<T> & { name: string },
    parentIds: readonly string[],
    statement: (columns: string, table: string) => string,
    reads: ReadonlySet<string> | null = null,
  ): Promise<T[][]> {
    const reader = rowReader(em, entity).only(reads);
    const rows = await selectRows(em, statement(reader.columns('t'), reader.table), [arrayParam(parentIds)]);
    const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) groups.get(String(row.__parent))?.push(this.primed(entity, reader.map(row)));
    return parentIds.map((id) => groups.get(id)!);
  }

  /**
   * Offers a row read by a list to the entity's `byId` loader; returns it.
   * Loads already waiting in a batch find it too when the batch goes out (so
   * how many statements a request takes does not depend on which list
   * answered first).
   */
  primed<T extends { id: string }>(entity: EntityName<T> & { name: string }, row: T): T {
    // Not primed into the DataLoader itself (a resolved promise per row of every page): its batches
    // look rows up here first, and run no statement when every key is known.
    const known = this.knownOf(entity);
    const before = known.get(row.id);
    // A row of some columns never replaces a whole one.
    if (before === undefined || propertiesRead(row) === undefined || propertiesRead(before as object) !== undefined) known.set(row.id, row);
    return row;
  }

  /** Rows grouped by a parent key, batched: one statement for all parents. */
  groupedBy<T>(key: string, load: (em: EntityManager, parentIds: readonly string[]) => Promise<Array<[string, T]>>): DataLoader<string, T[]> {
    return this.get(`grouped:${key}`, (em) =>
      this.batched<string, T[]>(async (parentIds) => {
        const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
        for (const [parentId, row] of await load(em, parentIds)) groups.get(parentId)?.push(row);
        return parentIds.map((id) => groups.get(id) ?? []);
      }),
    );
  }
}
