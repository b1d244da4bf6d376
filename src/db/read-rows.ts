/**
 * Read-only entities straight from rows, for the batched reads of GraphQL
 * requests (nested pages, loaders by id).
 *
 * `em.map` makes each row a managed entity: identity-map lookups, a snapshot
 * for change tracking, a reference entity (itself registered) for every
 * foreign key, and property accessors installed per instance. A read that
 * only answers a query needs none of that, and on a page of thousands of rows
 * it was a third of the CPU and most of the garbage. Here each entity class
 * gets one mapper, made once from MikroORM's own metadata: the same column
 * names and the same custom-type conversions, an instance of the entity
 * class (so getters, `instanceof` and GraphQL type resolution work), and a
 * foreign key as an id-only instance of its target class (as an unloaded
 * MikroORM reference would be).
 *
 * These objects are not in any unit of work: changing one and flushing does
 * nothing. Writes load what they change through the EntityManager.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from './select';
import { ReferenceKind, type EntityMetadata, type EntityName, type EntityProperty, type Platform } from '@mikro-orm/core';

type Row = Record<string, unknown>;

export interface RowReader<T> {
  /** The table, quoted. */
  table: string;
  /** The columns the mapper reads, quoted and prefixed with `alias.` (lazy ones left out). */
  columns(alias: string): string;
  map(row: Row): T;
}

const readers = new WeakMap<object, RowReader<unknown>>();

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function scalarReader(prop: EntityProperty, platform: Platform): (value: unknown) => unknown {
  const customType = prop.customType;
  if (customType) return (value) => customType.convertToJSValue(value, platform);
  if (prop.runtimeType === 'Date') return (value) => (value instanceof Date ? value : new Date(value as string));
  if (prop.runtimeType === 'boolean') return (value) => !!value;
  return (value) => value;
}

/**
 * A prototype between the entity class's and the read objects: MikroORM puts
 * a setter on the class prototype for each property, which installs change
 * tracking on the instance at the first assignment. A plain writable data
 * property on this layer shadows it, so assignment makes an own property.
 */
function readPrototype(meta: EntityMetadata): object {
  const prototype = Object.create(meta.prototype as object) as object;
  for (const prop of meta.props) Object.defineProperty(prototype, prop.name, { value: undefined, writable: true, enumerable: false, configurable: true });
  return prototype;
}

const readPrototypes = new WeakMap<EntityMetadata, object>();

function readPrototypeOf(meta: EntityMetadata): object {
  let prototype = readPrototypes.get(meta);
  if (!prototype) {
    prototype = readPrototype(meta);
    readPrototypes.set(meta, prototype);
  }
  return prototype;
}

function referenceReader(prop: EntityProperty): (value: unknown) => unknown {
  const target = prop.targetMeta!;
  const primaryKey = target.primaryKeys[0];
  const prototype = readPrototypeOf(target);
  return (value) => {
    const reference = Object.create(prototype) as Row;
    reference[primaryKey] = value;
    return reference;
  };
}

function makeReader<T>(meta: EntityMetadata<T>, platform: Platform): RowReader<T> {
  const fields: Array<{ name: string; column: string; read: (value: unknown) => unknown }> = [];
  for (const prop of meta.props) {
    if (prop.lazy || prop.persist === false || prop.fieldNames?.length !== 1) continue;
    if (prop.kind === ReferenceKind.SCALAR) fields.push({ name: prop.name, column: prop.fieldNames[0], read: scalarReader(prop, platform) });
    else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      fields.push({ name: prop.name, column: prop.fieldNames[0], read: referenceReader(prop) });
    }
  }
  const prototype = readPrototypeOf(meta as EntityMetadata);
  return {
    table: quote(meta.tableName),
    columns: (alias) => fields.map((field) => `${alias}.${quote(field.column)}`).join(', '),
    map(row) {
      const entity = Object.create(prototype) as Row;
      for (const field of fields) {
        const value = row[field.column];
        entity[field.name] = value === null || value === undefined ? null : field.read(value);
      }
      return entity as T;
    },
  };
}

/** The reader of an entity class, made on first use. */
export function rowReader<T>(em: EntityManager, entity: EntityName<T>): RowReader<T> {
  const meta = em.getMetadata().find(entity as never) as EntityMetadata<T> | undefined;
  if (!meta) throw new Error(`no metadata for ${String(entity)}`);
  let reader = readers.get(meta);
  if (!reader) {
    reader = makeReader(meta, em.getPlatform());
    readers.set(meta, reader);
  }
  return reader as RowReader<T>;
}

/**
 * Ids bound as one parameter, for `= any(?::uuid[])`: one PostgreSQL array
 * literal instead of a list MikroORM would quote id by id into the SQL.
 */
export function idArray(em: EntityManager, ids: readonly string[]): string {
  return em.getPlatform().marshallArray([...ids]);
}

/** The rows, read into entities of `entity` by id; absent ids are left out. */
export async function readByIds<T>(em: EntityManager, entity: EntityName<T>, ids: readonly string[]): Promise<T[]> {
  const reader = rowReader(em, entity);
  const rows = await selectRows(em, `select ${reader.columns('t')} from ${reader.table} t where t.id = any(?::uuid[])`, [idArray(em, ids)]);
  return rows.map((row) => reader.map(row));
}
