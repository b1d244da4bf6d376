/**
 * Three-way merge of section text, line by line, with node-diff3 (the diff3
 * algorithm of GNU diffutils): edits to different lines merge; edits to the
 * same or adjacent lines conflict, as in `git merge`.
 */
import { diff3Merge } from 'node-diff3';

/** One place where the edit overlaps edits made since its base. */
export interface ConflictRegion {
  /** First line of the region in the current text, from 1. */
  line: number;
  /** The lines at the base version. */
  base: string[];
  /** The lines the edit wanted. */
  yours: string[];
  /** The lines in the current text. */
  theirs: string[];
}

export type MergeResult = { clean: true; body: string } | { clean: false; regions: ConflictRegion[] };

const lines = (text: string): string[] => text.split('\n');

/** Merges `yours` (made from `base`) into `theirs` (the current text). */
export function mergeText(base: string, yours: string, theirs: string): MergeResult {
  const blocks = diff3Merge(lines(yours), lines(base), lines(theirs), { excludeFalseConflicts: true });
  const merged: string[] = [];
  const regions: ConflictRegion[] = [];
  for (const block of blocks) {
    if (block.ok) merged.push(...block.ok);
    else if (block.conflict) {
      const { a, o, b, bIndex } = block.conflict;
      regions.push({ line: bIndex + 1, base: o, yours: a, theirs: b });
    }
  }
  return regions.length ? { clean: false, regions } : { clean: true, body: merged.join('\n') };
}
