/**
 * Which stored properties of an entity a GraphQL selection reads, so a list
 * reads only those columns (read-rows.ts `RowReader.only`).
 *
 * A plain field (read straight from its object: direct-resolution.ts) reads
 * its own property. Any other field reads what its feature declares here
 * with `declareReads` (`publisher` reads the `publisher` foreign key,
 * `seatsRemaining` reads `capacity` and `seatsTaken`). A selection with a
 * field whose reads are unknown (a resolver nobody declared, a getter that
 * is not a stored property) or with a fragment reads every column, as
 * before. A declaration that misses a property cannot answer wrong: the
 * entity's unread properties throw when read.
 *
 * The caller adds what it reads itself whatever the selection (its sort
 * keys, the properties a visibility rule checks).
 */
import { getNamedType, isLeafType, isObjectType, Kind, type FieldNode, type GraphQLObjectType, type GraphQLOutputType, type SelectionNode } from 'graphql';
import { propertyReadBy } from './direct-resolution';

type Reads = Readonly<Record<string, readonly string[]>>;

/** An entity class (a MikroORM entity name that is not a class has no declarations). */
type EntityClass = unknown;

const declared = new Map<EntityClass, Reads>();

/** A field that answers the row one foreign key names (through `Loaders.reference`). */
export interface ReferenceField {
  /** The foreign key's property on the entity. */
  property: string;
  /** The entity class it names. */
  target: { name: string };
}

const references = new Map<EntityClass, Record<string, ReferenceField>>();

/**
 * Declares that GraphQL field `field` of `entity`'s type answers the row its
 * `property` foreign key names, through `Loaders.reference` (which answers at
 * once from a row the request holds): a list of `entity` may then read that
 * row in its own statement (connection.ts joins it). Reads `property`.
 */
export function declareReference(entity: EntityClass, field: string, reference: ReferenceField): void {
  references.set(entity, { ...references.get(entity), [field]: reference });
  declareReads(entity, { [field]: [reference.property] });
}

/**
 * Declares the stored properties each of these GraphQL fields of `entity`'s
 * type reads besides its own (a field resolver's, a getter's): `[]` when it
 * reads none but the primary key.
 */
export function declareReads(entity: EntityClass, reads: Reads): void {
  declared.set(entity, { ...declared.get(entity), ...reads });
}

function declaredReads(entity: EntityClass, field: string): readonly string[] | undefined {
  // Node.id is the global id of the primary key, which every read holds.
  if (field === 'id' || field === '__typename') return [];
  for (let target: unknown = entity; typeof target === 'function'; target = Object.getPrototypeOf(target)) {
    const reads = declared.get(target)?.[field];
    if (reads) return reads;
  }
  return undefined;
}

/** Adds what `selections` of `type` read to `into`; false when some of it is unknown. */
function addReads(entity: EntityClass, type: GraphQLObjectType, selections: readonly SelectionNode[], stored: ReadonlySet<string>, into: Set<string>): boolean {
  const fields = type.getFields();
  for (const selection of selections) {
    if (selection.kind !== Kind.FIELD) return false;
    const name = selection.name.value;
    const reads = declaredReads(entity, name);
    if (reads) {
      for (const property of reads) into.add(property);
      continue;
    }
    const field = fields[name];
    if (!field) return false;
    const property = field.resolve ? propertyReadBy(field.resolve) : name;
    if (property === undefined || !stored.has(property)) return false;
    into.add(property);
  }
  return true;
}

const objectType = (type: GraphQLOutputType | undefined): GraphQLObjectType | undefined => {
  const named = type && getNamedType(type);
  return isObjectType(named) ? named : undefined;
};

const connectionCache = new WeakMap<readonly FieldNode[], ReadonlySet<string> | null>();
const objectCache = new WeakMap<readonly FieldNode[], ReadonlySet<string> | null>();

interface FieldSelection {
  fieldNodes: readonly FieldNode[];
  returnType: GraphQLOutputType;
}

/**
 * What a connection field's `edges { node { … } }` read of `entity`, with
 * `always()`; null for every property. `stored()` gives the entity's stored
 * properties. Decided once per selection (a field always returns one entity,
 * and its caller always adds the same `always`): neither is called again.
 */
export function connectionReads(
  info: FieldSelection,
  entity: EntityClass,
  stored: () => ReadonlySet<string>,
  always: () => readonly string[],
): ReadonlySet<string> | null {
  let reads = connectionCache.get(info.fieldNodes);
  if (reads === undefined) {
    reads = readsOfConnection(info, entity, stored(), always());
    connectionCache.set(info.fieldNodes, reads);
  }
  return reads;
}

function readsOfConnection(info: FieldSelection, entity: EntityClass, stored: ReadonlySet<string>, always: readonly string[]): ReadonlySet<string> | null {
  const connection = objectType(info.returnType);
  const edge = objectType(connection?.getFields().edges?.type);
  const node = objectType(edge?.getFields().node?.type);
  if (!node) return null;
  const into = new Set(always);
  for (const fieldNode of info.fieldNodes) {
    for (const selection of fieldNode.selectionSet?.selections ?? []) {
      if (selection.kind !== Kind.FIELD) return null;
      if (selection.name.value !== 'edges') continue; // totalCount, pageInfo (its cursors read the sort keys: always)
      for (const edgeSelection of selection.selectionSet?.selections ?? []) {
        if (edgeSelection.kind !== Kind.FIELD) return null;
        if (edgeSelection.name.value !== 'node') continue; // cursor, __typename
        if (!addReads(entity, node, edgeSelection.selectionSet?.selections ?? [], stored, into)) return null;
      }
    }
  }
  return into;
}

/** What a field returning `entity` (or a list of it) reads of it, with `always`; null for every property. Decided once per selection. */
export function objectReads(info: FieldSelection, entity: EntityClass, stored: ReadonlySet<string>, always: readonly string[]): ReadonlySet<string> | null {
  let reads = objectCache.get(info.fieldNodes);
  if (reads === undefined) {
    const type = objectType(info.returnType);
    const into = new Set(always);
    reads = type && info.fieldNodes.every((fieldNode) => addReads(entity, type, fieldNode.selectionSet?.selections ?? [], stored, into)) ? into : null;
    objectCache.set(info.fieldNodes, reads);
  }
  return reads;
}

/** A reference a list reads with its rows: the field's reference and what its selection reads of the target. */
export interface JoinedReference extends ReferenceField {
  reads: ReadonlySet<string> | null;
}

const joinCache = new WeakMap<readonly FieldNode[], JoinedReference[]>();

/**
 * The declared references a connection field's `edges { node { … } }`
 * selects with only plain fields of their target (`district { id name }`),
 * each with what it reads of the target; `stored` gives a target's stored
 * properties. Decided once per selection.
 */
export function connectionReferences(
  info: FieldSelection,
  entity: EntityClass,
  stored: (target: { name: string }) => ReadonlySet<string>,
): readonly JoinedReference[] {
  let joins = joinCache.get(info.fieldNodes);
  if (joins === undefined) {
    joins = referencesOfConnection(info, entity, stored);
    joinCache.set(info.fieldNodes, joins);
  }
  return joins;
}

function referencesOfConnection(info: FieldSelection, entity: EntityClass, stored: (target: { name: string }) => ReadonlySet<string>): JoinedReference[] {
  const declaredHere = references.get(entity);
  const connection = objectType(info.returnType);
  const node = objectType(objectType(connection?.getFields().edges?.type)?.getFields().node?.type);
  if (!declaredHere || !node) return [];
  const joins = new Map<string, JoinedReference>();
  for (const fieldNode of info.fieldNodes) {
    for (const selection of fieldNode.selectionSet?.selections ?? []) {
      if (selection.kind !== Kind.FIELD || selection.name.value !== 'edges') continue;
      for (const edgeSelection of selection.selectionSet?.selections ?? []) {
        if (edgeSelection.kind !== Kind.FIELD || edgeSelection.name.value !== 'node') continue;
        for (const field of edgeSelection.selectionSet?.selections ?? []) {
          const reference = field.kind === Kind.FIELD ? declaredHere[field.name.value] : undefined;
          const type = field.kind === Kind.FIELD ? objectType(node.getFields()[field.name.value]?.type) : undefined;
          if (!reference || !type || field.kind !== Kind.FIELD || joins.has(field.name.value)) continue;
          const into = new Set<string>();
          const plain = (field.selectionSet?.selections ?? []).every(
            (leaf) => leaf.kind === Kind.FIELD && isLeafType(getNamedType(type.getFields()[leaf.name.value]?.type ?? type)),
          );
          if (plain && addReads(reference.target, type, field.selectionSet?.selections ?? [], stored(reference.target), into)) {
            joins.set(field.name.value, { ...reference, reads: into });
          }
        }
      }
    }
  }
  return [...joins.values()];
}

const keys = new WeakMap<ReadonlySet<string>, string>();

/** A short stable key of a set of reads (loaders of different reads must not share batches); '' for every property. */
export function readsKey(reads: ReadonlySet<string> | null): string {
  if (reads === null) return '';
  let key = keys.get(reads);
  if (key === undefined) {
    key = [...reads].sort().join(',');
    keys.set(reads, key);
  }
  return key;
}
