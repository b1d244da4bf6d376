/**
 * The document cache (src/graphql/document-cache.ts) holds at most its bytes,
 * evicts the least recently used first, and counts a document's source text.
 */
import { describe, expect, it } from 'vitest';
import { parse, validate, GraphQLSchema, GraphQLObjectType, GraphQLString } from 'graphql';
import { boundedDocumentStore, DocumentCache, documentFootprint } from '../../src/graphql/document-cache';

describe('DocumentCache', () => {
  it('evicts by bytes, least recently used first', () => {
    const cache = new DocumentCache<string>(100);
    cache.set('a', 'A', 40);
    cache.set('b', 'B', 40);
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('c', 'C', 40);

    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
    expect(cache.bytes).toBe(80);
  });

  it('evicts as many as it takes for a large entry, and keeps none larger than the whole cache', () => {
    const cache = new DocumentCache<string>(100);
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, key, 25);
    cache.set('big', 'BIG', 70);
    expect([cache.size, cache.bytes, cache.get('d'), cache.get('big')]).toEqual([2, 95, 'd', 'BIG']);

    cache.set('d', 'too big', 101);
    expect([cache.get('d'), cache.size, cache.bytes]).toEqual([undefined, 1, 70]);
  });

  it('counts a replaced entry once, at its new size', () => {
    const cache = new DocumentCache<string>(100);
    cache.set('a', 'A', 60);
    cache.set('a', 'A2', 30);
    expect([cache.get('a'), cache.bytes, cache.delete('a'), cache.bytes, cache.delete('a')]).toEqual(['A2', 30, true, 0, false]);
  });
});

describe('documentFootprint', () => {
  const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString } } }) });

  it('counts the source text a document keeps alive, comments included', () => {
    const text = `{ hello } # ${'x'.repeat(100_000)}`;
    const document = parse(text);
    expect(documentFootprint(text, document)).toBeGreaterThan(2 * 100_000);
    expect(documentFootprint(text, document)).toBeLessThan(2 * 100_000 + 1_000);
  });

  it('counts validation errors as what is kept for a refused document', () => {
    const text = '{ nope }';
    const errors = validate(schema, parse(text));
    expect(errors.length).toBe(1);
    expect(documentFootprint(text, errors)).toBe(2 * text.length + JSON.stringify(errors).length);
  });

  it('bounds Apollo’s document store by footprint', async () => {
    const store = boundedDocumentStore(500_000); // room for two documents of 100,000 characters (200 KB each), not three
    const padded = (i: number) => parse(`{ hello } # ${i} ${'x'.repeat(100_000)}`);
    await store.set('one', padded(1));
    await store.set('two', padded(2));
    expect(await store.get('one')).toBeDefined(); // one is now the most recently used
    await store.set('three', padded(3));

    expect([await store.get('one'), await store.get('two'), await store.get('three')].map(Boolean)).toEqual([true, false, true]);
    expect(await store.delete('one')).toBe(true);
  });
});
