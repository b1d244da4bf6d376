/**
 * A co-typed text as a Yjs document: one `Y.Doc` per text, its text the
 * `Y.Text` named `body`. What every co-typed text of the hub shares (waiver
 * sections, application narratives): the limits, reading clients' updates
 * and awareness (BAD_USER_INPUT, nothing applied, when malformed or too
 * large), applying them, and the hub's own edits of the text.
 *
 * Edits made by the hub (a whole-body edit, a restore, a body found out of
 * step) are turned into Y.Text deletes and inserts by a character diff of the
 * old text against the new, made by the hub's client id (`HUB_CLIENT_ID`)
 * under the text's row lock: its clock only ever moves on from the stored
 * state. Clients may not send structs of that id.
 */
import { AsyncResource } from 'node:async_hooks';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { BadUserInputError } from '../errors';
import { diffSequences, WorkBudget } from './diff';

/** The Yjs client id of the hub's own edits (seeds and whole-body edits). Never a client's. */
export const HUB_CLIENT_ID = 1;
/** The shared type holding a document's text. */
export const BODY = 'body';

/** Limits of co-typing (from config: LIMIT_YJS_UPDATE_BYTES, LIMIT_YJS_DOCUMENT_BYTES, YJS_COMPACT_EVERY, YJS_BURST_*). */
export interface DocumentLimits {
  /** Largest update a client may push, in bytes (decoded). */
  updateBytes: number;
  /** Largest document (its state as one update), in bytes. */
  documentBytes: number;
  /** Updates after the snapshot past which the snapshot is rewritten. */
  compactEvery: number;
  /** A pause this long (ms) ends an author's burst of typing (YJS_BURST_IDLE_MS). */
  burstIdleMs: number;
  /** A burst longer than this (ms) is cut (YJS_BURST_MAX_MS). */
  burstMaxMs: number;
  /** How often (ms) a hub with open bursts cuts the paused ones (YJS_BURST_SWEEP_MS). */
  burstSweepMs: number;
  /** Updates one client may push per second, averaged over 10 s (YJS_UPDATES_PER_SECOND). */
  updatesPerSecond: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  updateBytes: 64 * 1024,
  documentBytes: 4 * 1024 * 1024,
  compactEvery: 100,
  burstIdleMs: 10_000,
  burstMaxMs: 120_000,
  burstSweepMs: 1000,
  updatesPerSecond: 30,
};
let limits = DEFAULT_DOCUMENT_LIMITS;

/** Sets the co-typing limits (once, at start). */
export function configureDocuments(configured: DocumentLimits): void {
  limits = configured;
}

export function documentLimits(): DocumentLimits {
  return limits;
}

/** The text of a document. */
export function textOf(doc: Y.Doc): string {
  return doc.getText(BODY).toString();
}

/**
 * A new document, made outside the caller's async context. A Y.Doc makes promises as it is built (`whenLoaded`,
 * `whenSynced`), and a promise keeps the async context it was made in: one made in a request's transaction kept
 * that request's EntityManager, with every entity it had loaded, for as long as the document lived (the hub keeps
 * documents between writes, src/db/yjs-document.ts). Bound once, at load, to the process's own context.
 */
export const newDocument: () => Y.Doc = AsyncResource.bind(() => new Y.Doc());

/** A document holding `body`, inserted by the hub's client: the same bytes on every hub. */
export function seedDocument(body: string): Y.Doc {
  const doc = newDocument();
  doc.clientID = HUB_CLIENT_ID;
  if (body) doc.getText(BODY).insert(0, body);
  return doc;
}

/** Where `before` and `after` differ, as runs of replaced UTF-16 code units (a surrogate pair never split). */
function changedRuns(before: string, after: string): Array<{ at: number; remove: number; insert: string }> {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Never cut between the halves of a surrogate pair.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  const oldMiddle = Array.from(before.slice(prefix, before.length - suffix));
  const newMiddle = Array.from(after.slice(prefix, after.length - suffix));
  // A character diff of the middle keeps what both texts share (so concurrent typing there survives); past its budget, one replace.
  const hunks = diffSequences(oldMiddle, newMiddle, new WorkBudget(2_000_000)) ?? [
    { oldStart: 0, oldLength: oldMiddle.length, newStart: 0, newLength: newMiddle.length },
  ];
  const units = (chars: string[], from: number, to: number) => chars.slice(from, to).join('').length;
  return hunks.map((hunk) => ({
    at: prefix + units(oldMiddle, 0, hunk.oldStart),
    remove: units(oldMiddle, hunk.oldStart, hunk.oldStart + hunk.oldLength),
    insert: newMiddle.slice(hunk.newStart, hunk.newStart + hunk.newLength).join(''),
  }));
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Changes the document's text to `next` as the hub's client, by deletes and
 * inserts where the texts differ; answers the update made (null when equal).
 */
export function bodyChangeUpdate(doc: Y.Doc, next: string): Uint8Array | null {
  const text = doc.getText(BODY);
  const before = text.toString();
  if (before === next) return null;
  const runs = changedRuns(before, next);
  doc.clientID = HUB_CLIENT_ID;
  const stateBefore = Y.encodeStateVector(doc);
  doc.transact(() => {
    // Back to front, so earlier offsets stay valid.
    for (const run of [...runs].reverse()) {
      if (run.remove) text.delete(run.at, run.remove);
      if (run.insert) text.insert(run.at, run.insert);
    }
  });
  return Y.encodeStateAsUpdate(doc, stateBefore);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const isBase64 = (encoded: string) => BASE64.test(encoded) && encoded.length % 4 === 0;

/** A client's update as sent (base64), decoded and checked: BAD_USER_INPUT when it is not one, or too large. With the client it is from, when one. */
export function decodeClientUpdate(encoded: string, path: string): { update: Uint8Array; clientId: number | null } {
  if (encoded.length > Math.ceil(limits.updateBytes / 3) * 4) {
    throw BadUserInputError.field(path, `is larger than the ${limits.updateBytes} bytes an update may have`);
  }
  if (!isBase64(encoded)) throw BadUserInputError.field(path, 'is not base64');
  const update = new Uint8Array(Buffer.from(encoded, 'base64'));
  if (update.length === 0) throw BadUserInputError.field(path, 'is empty');
  let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    throw BadUserInputError.field(path, 'is not a Yjs update');
  }
  if (structs.some((struct) => struct.id.client === HUB_CLIENT_ID)) {
    throw BadUserInputError.field(path, `uses client id ${HUB_CLIENT_ID}, the hub's own: pick another`);
  }
  const clients = new Set(structs.map((struct) => struct.id.client));
  return { update, clientId: clients.size === 1 ? [...clients][0] : null };
}

/** What a text's document may become: its longest text, and the subscription a client syncs with (named in the refusal). */
export interface TextBounds {
  maxLength: number;
  syncWith: string;
}

/**
 * Applies a client's update to the loaded document: BAD_USER_INPUT (and the
 * transaction rolls back, the stored document untouched) when it fails to
 * apply, depends on changes the hub does not have, or makes the text or the
 * document too large. `knownBytes`: the bytes the document was loaded from
 * and grew by (`OpenDocument.bytes`), which bound its encoded size. Answers
 * whether it added anything.
 */
export function applyClientUpdate(doc: Y.Doc, update: Uint8Array, path: string, bounds: TextBounds, knownBytes?: number): boolean {
  const before = Y.encodeStateVector(doc);
  const textBefore = textOf(doc);
  try {
    Y.applyUpdate(doc, update, 'client');
  } catch {
    throw BadUserInputError.field(path, 'is not a Yjs update this document can apply');
  }
  // A text's document holds its text and nothing else: no other shared types to grow unseen.
  if ([...doc.share.keys()].some((name) => name !== BODY)) throw BadUserInputError.field(path, `changes something other than the Y.Text '${BODY}'`);
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    throw BadUserInputError.field(
      path,
      `depends on changes the hub does not have: sync (${bounds.syncWith} with your state vector) and send the missing updates first`,
    );
  }
  if (textOf(doc).length > bounds.maxLength) throw BadUserInputError.field(path, `would make the text longer than ${bounds.maxLength} characters`);
  // The exact size (the whole document encoded) only when the stored bytes it came from, and this update, could come near the limit.
  const nearLimit = knownBytes === undefined || knownBytes + update.length > limits.documentBytes / 2;
  if (nearLimit && Y.encodeStateAsUpdate(doc).length > limits.documentBytes)
    throw BadUserInputError.field(path, `would make the document larger than ${limits.documentBytes} bytes`);
  return textOf(doc) !== textBefore || !sameBytes(Y.encodeStateVector(doc), before);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** A follower's state vector as sent (base64), or BAD_USER_INPUT at `path`; undefined when none was sent. */
export function decodeStateVector(encoded: string | null | undefined, path = 'stateVector'): Uint8Array | undefined {
  if (!encoded) return undefined;
  if (encoded.length > 64 * 1024 || !isBase64(encoded)) throw BadUserInputError.field(path, 'is not a base64 Yjs state vector');
  const bytes = new Uint8Array(Buffer.from(encoded, 'base64'));
  try {
    Y.decodeStateVector(bytes);
  } catch {
    throw BadUserInputError.field(path, 'is not a Yjs state vector');
  }
  return bytes;
}

/** A follower's Yjs client id as sent, or BAD_USER_INPUT. */
export function checkClientId(clientId: number | null | undefined, path = 'clientId'): void {
  if (clientId != null && !(Number.isInteger(clientId) && clientId >= 0 && clientId <= 0xffffffff))
    throw BadUserInputError.field(path, 'is not a Yjs client id (a whole number from 0 to 4294967295)');
}

/** Largest awareness update (one client's state: name, colour, cursor), in bytes. */
export const MAX_AWARENESS_BYTES = 4 * 1024;

/** The one client an awareness update (y-protocols, base64) is about and whether its state is null (it left), or BAD_USER_INPUT. */
export function readAwareness(encoded: string, path: string): { clientId: number; left: boolean } {
  if (encoded.length > Math.ceil(MAX_AWARENESS_BYTES / 3) * 4)
    throw BadUserInputError.field(path, `is larger than the ${MAX_AWARENESS_BYTES} bytes an awareness update may have`);
  if (!encoded || !isBase64(encoded)) throw BadUserInputError.field(path, 'is not base64');
  try {
    const decoder = decoding.createDecoder(new Uint8Array(Buffer.from(encoded, 'base64')));
    if (decoding.readVarUint(decoder) !== 1) throw new Error('one client');
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    if (decoding.hasContent(decoder) || (state !== null && (typeof state !== 'object' || Array.isArray(state)))) throw new Error('one state object');
    return { clientId, left: state === null };
  } catch {
    throw BadUserInputError.field(path, 'is not a y-protocols awareness update of one client (encodeAwarenessUpdate(awareness, [awareness.clientID]))');
  }
}
