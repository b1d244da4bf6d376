/**
 * An application section's narrative as a Yjs document, co-typed live as a
 * waiver section is (the hub's co-typed texts: src/text/yjs.ts for the
 * document, src/db/yjs-document.ts for its storage). Every accepted update
 * is appended to `zone_application_section_updates` in the transaction that
 * locks the application (FOR SHARE, as a narrative edit does) and the
 * section (FOR UPDATE), and the section's `body` is set to the Y.Text there
 * too, so submission checks, exports and review read the document's text.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { replayToVersion, type DocumentTables } from '../../db/yjs-document';
import type { TextBounds } from '../../text/yjs';
import { ApplicationSectionDoc, ApplicationSectionUpdate } from './application-section-doc.entity';
import { ApplicationSection, ApplicationSectionRevision } from './application.entity';
import { NARRATIVE } from './application.inputs';

/** The tables of application narratives' documents. */
export const NARRATIVE_TABLES: DocumentTables<ApplicationSectionDoc> = {
  text: ApplicationSection,
  doc: ApplicationSectionDoc,
  update: ApplicationSectionUpdate,
};

/** What a narrative's document may become. */
export const NARRATIVE_BOUNDS: TextBounds = { maxLength: NARRATIVE, syncWith: 'applicationSectionSync' };

/**
 * A narrative's text at `version`: its revision's (a whole-body edit), else
 * replayed from its document (a version typed live). Null when it never had it.
 */
export async function narrativeAtVersion(em: EntityManager, section: ApplicationSection, version: number): Promise<string | null> {
  const revision = await em.findOne(ApplicationSectionRevision, { section, version });
  if (revision) return revision.body;
  return replayToVersion(em, NARRATIVE_TABLES, section.id, version);
}
