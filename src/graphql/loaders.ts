/**
 * Per-request DataLoaders. Features ask for a loader by a key; the same key in
 * the same request returns the same loader, so rows are fetched once per
 * request and per level, never per parent.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName } from '@mikro-orm/core';

export class Loaders {
  private readonly byKey = new Map<string, DataLoader<any, any>>();

  constructor(private readonly em: EntityManager) {}

  /** The request's loader under `key`, made by `create` on first use. */
  get<K, V>(key: string, create: (em: EntityManager) => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.byKey.get(key);
    if (!loader) {
      loader = create(this.em);
      this.byKey.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** Entities by primary key, batched: `null` for ids that are gone. */
  byId<T extends { id: string }>(entity: EntityName<T> & { name: string }): DataLoader<string, T | null> {
    return this.get(`byId:${entity.name}`, (em) =>
      new DataLoader<string, T | null>(async (ids) => {
        const rows = await em.find(entity, { id: { $in: [...ids] } } as never);
        const found = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => found.get(id) ?? null);
      }),
    );
  }

  /** Rows grouped by a parent key, batched: one statement for all parents. */
  groupedBy<T>(key: string, load: (em: EntityManager, parentIds: readonly string[]) => Promise<Array<[string, T]>>): DataLoader<string, T[]> {
    return this.get(`grouped:${key}`, (em) =>
      new DataLoader<string, T[]>(async (parentIds) => {
        const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
        for (const [parentId, row] of await load(em, parentIds)) groups.get(parentId)?.push(row);
        return parentIds.map((id) => groups.get(id) ?? []);
      }),
    );
  }
}
