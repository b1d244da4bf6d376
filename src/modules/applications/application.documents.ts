/**
 * Documents of zone applications: the superintendent's letter of support
 * (attached to the application), evidence for an Evidence of Practice
 * (attached to its section) and the board resolution (attached to its
 * requirement). Who may download them is who may read the application.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { can } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { selectRows } from '../../db/select';
import { DocumentPurpose, registerDocumentReaders } from '../documents';
import { isFacilitator } from './application.access';

export const APPLICATION_TARGET = 'ZoneApplication';
export const SECTION_TARGET = 'ApplicationSection';
export const BOARD_RESOLUTION_TARGET = 'BoardResolutionRequirement';

/** How many letters of support an application holds. */
export async function letterOfSupportCount(em: EntityManager, applicationId: string): Promise<number> {
  const [row] = await selectRows<{ count: number }>(
    em,
    'select count(*)::int as count from documents where target_type = ? and target_id = ? and purpose = ?',
    [APPLICATION_TARGET, applicationId, DocumentPurpose.LETTER_OF_SUPPORT],
  );
  return row.count;
}

/** Evidence documents per section, for some sections. */
export async function evidenceCounts(em: EntityManager, sectionIds: string[]): Promise<Map<string, number>> {
  if (sectionIds.length === 0) return new Map();
  const rows = await selectRows<{ target_id: string; count: number }>(
    em,
    'select target_id, count(*)::int as count from documents where target_type = ? and target_id = any(?::uuid[]) and purpose = ? group by target_id',
    [SECTION_TARGET, `{${sectionIds.join(',')}}`, DocumentPurpose.APPLICATION_EVIDENCE],
  );
  return new Map(rows.map((row) => [row.target_id, row.count]));
}

interface ApplicationRow {
  key: string;
  applicant_id: string;
  teacher_id: string | null;
  submitted: boolean;
}

/** Of some targets (found through `from`, giving `key` per target), those whose application the viewer may read. */
async function readable(em: EntityManager, viewer: Viewer, ids: string[], from: string): Promise<Set<string>> {
  if (!viewer.userId) return new Set();
  const rows = await selectRows<ApplicationRow>(
    em,
    `select t.id as key, a.applicant_id, a.teacher_id, a.submitted_at is not null as submitted
       from ${from} where t.id = any(?::uuid[])`,
    [`{${ids.join(',')}}`],
  );
  const facilitator = await isFacilitator(em, viewer.userId);
  return new Set(
    rows
      .filter((row) => can(viewer, 'zoneApplication.read', { applicantId: row.applicant_id, teacherId: row.teacher_id, submitted: row.submitted, facilitator }))
      .map((row) => row.key),
  );
}

registerDocumentReaders(APPLICATION_TARGET, (em, viewer, ids) => readable(em, viewer, ids, 'zone_applications t join zone_applications a on a.id = t.id'));
registerDocumentReaders(SECTION_TARGET, (em, viewer, ids) =>
  readable(em, viewer, ids, 'zone_application_sections t join zone_applications a on a.id = t.application_id'),
);
registerDocumentReaders(BOARD_RESOLUTION_TARGET, (em, viewer, ids) =>
  readable(em, viewer, ids, 'board_resolution_requirements t join zone_applications a on a.id = t.application_id'),
);
