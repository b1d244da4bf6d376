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
 *
 * Which read goes where (the rule stated in select.ts): entities a GraphQL
 * answer shows come from here (`readByIds`, or `rowReader` over a
 * `selectRows` statement); entities a write will change come from the
 * EntityManager; other rows from `selectRows`; `em.execute` only runs
 * statements for their effect (writes, locks).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { arrayParam, selectRows } from './select';
import { ReferenceKind, type EntityMetadata, type EntityName, type EntityProperty, type Platform } from '@mikro-orm/core';

type Row = Record<string, unknown>;

export interface RowReader<T> {
  /** The table, quoted. */
  table: string;
  /**
   * The columns the mapper reads, quoted and prefixed with `alias.` (lazy ones
   * left out); with `as`, each named `<as><column>` in the result (another
   * table's columns in the same row: a join).
   */
  columns(alias: string, as?: string): string;
  /** The entity of a row; with `as`, from the columns `columns(alias, as)` named. */
  map(row: Row, as?: string): T;
  /**
   * A reader of only these properties and the primary key (`null`: every
   * property, this reader). Its entities throw when a property it did not
   * read is read (a resolver that needs one more column fails loudly, never
   * answers undefined); `propertiesRead` names what they hold.
   */
  only(properties: ReadonlySet<string> | null): RowReader<T>;
  /** The stored properties this reader reads. */
  properties: ReadonlySet<string>;
  /** The column of a property this reader reads (a foreign key's, for a join), unquoted. */
  columnOf(property: string): string | undefined;
}

/** The properties a read-only entity holds when it was read with `RowReader.only`; undefined for a whole row. */
const READ = Symbol('properties read');

export function propertiesRead(entity: object): ReadonlySet<string> | undefined {
  return (entity as { [READ]?: ReadonlySet<string> })[READ];
}

const readers = new WeakMap<object, RowReader<unknown>>();

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

type Convert = (value: unknown) => unknown;

interface Field {
  name: string;
  column: string;
  read: Convert;
  /** Converted on first access (arrays, times): what a query does not select is never parsed. */
  lazy: boolean;
}

const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (value: string) => Date;

function scalarField(prop: EntityProperty, platform: Platform): Field {
  const base = { name: prop.name, column: prop.fieldNames[0] };
  const customType = prop.customType;
  const columnType = prop.columnTypes?.[0] ?? '';
  if (customType && columnType.endsWith('[]')) return { ...base, lazy: true, read: (value) => customType.convertToJSValue(value, platform) };
  if (customType) return { ...base, lazy: false, read: (value) => customType.convertToJSValue(value, platform) };
  if (prop.runtimeType === 'Date' && columnType === 'timestamptz') {
    return { ...base, lazy: true, read: (value) => (typeof value === 'string' ? parseTimestamptz(value) : value) };
  }
  if (prop.runtimeType === 'Date') return { ...base, lazy: false, read: (value) => (value instanceof Date ? value : new Date(value as string)) };
  if (prop.runtimeType === 'boolean') return { ...base, lazy: false, read: (value) => !!value };
  return { ...base, lazy: false, read: (value) => value };
}

/**
 * A prototype between the entity class's and the read objects: MikroORM puts
 * a setter on the class prototype for each property, which installs change
 * tracking on the instance at the first assignment. A plain writable data
 * property on this layer shadows it, so assignment makes an own property.
 * A lazy field is an accessor here instead: the first read converts the raw
 * column text kept under a symbol and stores the value on the instance.
 */
function readPrototype(meta: EntityMetadata, lazy: Map<string, { raw: symbol; read: Convert }>): object {
  const prototype = Object.create(meta.prototype as object) as object;
  for (const prop of meta.props) {
    const field = lazy.get(prop.name);
    if (!field) {
      Object.defineProperty(prototype, prop.name, { value: undefined, writable: true, enumerable: false, configurable: true });
      continue;
    }
    const settle = (target: object, value: unknown) =>
      Object.defineProperty(target, prop.name, { value, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(prototype, prop.name, {
      get(this: Row & Record<symbol, unknown>) {
        if (!Object.prototype.hasOwnProperty.call(this, field.raw)) return undefined;
        const raw = this[field.raw];
        const value = raw === null || raw === undefined ? null : field.read(raw);
        settle(this, value);
        return value;
      },
      set(this: object, value: unknown) {
        settle(this, value);
      },
      enumerable: false,
      configurable: true,
    });
  }
  return prototype;
}

const readPrototypes = new WeakMap<EntityMetadata, { prototype: object; fields: Field[] }>();

function fieldsOf(meta: EntityMetadata, platform: Platform): Field[] {
  const fields: Field[] = [];
  for (const prop of meta.props) {
    if (prop.lazy || prop.persist === false || prop.fieldNames?.length !== 1) continue;
    if (prop.kind === ReferenceKind.SCALAR) fields.push(scalarField(prop, platform));
    else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      fields.push({ name: prop.name, column: prop.fieldNames[0], read: referenceReader(prop, platform), lazy: false });
    }
  }
  return fields;
}

/** The read prototype of an entity class and its fields, made once. */
function readLayout(meta: EntityMetadata, platform: Platform): { prototype: object; fields: Field[] } {
  let layout = readPrototypes.get(meta);
  if (!layout) {
    const fields = fieldsOf(meta, platform);
    const lazy = new Map(fields.filter((field) => field.lazy).map((field) => [field.name, { raw: Symbol(field.name), read: field.read }]));
    layout = { prototype: readPrototype(meta, lazy), fields: fields.map((field) => (field.lazy ? { ...field, raw: lazy.get(field.name)!.raw } : field)) };
    readPrototypes.set(meta, layout);
  }
  return layout;
}

function referenceReader(prop: EntityProperty, platform: Platform): Convert {
  const target = prop.targetMeta!;
  const primaryKey = target.primaryKeys[0];
  return (value) => {
    const reference = Object.create(readLayout(target, platform).prototype) as Row;
    reference[primaryKey] = value;
    return reference;
  };
}

/**
 * The prototype of entities holding only `read`: every other stored
 * property throws when read (and becomes an own property when assigned).
 */
function partialPrototype(meta: EntityMetadata, base: object, fields: Field[], read: ReadonlySet<string>): object {
  const prototype = Object.create(base) as Record<symbol, unknown>;
  prototype[READ] = read;
  for (const field of fields) {
    if (read.has(field.name)) continue;
    Object.defineProperty(prototype, field.name, {
      get() {
        throw new Error(`${meta.className}.${field.name} was not read for this selection: declare it in the field's reads (graphql/selection-reads.ts)`);
      },
      set(this: object, value: unknown) {
        Object.defineProperty(this, field.name, { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: false,
      configurable: true,
    });
  }
  return prototype;
}

function makeReader<T>(meta: EntityMetadata<T>, platform: Platform): RowReader<T> {
  const layout = readLayout(meta as EntityMetadata, platform);
  const primaryKey = meta.primaryKeys[0];
  const partial = new Map<string, RowReader<T>>();
  const only = (properties: ReadonlySet<string> | null): RowReader<T> => {
    if (properties === null) return whole;
    const key = [...properties].sort().join(',');
    let reader = partial.get(key);
    if (!reader) {
      const read = new Set([primaryKey, ...properties]);
      const fields = layout.fields.filter((field) => read.has(field.name));
      reader =
        fields.length === layout.fields.length
          ? whole
          : readerOf<T>(meta, partialPrototype(meta as EntityMetadata, layout.prototype, layout.fields, read), fields, only);
      partial.set(key, reader);
    }
    return reader;
  };
  const whole = readerOf<T>(meta, layout.prototype, layout.fields, only);
  return whole;
}

function readerOf<T>(meta: EntityMetadata<T>, prototype: object, fields: Field[], only: RowReader<T>['only']): RowReader<T> {
  const column = (alias: string, field: Field, as: string) =>
    field.lazy || as ? `${alias}.${quote(field.column)}${field.lazy ? '::text' : ''} as ${quote(as + field.column)}` : `${alias}.${quote(field.column)}`;
  // The result's column names for each `as` a statement used, made once.
  const plain = fields.map((field) => field.column);
  const names = new Map<string, string[]>();
  const namesAs = (as: string) => {
    let list = names.get(as);
    if (!list) {
      list = fields.map((field) => as + field.column);
      names.set(as, list);
    }
    return list;
  };
  return {
    table: quote(meta.tableName),
    properties: new Set(fields.map((field) => field.name)),
    columnOf: (property) => fields.find((field) => field.name === property)?.column,
    columns: (alias, as = '') => fields.map((field) => column(alias, field, as)).join(', '),
    map(row, as = '') {
      const entity = Object.create(prototype) as Row & Record<symbol, unknown>;
      const columns = as ? namesAs(as) : plain;
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i];
        const value = row[columns[i]];
        if (field.lazy) entity[(field as Field & { raw: symbol }).raw] = value;
        else entity[field.name] = value === null || value === undefined ? null : field.read(value);
      }
      return entity as T;
    },
    only,
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

/** The rows, read into entities of `entity` by id; absent ids are left out. */
export async function readByIds<T>(em: EntityManager, entity: EntityName<T>, ids: readonly string[]): Promise<T[]> {
  const reader = rowReader(em, entity);
  const rows = await selectRows(em, `select ${reader.columns('t')} from ${reader.table} t where t.id = any(?::uuid[])`, [arrayParam(ids)]);
  return rows.map((row) => reader.map(row));
}

/**
 * One row each of several entity classes by id, in one statement (each table joined on its id to a single row, its
 * columns named apart as `rowReader` does for a join): the entities in the order asked, null where an id is null or
 * names no row. For what one event is about (its actor, its section, its revision): one round trip, not one a class.
 */
export async function readEachById(
  em: EntityManager,
  wanted: ReadonlyArray<readonly [entity: EntityName<object>, id: string | null | undefined]>,
): Promise<Array<object | null>> {
  const parts = wanted.flatMap(([entity, id], index) => (id ? [{ index, id, reader: rowReader(em, entity), alias: `e${index}`, as: `e${index}_` }] : []));
  const found: Array<object | null> = wanted.map(() => null);
  if (parts.length === 0) return found;
  const [row] = await selectRows(
    em,
    `select ${parts.map((part) => part.reader.columns(part.alias, part.as)).join(', ')} from (select 1) one ${parts
      .map((part) => `left join ${part.reader.table} ${part.alias} on ${part.alias}.${quote(part.reader.columnOf('id')!)} = ?::uuid`)
      .join(' ')}`,
    parts.map((part) => part.id),
  );
  for (const part of parts) if (row[`${part.as}${part.reader.columnOf('id')!}`] != null) found[part.index] = part.reader.map(row, part.as);
  return found;
}
