/**
 * What a process keeps per connection, from two heap snapshots (as
 * hub-process.ts writes them with BENCH_HEAP_SNAPSHOT=1: `idle-<n>` before
 * the subscribers connect, `connected-<n>` once they are all subscribed):
 * objects by constructor (or V8 type), count and shallow size, the
 * difference divided by the number of connections.
 *
 *   node dist/test/bench/heap-summary.js <idle.heapsnapshot> <connected.heapsnapshot> <connections> [top]
 */
import fs from 'node:fs';
import { fixed, printTable } from './report';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Count and shallow bytes by "type name" (e.g. "object WebSocket", "closure onMessage", "string"). */
export function heapByKind(file: string): Map<string, { count: number; bytes: number }> {
  const heap = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt, width] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size'), fields.length];
  const kinds = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt]];
    // Strings and numbers are grouped by type (their "name" is their value).
    const key = ['object', 'closure', 'native', 'hidden', 'code'].includes(type) ? `${type} ${heap.strings[heap.nodes[i + nameAt]].slice(0, 60)}` : type;
    const kind = kinds.get(key) ?? { count: 0, bytes: 0 };
    kind.count++;
    kind.bytes += heap.nodes[i + sizeAt];
    kinds.set(key, kind);
  }
  return kinds;
}

export function printHeapDifference(idleFile: string, connectedFile: string, connections: number, top = 25): void {
  const [idle, connected] = [heapByKind(idleFile), heapByKind(connectedFile)];
  const rows = [...connected].map(([key, after]) => {
    const before = idle.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: (after.count - before.count) / connections, bytes: (after.bytes - before.bytes) / connections };
  });
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  printTable(
    `Heap per connection: ${fixed(total)} bytes (shallow sizes, connected - idle, / ${connections})`,
    ['kind', 'objects', 'bytes'],
    rows
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, top)
      .map((row) => [row.key, fixed(row.count, 2), fixed(row.bytes)]),
  );
}

if (require.main === module) {
  const [idle, connected, connections, top] = process.argv.slice(2);
  if (!idle || !connected || !connections) {
    console.error('usage: node dist/test/bench/heap-summary.js <idle.heapsnapshot> <connected.heapsnapshot> <connections> [top]');
    process.exit(2);
  }
  printHeapDifference(idle, connected, Number(connections), Number(top ?? 25));
}
