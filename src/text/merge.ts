/**
 * Three-way merge of text, line by line, with a work budget: the diff3 of
 * GNU diffutils (as node-diff3 and `git merge` do it: edits to different
 * lines merge; edits to the same or adjacent lines conflict; the same edit on
 * both sides is no conflict), on the budgeted Myers diff of `./diff`. When the
 * budget runs out the merge does not guess: it reports one conflict region
 * spanning everything between the lines all three texts share at both ends.
 * Reused by every feature that merges or diffs text a client sends.
 */
import { diffSequences, WorkBudget, type Hunk } from './diff';

/**
 * Steps one merge may take unless configured (LIMIT_MERGE_STEPS): the worst
 * case then takes about 20 ms of one core (50 ms at the 100,000-character
 * limit, mostly splitting lines); a 2,000-line section with 80 scattered
 * edits takes 60,000 steps.
 */
export const DEFAULT_MERGE_STEPS = 1_000_000;

let configuredSteps = DEFAULT_MERGE_STEPS;

/** Sets the budget merges and diffs use when given none (the hub calls it once at start). */
export function configureTextMerge(steps: number): void {
  configuredSteps = steps;
}

/** One place where `yours` overlaps the changes that made `theirs`. */
export interface ConflictRegion {
  /** First line of the region in `theirs`, from 1. */
  line: number;
  /** The lines at the base. */
  base: string[];
  /** The lines `yours` wanted. */
  yours: string[];
  /** The lines in `theirs`. */
  theirs: string[];
}

export type MergeResult =
  | { clean: true; body: string }
  /** `budgetExceeded`: the texts differ too much to merge within the budget; `regions` then holds one region spanning the difference. */
  | { clean: false; regions: ConflictRegion[]; budgetExceeded: boolean };

const lines = (text: string): string[] => text.split('\n');

/** The lines of several texts as numbers, equal lines equal numbers, so a diff compares integers. */
function intern(...texts: string[][]): Int32Array[] {
  const ids = new Map<string, number>();
  return texts.map((text) =>
    Int32Array.from(text, (line) => {
      let id = ids.get(line);
      if (id === undefined) ids.set(line, (id = ids.size));
      return id;
    }),
  );
}

/** Line diff of two texts within `budget` steps: the hunks, or null when the budget ran out. */
export function diffLines(before: string, after: string, budget = configuredSteps): Hunk[] | null {
  const [a, b] = intern(lines(before), lines(after));
  return diffSequences(a, b, new WorkBudget(budget));
}

/**
 * Merges `yours` (made from `base`) into `theirs` (made from `base` too,
 * e.g. the current text), spending at most `budget` steps.
 */
export function mergeText(base: string, yours: string, theirs: string, budget = configuredSteps): MergeResult {
  if (yours === theirs || base === theirs) return { clean: true, body: yours };
  if (base === yours) return { clean: true, body: theirs };
  const text = { o: lines(base), a: lines(yours), b: lines(theirs) };
  const [o, a, b] = intern(text.o, text.a, text.b);
  const work = new WorkBudget(budget);
  const toYours = diffSequences(o, a, work);
  const toTheirs = toYours && diffSequences(o, b, work);
  if (!toYours || !toTheirs) return { clean: false, regions: [wholeDifference(o, a, b, text)], budgetExceeded: true };
  return combine(toYours, toTheirs, text);
}

interface SidedHunk extends Hunk {
  side: 'a' | 'b';
}

/** diff3's sweep over both sides' hunks, ordered by where they start in the base (node-diff3's diff3MergeRegions and diff3Merge). */
function combine(toYours: Hunk[], toTheirs: Hunk[], text: { o: string[]; a: string[]; b: string[] }): MergeResult {
  const { o, a, b } = text;
  const hunks: SidedHunk[] = [...toYours.map((h) => ({ ...h, side: 'a' as const })), ...toTheirs.map((h) => ({ ...h, side: 'b' as const }))];
  hunks.sort((x, y) => x.oldStart - y.oldStart);
  const merged: string[] = [];
  const regions: ConflictRegion[] = [];
  let offset = 0;
  for (let i = 0; i < hunks.length;) {
    const first = hunks[i];
    const regionStart = first.oldStart;
    let regionEnd = first.oldStart + first.oldLength;
    let j = i + 1;
    while (j < hunks.length && hunks[j].oldStart <= regionEnd) {
      regionEnd = Math.max(regionEnd, hunks[j].oldStart + hunks[j].oldLength);
      j++;
    }
    merged.push(...o.slice(offset, regionStart));
    const group = hunks.slice(i, j);
    if (group.length === 1) {
      merged.push(...(first.side === 'a' ? a : b).slice(first.newStart, first.newStart + first.newLength));
    } else {
      const yours = span(group, 'a', regionStart, regionEnd, a);
      const theirs = span(group, 'b', regionStart, regionEnd, b);
      if (sameLines(yours.lines, theirs.lines)) merged.push(...yours.lines);
      else regions.push({ line: theirs.start + 1, base: o.slice(regionStart, regionEnd), yours: yours.lines, theirs: theirs.lines });
    }
    offset = regionEnd;
    i = j;
  }
  merged.push(...o.slice(offset));
  return regions.length ? { clean: false, regions, budgetExceeded: false } : { clean: true, body: merged.join('\n') };
}

/**
 * The lines of one side covering the base's [regionStart, regionEnd), its hunks joined and the unchanged skew added.
 * A region of two or more hunks always holds hunks of both sides: one side's hunks are apart by a common line.
 */
function span(group: SidedHunk[], side: 'a' | 'b', regionStart: number, regionEnd: number, lines: string[]): { start: number; lines: string[] } {
  let newLo = lines.length;
  let newHi = -1;
  let oldLo = Number.MAX_SAFE_INTEGER;
  let oldHi = -1;
  for (const hunk of group) {
    if (hunk.side !== side) continue;
    newLo = Math.min(newLo, hunk.newStart);
    newHi = Math.max(newHi, hunk.newStart + hunk.newLength);
    oldLo = Math.min(oldLo, hunk.oldStart);
    oldHi = Math.max(oldHi, hunk.oldStart + hunk.oldLength);
  }
  const start = newLo + (regionStart - oldLo);
  const end = newHi + (regionEnd - oldHi);
  return { start, lines: lines.slice(start, end) };
}

function sameLines(x: string[], y: string[]): boolean {
  return x.length === y.length && x.every((line, i) => line === y[i]);
}

/** One region from the first to the last line where the three texts differ. */
function wholeDifference(o: Int32Array, a: Int32Array, b: Int32Array, text: { o: string[]; a: string[]; b: string[] }): ConflictRegion {
  let head = 0;
  while (head < o.length && head < a.length && head < b.length && o[head] === a[head] && o[head] === b[head]) head++;
  let tail = 0;
  const room = Math.min(o.length, a.length, b.length) - head;
  while (tail < room && o[o.length - 1 - tail] === a[a.length - 1 - tail] && o[o.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return {
    line: head + 1,
    base: text.o.slice(head, o.length - tail),
    yours: text.a.slice(head, a.length - tail),
    theirs: text.b.slice(head, b.length - tail),
  };
}
