import { describe, expect, it } from 'vitest';
import { diffSequences, WorkBudget } from '../../src/text/diff';
import { DEFAULT_MERGE_STEPS, diffLines, mergeText } from '../../src/text/merge';

const xs = (count: number) => Array.from({ length: count }, () => 'x');
const alternating = (count: number) => Array.from({ length: count }, (_, i) => (i % 2 ? 'y' : 'x'));

/** The length of a longest common subsequence, by dynamic programming (small inputs only). */
function lcsLength(a: number[], b: number[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const item of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = item === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

describe('diffSequences', () => {
  it('finds a shortest edit script that turns the old sequence into the new one', () => {
    let seed = 11;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 2000; round++) {
      const a = Array.from({ length: random(14) }, () => random(3));
      const b = Array.from({ length: random(14) }, () => random(3));
      const hunks = diffSequences(a, b, new WorkBudget(1e9))!;
      const applied: number[] = [];
      let at = 0;
      for (const hunk of hunks) {
        applied.push(...a.slice(at, hunk.oldStart), ...b.slice(hunk.newStart, hunk.newStart + hunk.newLength));
        at = hunk.oldStart + hunk.oldLength;
      }
      applied.push(...a.slice(at));
      expect(applied).toEqual(b);
      const edits = hunks.reduce((sum, hunk) => sum + hunk.oldLength + hunk.newLength, 0);
      expect(edits).toBe(a.length + b.length - 2 * lcsLength(a, b));
    }
  });

  it('gives up with null, not a long run, once the budget is spent', () => {
    const budget = new WorkBudget(10_000);
    expect(
      diffSequences(
        Int32Array.from(xs(5000), () => 0),
        Int32Array.from(alternating(5000), (line) => (line === 'x' ? 0 : 1)),
        budget,
      ),
    ).toBeNull();
    expect(budget.exhausted).toBe(true);
  });
});

describe('mergeText', () => {
  const base = ['a', 'b', 'c', 'd', 'e'].join('\n');

  it('merges edits to different lines', () => {
    expect(mergeText(base, 'A\nb\nc\nd\ne', 'a\nb\nc\nd\nE')).toEqual({ clean: true, body: 'A\nb\nc\nd\nE' });
  });

  it('reports edits to the same or adjacent lines as regions, and the same edit on both sides as none', () => {
    expect(mergeText(base, 'a\nB\nc\nd\ne', 'a\nb2\nc\nd\ne')).toEqual({
      clean: false,
      budgetExceeded: false,
      regions: [{ line: 2, base: ['b'], yours: ['B'], theirs: ['b2'] }],
    });
    expect(mergeText(base, 'a\nB\nc\nd\ne', 'a\nb\nC\nd\ne')).toMatchObject({ clean: false, regions: [{ line: 2, base: ['b', 'c'] }] });
    expect(mergeText(base, 'a\nB\nc\nd\ne', 'a\nB\nc\nd\ne\nf')).toEqual({ clean: true, body: 'a\nB\nc\nd\ne\nf' });
  });

  it('answers the worst case of node-diff3 (many equal lines, an alternating edit) within its budget, as a conflict', () => {
    for (const count of [2_500, 4_000, 50_000]) {
      const started = performance.now();
      const result = mergeText(xs(count).join('\n'), [...alternating(2_500), ...xs(count - 2_500)].join('\n'), ['changed', ...xs(count - 1)].join('\n'));
      const took = performance.now() - started;
      expect(result, `${count} lines`).toMatchObject({ clean: false, budgetExceeded: true, regions: [{ line: 1 }] });
      // node-diff3 took 5-7 s at 2,500 lines and 23 s at 4,000 on an idle machine; the budget is about 20 ms of one core.
      expect(took, `${count} lines`).toBeLessThan(2_000);
    }
  });

  it('spends a budget that grows with the size of the edit, not with repeated lines', () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `Line ${i}: students show mastery.`);
    const yours = lines.map((line, i) => (i % 50 === 0 ? `${line} (yours)` : line));
    const theirs = lines.map((line, i) => (i % 50 === 25 ? `${line} (theirs)` : line));
    const result = mergeText(lines.join('\n'), yours.join('\n'), theirs.join('\n'), DEFAULT_MERGE_STEPS / 10);
    expect(result.clean).toBe(true);
    expect(diffLines(xs(100_000).join('\n'), ['y', ...xs(99_999)].join('\n'), 300_000)).toEqual([{ oldStart: 0, oldLength: 1, newStart: 0, newLength: 1 }]);
  });
});
