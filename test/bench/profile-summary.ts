/**
 * Reading the bench's CPU profiles (.cpuprofile, as child-profiling.ts writes
 * them): self time per function and per package, busy time only (idle
 * excluded). Also a command: `node dist/test/bench/profile-summary.js <file> [top]`.
 */
import fs from 'node:fs';
import { fixed, printTable } from './report';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: a package, Node's internals, the hub's code, or V8's own entries ((garbage collector), (program)). */
export function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'native';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1];
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/dist\/((?:src|test)\/[^/]+)/.exec(url);
  return own ? own[1] : url;
}

export interface ProfileSummary {
  busyMs: number;
  functions: Array<{ name: string; place: string; ms: number }>;
  places: Array<{ place: string; ms: number }>;
}

export function summarizeProfile(file: string): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<ProfileNode, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    self.set(node, (self.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const functions = new Map<string, { name: string; place: string; ms: number }>();
  const places = new Map<string, number>();
  let busyMs = 0;
  for (const [node, ms] of self) {
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busyMs += ms;
    const place = placeOf(url, functionName);
    const file = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
    const key = `${functionName} ${file}`;
    const entry = functions.get(key) ?? { name: `${functionName || '(anonymous)'}${file ? ` ${file}` : ''}`, place, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
    places.set(place, (places.get(place) ?? 0) + ms);
  }
  return {
    busyMs,
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms),
    places: [...places].map(([place, ms]) => ({ place, ms })).sort((a, b) => b.ms - a.ms),
  };
}

/** Prints the top functions and places by self time; `per` divides the times (e.g. by the number of edits). */
export function printProfile(title: string, file: string, top = 15, per = 1): ProfileSummary {
  const summary = summarizeProfile(file);
  const share = (ms: number) => `${fixed((100 * ms) / summary.busyMs, 1)}%`;
  printTable(
    `${title}: busy ${fixed(summary.busyMs / per, 1)} ms${per === 1 ? '' : ' per edit'}, by place (self time)`,
    ['place', per === 1 ? 'ms' : 'ms/edit', 'share'],
    summary.places.slice(0, top).map((p) => [p.place, fixed(p.ms / per, 1), share(p.ms)]),
  );
  printTable(
    `${title}: top functions by self time (${file})`,
    ['function', 'place', per === 1 ? 'ms' : 'ms/edit', 'share'],
    summary.functions.slice(0, top).map((f) => [f.name, f.place, fixed(f.ms / per, 2), share(f.ms)]),
  );
  return summary;
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node dist/test/bench/profile-summary.js <file.cpuprofile> [top]');
    process.exit(2);
  }
  printProfile('Profile', file, Number(top ?? 25));
}

interface HeapNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/**
 * Prints the functions and places that allocated most in a sampling heap
 * profile (child-profiling.ts: collected objects included), in KB per `per`.
 */
export function printAllocations(title: string, file: string, top = 15, per = 1): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { head: HeapNode; samples: Array<{ size: number; nodeId: number }> };
  const byId = new Map<number, HeapNode>();
  const pending = [profile.head];
  while (pending.length > 0) {
    const node = pending.pop()!;
    byId.set(node.id, node);
    pending.push(...node.children);
  }
  const functions = new Map<string, { name: string; place: string; bytes: number }>();
  const places = new Map<string, number>();
  let total = 0;
  for (const sample of profile.samples) {
    const { functionName, url, lineNumber } = byId.get(sample.nodeId)!.callFrame;
    const place = placeOf(url, functionName);
    const name = `${functionName || '(anonymous)'}${url ? ` ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`;
    const entry = functions.get(name) ?? { name, place, bytes: 0 };
    entry.bytes += sample.size;
    functions.set(name, entry);
    places.set(place, (places.get(place) ?? 0) + sample.size);
    total += sample.size;
  }
  const kb = (bytes: number) => fixed(bytes / 1024 / per, 0);
  const share = (bytes: number) => `${fixed((100 * bytes) / total, 1)}%`;
  printTable(
    `${title}: ${kb(total)} KB, by place`,
    ['place', 'KB', 'share'],
    [...places]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([place, bytes]) => [place, kb(bytes), share(bytes)]),
  );
  printTable(
    `${title}: top allocating functions (${file})`,
    ['function', 'place', 'KB', 'share'],
    [...functions.values()]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, top)
      .map((f) => [f.name, f.place, kb(f.bytes), share(f.bytes)]),
  );
}
