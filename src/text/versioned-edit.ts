/**
 * An edit of versioned text made from `baseVersion`: the one rule every
 * co-drafted text follows (waiver sections, zone application answers). From
 * the current version it applies as sent; from an older one it is merged
 * three-way (`mergeText`) against the text at that version, and overlapping
 * changes come back as a conflict, never as a silent overwrite.
 */
import { BadUserInputError } from '../errors';
import { mergeText, type ConflictRegion } from './merge';

export interface VersionedText {
  version: number;
  body: string;
}

export type VersionedEditResult =
  /** `merged`: made from an older version and merged into the current text. */
  { kind: 'applied' | 'merged'; body: string } | { kind: 'conflict'; regions: ConflictRegion[]; budgetExceeded: boolean };

export interface VersionedEdit {
  current: VersionedText;
  baseVersion: number;
  body: string;
  /** The text at an older version, or null when there is no such version. */
  bodyAt(version: number): Promise<string | null>;
  /** The input path of `baseVersion`, for BAD_USER_INPUT. */
  path: string;
  /** What the text is, in errors ("section": "is ahead of the section", "is not a version of this section"). */
  what: string;
}

/** Resolves an edit against the current text; BAD_USER_INPUT for a base version ahead of it or unknown. */
export async function resolveVersionedEdit(edit: VersionedEdit): Promise<VersionedEditResult> {
  const { current, baseVersion, body } = edit;
  if (baseVersion > current.version) throw BadUserInputError.field(edit.path, `is ahead of the ${edit.what}, which is at version ${current.version}`);
  if (baseVersion === current.version) return { kind: 'applied', body };
  const base = await edit.bodyAt(baseVersion);
  if (base === null) throw BadUserInputError.field(edit.path, `is not a version of this ${edit.what}`);
  const merged = mergeText(base, body, current.body);
  if (!merged.clean) return { kind: 'conflict', regions: merged.regions, budgetExceeded: merged.budgetExceeded };
  return { kind: 'merged', body: merged.body };
}
