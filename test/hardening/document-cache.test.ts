/**
 * Parsed documents are cached (Apollo's store over HTTP, the hub's own over
 * WebSocket); the caches must be bounded by the memory the documents keep
 * alive, source text included. Documents padded with comments (which the
 * token limit does not count) used to be held whole while counted as a few
 * hundred bytes.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { useTestHub } from '../helpers/hub';
import { readJson } from '../helpers/json';
import { answeredAll, runSession } from './hostile/ws-cases';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 1e6;
};

const DOCUMENTS = 300;
const PADDING = 500_000;
/** 300 distinct valid documents of 500 KB each: 150 MB if all were kept. */
const padded = (i: number) => `{ __typename } # ${i} ${'x'.repeat(PADDING)}`;

const t = useTestHub({ RATE_LIMIT_ADDRESS_PER_MINUTE: '100000' });

describe('cached documents', () => {
  it('stay within a bounded amount of memory over HTTP, however many large documents arrive', { timeout: 60_000 }, async () => {
    await t.request('{ regions }');
    const before = heapMb();
    for (let i = 0; i < DOCUMENTS; i++) {
      const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: padded(i) }) });
      expect((await readJson(response)).data).toEqual({ __typename: 'Query' });
    }
    expect(heapMb() - before).toBeLessThan(60);
  });

  it('stay within a bounded amount of memory over WebSocket, however many large documents arrive', { timeout: 60_000 }, async () => {
    const before = heapMb();
    for (let batch = 0; batch < DOCUMENTS / 50; batch++) {
      const frames = [JSON.stringify({ type: 'connection_init', payload: {} })];
      for (let i = 0; i < 50; i++) frames.push(JSON.stringify({ type: 'subscribe', id: `op${i}`, payload: { query: padded(DOCUMENTS + batch * 50 + i) } }));
      const result = await runSession(t.wsUrl, frames, { awaitAck: true, settle: answeredAll(50), timeoutMs: 20_000 });
      expect(result.messages.filter((m) => m.type === 'next')).toHaveLength(50);
    }
    expect(heapMb() - before).toBeLessThan(60);
  });
});
