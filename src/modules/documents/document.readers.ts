/**
 * Who may download an attached document: the feature owning its target type
 * registers, once, a rule answering which of some targets a viewer may read
 * (the same rule as reading the target itself). Documents never import the
 * features that attach them; a target type with no rule is readable by no one.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';

/** Of `targetIds`, the ones `viewer` may read. */
export type DocumentReadRule = (em: EntityManager, viewer: Viewer, targetIds: string[]) => Promise<Set<string>>;

const rules = new Map<string, DocumentReadRule>();

/** Registers the read rule for documents attached to `targetType` (once per type; a second rule is a programming error). */
export function registerDocumentReaders(targetType: string, canRead: DocumentReadRule): void {
  if (rules.has(targetType)) throw new Error(`Document readers for ${targetType} are already registered`);
  rules.set(targetType, canRead);
}

/** Of the targets of one type, those the viewer may read (none without a rule). */
export async function readableTargets(em: EntityManager, viewer: Viewer, targetType: string, targetIds: string[]): Promise<Set<string>> {
  const rule = rules.get(targetType);
  if (!rule || targetIds.length === 0) return new Set();
  return rule(em, viewer, targetIds);
}
