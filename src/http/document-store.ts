/**
 * Apollo's cache of parsed and validated documents, bounded by the memory the
 * documents keep alive. Apollo's default (30 MiB by each AST's JSON size)
 * leaves out the source text every AST references through its locations, so
 * valid documents padded with comments (which the token limit does not count)
 * held about 500 KB each while counted as a few hundred bytes: a client could
 * grow the heap without bound.
 */
import type { DocumentStore } from '@apollo/server';
import type { DocumentNode } from 'graphql';

/** What a cached document keeps alive: its source text (UTF-16) and its AST. */
function footprint(document: DocumentNode): number {
  return 2 * (document.loc?.source.body.length ?? 0) + JSON.stringify(document).length;
}

/** An LRU `DocumentStore` holding at most `maxBytes` of documents, by `footprint`. */
export function boundedDocumentStore(maxBytes: number): DocumentStore {
  const entries = new Map<string, { document: DocumentNode; bytes: number }>();
  let total = 0;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return false;
    entries.delete(key);
    total -= entry.bytes;
    return true;
  };
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      // Most recently used last.
      entries.delete(key);
      entries.set(key, entry);
      return entry.document;
    },
    async set(key, document) {
      remove(key);
      const bytes = footprint(document);
      if (bytes > maxBytes) return;
      entries.set(key, { document, bytes });
      total += bytes;
      for (const oldest of entries.keys()) {
        if (total <= maxBytes) break;
        remove(oldest);
      }
    },
    async delete(key) {
      return remove(key);
    },
  };
}
