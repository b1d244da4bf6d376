/**
 * The one cache of parsed (and validated) GraphQL documents, bounded by the
 * memory the documents keep alive: least recently used first out, sizes by
 * `documentFootprint`. Apollo's store over HTTP (`boundedDocumentStore`) and
 * the WebSocket server's cache of prepared subscriptions are both this.
 *
 * Counting bytes, not entries, matters: valid documents padded with comments
 * (which the token limit does not count) held about 500 KB each while Apollo's
 * default store counted them as a few hundred bytes (the JSON of the AST
 * leaves out the source text every AST references through its locations), so
 * a client could grow the heap without bound.
 */
import type { DocumentStore } from '@apollo/server';
import type { DocumentNode, GraphQLError } from 'graphql';

/**
 * What a cached document keeps alive: its source text (UTF-16, shared by the
 * key, the AST's locations and any errors) and the AST or validation errors,
 * by their JSON size.
 */
export function documentFootprint(text: string, prepared: DocumentNode | readonly GraphQLError[]): number {
  return 2 * text.length + JSON.stringify(prepared).length;
}

/** A map holding at most `maxBytes` of values (each with the size it was set with); the least recently used go first. */
export class DocumentCache<V> {
  /** Insertion order is recency order: most recently used last. */
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  /** The bytes held now. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` as the most recently used, evicting the least recently used past `maxBytes`; a value larger than the whole cache is not kept. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.total <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    return true;
  }
}

/** Apollo's `DocumentStore` on a `DocumentCache` of `maxBytes` (Apollo keys documents by a hash of their text). */
export function boundedDocumentStore(maxBytes: number): DocumentStore {
  const cache = new DocumentCache<DocumentNode>(maxBytes);
  return {
    async get(key) {
      return cache.get(key);
    },
    async set(key, document) {
      cache.set(key, document, documentFootprint(document.loc?.source.body ?? '', document));
    },
    async delete(key) {
      return cache.delete(key);
    },
  };
}
