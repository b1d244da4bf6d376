/**
 * Relay global ids: `base64url("Type:uuid")`, the opaque `id` of every node.
 * On the ground floor so entities (db) and the API (graphql) share one codec.
 */
import { BadUserInputError } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Our object type names; `constructor` or `__proto__` is never one. */
const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** Room for any type name and uuid (longer ids, or non-ASCII ones, take the general path). */
const scratch = Buffer.allocUnsafe(256);
const ASCII = /^[\x20-\x7e]*$/;

export function toGlobalId(type: string, id: string): string {
  // Encoded from one shared buffer: a page of thousands of nodes made (and dropped) a Buffer per id.
  const length = type.length + 1 + id.length;
  if (length > scratch.length || !ASCII.test(id) || !ASCII.test(type)) return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
  scratch.write(type, 0, 'latin1');
  scratch[type.length] = 0x3a; // ':'
  scratch.write(id, type.length + 1, 'latin1');
  return scratch.toString('base64url', 0, length);
}

export interface GlobalId {
  type: string;
  id: string;
}

/** Decodes a global id; `null` when it is not one of ours. */
export function parseGlobalId(globalId: string): GlobalId | null {
  if (typeof globalId !== 'string' || globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  const type = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  return TYPE_NAME.test(type) && UUID.test(id) ? { type, id } : null;
}

/**
 * Decodes a global id that must name an object of `type`, for an argument
 * at `path`; a wrong or foreign id is BAD_USER_INPUT naming that path.
 */
export function expectGlobalId(globalId: string, type: string, path: string): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== type) {
    throw BadUserInputError.field(path, `is not the id of a ${type}`);
  }
  return parsed.id;
}
