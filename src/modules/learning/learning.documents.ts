/**
 * Learning evidence: documents attached to a completed module in a plan
 * (a certificate, an artifact), beside the evidence link. Plans are read by
 * their educator alone today, so only they may download them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { selectRows } from '../../db/select';
import type { HubContext } from '../../graphql/context';
import { attachDocuments, attachedDocuments, DocumentPurpose, registerDocumentReaders, type Document } from '../documents';
import type { LearningPlanItem } from './learning-plan.entity';

/** Documents attached to plan items carry this target type. */
export const PLAN_ITEM_TARGET = 'LearningPlanItem';

/** Of these plan items, those in the viewer's own plan. */
async function readablePlanItems(em: EntityManager, viewer: Viewer, itemIds: string[]): Promise<Set<string>> {
  if (!viewer.userId) return new Set();
  const rows = await selectRows<{ id: string }>(em, 'select id from learning_plan_items where id = any(?::uuid[]) and user_id = ?', [
    `{${itemIds.join(',')}}`,
    viewer.userId,
  ]);
  return new Set(rows.map((row) => row.id));
}

registerDocumentReaders(PLAN_ITEM_TARGET, readablePlanItems);

function target(itemId: string) {
  return { targetType: PLAN_ITEM_TARGET, targetId: itemId, purpose: DocumentPurpose.LEARNING_EVIDENCE };
}

/** Attaches the viewer's uploads to their plan item as evidence of completion (in the caller's write transaction). */
export function attachCompletionEvidence(em: EntityManager, viewer: Viewer, item: LearningPlanItem, documentIds: string[], path: string): Promise<Document[]> {
  return attachDocuments(em, viewer, documentIds, target(item.id), path);
}

/** A plan item's evidence documents, in the order they were attached. */
export function planItemDocuments(ctx: HubContext, item: LearningPlanItem): Promise<Document[]> {
  return attachedDocuments(ctx, target(item.id));
}
