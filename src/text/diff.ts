/**
 * A shortest edit script between two sequences: Myers' O(ND) algorithm in
 * linear space (the middle-snake bisection of "An O(ND) Difference Algorithm
 * and Its Variations", 1986, as diff-match-patch implements it), with a work
 * budget. Every comparison, diagonal and array cell costs one step; when the
 * budget runs out the diff gives up (`null`) instead of running on, so a
 * client cannot buy seconds of CPU with one crafted text. Text with many equal
 * lines, which makes the LCS of Hunt and McIlroy (node-diff3) superlinear, is
 * Myers' best case: long snakes along the diagonals.
 */

/** A run of `oldLength` items of the old sequence replaced by `newLength` items of the new one. */
export interface Hunk {
  oldStart: number;
  oldLength: number;
  newStart: number;
  newLength: number;
}

/** The steps diffs may still take; one budget is shared by every diff of one merge. */
export class WorkBudget {
  constructor(public remaining: number) {}

  get exhausted(): boolean {
    return this.remaining < 0;
  }
}

type Range = [oldLo: number, oldHi: number, newLo: number, newHi: number];

type Split = [x: number, y: number] | 'disjoint' | 'exhausted';

/**
 * The hunks turning `old` into `next`, in order, separated by at least one
 * common item; `null` when the budget ran out first (the budget then shows
 * `exhausted`). Items compare with `===` (intern strings to numbers first for speed).
 */
export function diffSequences<T>(old: ArrayLike<T>, next: ArrayLike<T>, budget: WorkBudget): Hunk[] | null {
  const hunks: Hunk[] = [];
  const emit = (oldStart: number, oldLength: number, newStart: number, newLength: number) => {
    const last = hunks[hunks.length - 1];
    if (last && last.oldStart + last.oldLength === oldStart && last.newStart + last.newLength === newStart) {
      last.oldLength += oldLength;
      last.newLength += newLength;
    } else hunks.push({ oldStart, oldLength, newStart, newLength });
  };
  // Ranges still to compare, the leftmost on top, so hunks come out in order.
  const stack: Range[] = [[0, old.length, 0, next.length]];
  while (stack.length) {
    let [oldLo, oldHi, newLo, newHi] = stack.pop()!;
    const start = oldLo;
    const end = oldHi;
    while (oldLo < oldHi && newLo < newHi && old[oldLo] === next[newLo]) {
      oldLo++;
      newLo++;
    }
    while (oldHi > oldLo && newHi > newLo && old[oldHi - 1] === next[newHi - 1]) {
      oldHi--;
      newHi--;
    }
    budget.remaining -= 1 + (oldLo - start) + (end - oldHi);
    if (budget.exhausted) return null;
    if (oldLo === oldHi || newLo === newHi) {
      if (oldLo !== oldHi || newLo !== newHi) emit(oldLo, oldHi - oldLo, newLo, newHi - newLo);
      continue;
    }
    const split = bisect(old, oldLo, oldHi - oldLo, next, newLo, newHi - newLo, budget);
    if (split === 'exhausted') return null;
    if (split === 'disjoint') {
      emit(oldLo, oldHi - oldLo, newLo, newHi - newLo);
      continue;
    }
    const [x, y] = split;
    stack.push([oldLo + x, oldHi, newLo + y, newHi], [oldLo, oldLo + x, newLo, newLo + y]);
  }
  return hunks;
}

/**
 * Where the forward and reverse searches of the shortest path meet: a split
 * point (relative to the offsets) on an optimal path, 'disjoint' when the
 * sequences share nothing, 'exhausted' when the budget ran out. The search
 * arrays are sized for the edit distance the budget can pay for, not for
 * the inputs, so a long text costs memory only as far as it is searched.
 */
function bisect<T>(a: ArrayLike<T>, aOff: number, n: number, b: ArrayLike<T>, bOff: number, m: number, budget: WorkBudget): Split {
  const fullD = Math.ceil((n + m) / 2);
  const maxD = Math.min(fullD, Math.ceil(Math.sqrt(Math.max(budget.remaining, 0))) + 1);
  const vOffset = maxD;
  const vLength = 2 * maxD;
  // Two cells more than diff-match-patch's arrays, which grow past their end where a typed array would drop the write.
  const v1 = new Int32Array(vLength + 2).fill(-1);
  const v2 = new Int32Array(vLength + 2).fill(-1);
  v1[vOffset + 1] = 0;
  v2[vOffset + 1] = 0;
  let steps = budget.remaining - 2 * vLength;
  const delta = n - m;
  const front = delta % 2 !== 0;
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  for (let d = 0; d < maxD; d++) {
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const k1Offset = vOffset + k1;
      let x1 = k1 === -d || (k1 !== d && v1[k1Offset - 1] < v1[k1Offset + 1]) ? v1[k1Offset + 1] : v1[k1Offset - 1] + 1;
      let y1 = x1 - k1;
      const from = x1;
      while (x1 < n && y1 < m && a[aOff + x1] === b[bOff + y1]) {
        x1++;
        y1++;
      }
      steps -= 1 + x1 - from;
      if (steps < 0) return spent(budget, steps, 'exhausted');
      v1[k1Offset] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const k2Offset = vOffset + delta - k1;
        if (k2Offset >= 0 && k2Offset < vLength && v2[k2Offset] !== -1 && x1 >= n - v2[k2Offset]) return spent(budget, steps, [x1, y1]);
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const k2Offset = vOffset + k2;
      let x2 = k2 === -d || (k2 !== d && v2[k2Offset - 1] < v2[k2Offset + 1]) ? v2[k2Offset + 1] : v2[k2Offset - 1] + 1;
      let y2 = x2 - k2;
      const from = x2;
      while (x2 < n && y2 < m && a[aOff + n - x2 - 1] === b[bOff + m - y2 - 1]) {
        x2++;
        y2++;
      }
      steps -= 1 + x2 - from;
      if (steps < 0) return spent(budget, steps, 'exhausted');
      v2[k2Offset] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const k1Offset = vOffset + delta - k2;
        if (k1Offset >= 0 && k1Offset < vLength && v1[k1Offset] !== -1) {
          const x1 = v1[k1Offset];
          if (x1 >= n - x2) return spent(budget, steps, [x1, vOffset + x1 - k1Offset]);
        }
      }
    }
  }
  return spent(budget, steps, maxD < fullD ? 'exhausted' : 'disjoint');
}

function spent(budget: WorkBudget, steps: number, split: Split): Split {
  budget.remaining = steps;
  return split;
}
