/**
 * A section's text and its revisions written by bound statements (parts of a
 * transaction's one `writeTogether`), for the writes of the text that lock
 * the section as a read-only row (`lockedRow`): a keystroke's batch and a
 * whole-body edit or restore. Nothing here is in MikroORM's unit of work.
 * Times are the clock's when written, under the section's lock (not the
 * transaction's start, `now()`): a request's revisions, newest first, are in
 * the order their versions were made.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rowReader } from '../../db/read-rows';
import type { Write } from '../../db/select';
import type { WaiverRevisionKind } from './waiver.enums';
import { WaiverRevision, type WaiverSection } from './waiver-section.entity';

/** The section's body, version and last writer as they now are (set on the read-only row). */
export function sectionTextWrite(section: WaiverSection): Write {
  return {
    sql: 'update waiver_sections set body = ?, version = ?, updated_by_id = ?, updated_at = clock_timestamp() where id = ?',
    params: [section.body, section.version, section.updatedBy?.id ?? null, section.id],
  };
}

export interface NewRevision {
  waiverRequestId: string;
  sectionId: string;
  version: number;
  body: string;
  kind: WaiverRevisionKind;
  authorId: string | null;
  baseVersion: number | null;
  restoredFromVersion?: number | null;
}

/** A new revision's insert, answering its row (`returns`): `revisionOf` makes it the entity GraphQL shows. */
export function revisionInsert(em: EntityManager, revision: NewRevision): Write & { id: string } {
  const reader = rowReader(em, WaiverRevision);
  const id = randomUUID();
  return {
    id,
    sql: `insert into ${reader.table} as t (id, created_at, updated_at, waiver_request_id, section_id, version, body, kind, base_version, restored_from_version, author_id)
          values (?, clock_timestamp(), clock_timestamp(), ?, ?, ?, ?, ?, ?, ?, ?) returning ${reader.columns('t')}`,
    params: [
      id,
      revision.waiverRequestId,
      revision.sectionId,
      revision.version,
      revision.body,
      revision.kind,
      revision.baseVersion,
      revision.restoredFromVersion ?? null,
      revision.authorId,
    ],
    returns: true,
  };
}

/** The revision `revisionInsert` wrote, as a read-only entity. */
export function revisionOf(em: EntityManager, row: Record<string, unknown>): WaiverRevision {
  return rowReader(em, WaiverRevision).map(row);
}
