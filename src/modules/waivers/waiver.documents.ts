/**
 * Waiver evidence: documents attached to a section (the standard template's
 * "Evidence of readiness" is where graduate profiles, board resolutions and
 * the like go), beside the links its text holds. Whoever may read the
 * request may download them; its lead and authors attach them while the
 * text is editable. Evidence is not part of the signed text (`textDigest`):
 * a sign-off stays current when evidence is added.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { can } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { arrayParam, selectRows } from '../../db/select';
import { expectGlobalId } from '../../domain/global-id';
import type { HubContext } from '../../graphql/context';
import { writeTransaction } from '../../graphql/write-transaction';
import { attachDocuments, attachedDocuments, detachDocument, DocumentPurpose, registerDocumentReaders, type Document } from '../documents';
import { loadAccess } from './waiver.access';
import type { AttachWaiverEvidenceInput, RemoveWaiverEvidenceInput } from './waiver.inputs';
import { WaiverSection } from './waiver-section.entity';
import { lockRequestForChange, requestIdOfSection } from './waiver.state';

/** Documents attached to waiver sections carry this target type. */
export const WAIVER_SECTION_TARGET = 'WaiverSection';

/** Of these sections, those whose waiver request the viewer may read. */
async function readableSections(em: EntityManager, viewer: Viewer, sectionIds: string[]): Promise<Set<string>> {
  const rows = await selectRows<{ id: string; waiver_request_id: string }>(em, 'select id, waiver_request_id from waiver_sections where id = any(?::uuid[])', [
    arrayParam(sectionIds),
  ]);
  const requestIds = [...new Set(rows.map((row) => row.waiver_request_id))];
  const accesses = await loadAccess(em, viewer.userId, requestIds);
  const readable = new Set(requestIds.filter((_, i) => accesses[i] !== null && can(viewer, 'waiver.read', accesses[i]!)));
  return new Set(rows.filter((row) => readable.has(row.waiver_request_id)).map((row) => row.id));
}

registerDocumentReaders(WAIVER_SECTION_TARGET, readableSections);

/** A section's evidence documents, in the order they were attached. */
export function sectionDocuments(ctx: HubContext, section: WaiverSection): Promise<Document[]> {
  return attachedDocuments(ctx, { targetType: WAIVER_SECTION_TARGET, targetId: section.id, purpose: DocumentPurpose.WAIVER_EVIDENCE });
}

/** In a write: the section's request locked FOR SHARE (as a text edit: submission waits), the viewer an author, the text editable. */
async function editableSection(em: EntityManager, viewer: Viewer, sectionId: string): Promise<void> {
  await lockRequestForChange(em, viewer, await requestIdOfSection(em, sectionId), { lock: 'share', action: 'waiver.edit', editable: true });
}

const evidenceOf = (sectionId: string) => ({ targetType: WAIVER_SECTION_TARGET, targetId: sectionId, purpose: DocumentPurpose.WAIVER_EVIDENCE });

/** An author attaches their uploads to a section as evidence. */
export async function attachWaiverEvidence(ctx: HubContext, input: AttachWaiverEvidenceInput): Promise<WaiverSection> {
  const sectionId = expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId');
  return writeTransaction(ctx, async (em, viewer) => {
    await editableSection(em, viewer, sectionId);
    await attachDocuments(em, viewer, input.documentIds, evidenceOf(sectionId), 'input.documentIds');
    return em.findOneOrFail(WaiverSection, { id: sectionId });
  });
}

/** An author takes a document off a section's evidence (it goes back to its uploader, unattached, and is swept in time). */
export async function removeWaiverEvidence(ctx: HubContext, input: RemoveWaiverEvidenceInput): Promise<WaiverSection> {
  const sectionId = expectGlobalId(input.sectionId, 'WaiverSection', 'input.sectionId');
  return writeTransaction(ctx, async (em, viewer) => {
    await editableSection(em, viewer, sectionId);
    await detachDocument(em, input.documentId, evidenceOf(sectionId), 'input.documentId');
    return em.findOneOrFail(WaiverSection, { id: sectionId });
  });
}
