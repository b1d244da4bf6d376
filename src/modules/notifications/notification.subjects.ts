/**
 * What a notification's subject is, who may still read it, and the
 * audiences a `notify` call can name. Both are SQL, so that the inbox, the
 * unread count and every mail check readability in the statement that reads
 * them, at read and at delivery time, for any number of recipients at once.
 *
 * Each subject's predicate mirrors that feature's read rule in
 * `src/auth/policy/` (`waiver.read`, `partnership.read`, learning modules'
 * `learningModule.readDraft`), on the recipient's memberships as they are
 * now. A subject type with no predicate is never shown.
 *
 * Extension point for zone applications: `registerNotificationSubject('ZoneApplication', …)`
 * (its read rule) and, if needed, `registerAudience(…)`, from the applications module.
 */
import { NOTIFICATION_KINDS, type SubjectType } from './notification.kinds';

/** SQL over alias `n` (a notifications row: `n.recipient_id`, `n.subject_id`): true when the recipient may read the subject. */
type ReadableSql = string;

const readable = new Map<SubjectType, ReadableSql>([
  [
    'WaiverRequest',
    `(exists (select 1 from waiver_collaborators c where c.waiver_request_id = n.subject_id and c.user_id = n.recipient_id)
      or exists (select 1 from waiver_districts d join memberships m on m.organization_id = d.organization_id
                  where d.waiver_request_id = n.subject_id and m.user_id = n.recipient_id)
      or exists (select 1 from waiver_requests r where r.id = n.subject_id and r.submitted_at is not null
                  and exists (select 1 from memberships m join organizations o on o.id = m.organization_id
                               where m.user_id = n.recipient_id and o.kind = 'STATE_AGENCY')))`,
  ],
  [
    'Partnership',
    `exists (select 1 from partnerships p join memberships m on m.organization_id in (p.district_id, p.business_id)
              where p.id = n.subject_id and m.user_id = n.recipient_id)`,
  ],
  [
    'LearningModule',
    `exists (select 1 from learning_modules lm where lm.id = n.subject_id
              and (lm.status <> 'DRAFT' or exists (select 1 from memberships m where m.organization_id = lm.publisher_id and m.user_id = n.recipient_id)))`,
  ],
]);

/** Registers the read rule of a subject type (the extension point for features built later). */
export function registerNotificationSubject(type: SubjectType, sql: ReadableSql): void {
  readable.set(type, sql);
}

const OUTLIVING = Object.entries(NOTIFICATION_KINDS)
  .filter(([, spec]) => spec.outlivesAccess)
  .map(([kind]) => `'${kind}'`);

/** SQL over alias `n`: the notification may be shown (or mailed) to its recipient now. */
export function visibleSql(): string {
  const branches = [...readable].map(([type, sql]) => `(n.subject_type = '${type}' and ${sql})`);
  if (OUTLIVING.length) branches.push(`n.kind in (${OUTLIVING.join(', ')})`);
  return `(${branches.join(' or ') || 'false'})`;
}

/** Who a notify call names: people, or a set of people described by SQL selecting `user_id` (one `?`: the id given). */
export type Audience =
  | { users: readonly string[] }
  | { organizationEditors: string }
  | { organizationMembers: string }
  | { organizationOwners: string }
  | { waiverCollaborators: string }
  | { learningPlanHolders: string }
  | { currentSignOffOwners: string }
  | { applicationDrafters: string }
  | { applicationMembers: string }
  | { facilitationTeam: string };

const AUDIENCE_SQL: Record<string, string> = {
  organizationEditors: `select m.user_id from memberships m where m.organization_id = ? and m.role in ('OWNER', 'EDITOR')`,
  organizationOwners: `select m.user_id from memberships m where m.organization_id = ? and m.role = 'OWNER'`,
  organizationMembers: `select m.user_id from memberships m where m.organization_id = ?`,
  waiverCollaborators: `select c.user_id from waiver_collaborators c where c.waiver_request_id = ?`,
  learningPlanHolders: `select i.user_id from learning_plan_items i where i.module_id = ?`,
  /** Owners of the request's districts whose sign-off holds for the text as stored (before the edit in hand is flushed). */
  currentSignOffOwners: `select m.user_id from waiver_districts d
      join memberships m on m.organization_id = d.organization_id and m.role = 'OWNER'
     where d.waiver_request_id = ? and d.signed_off_at is not null
       and d.signed_text_version = (select r.layout_version + coalesce((select sum(s.version) from waiver_sections s where s.waiver_request_id = r.id), 0)
                                      from waiver_requests r where r.id = d.waiver_request_id)`,
};

/** SQL selecting a subject's title by id (one `?`), for callers that do not hold it. */
const TITLE_SQL = new Map<SubjectType, string>([
  ['WaiverRequest', 'select r.title from waiver_requests r where r.id = ?'],
  ['Partnership', 'select o.title from partnerships p join opportunities o on o.id = p.opportunity_id where p.id = ?'],
  ['LearningModule', 'select lm.title from learning_modules lm where lm.id = ?'],
]);

/** Registers how to read a subject type's title (extension point, with `registerNotificationSubject`). */
export function registerSubjectTitle(type: SubjectType, sql: string): void {
  TITLE_SQL.set(type, sql);
}

export function titleSql(type: SubjectType): string {
  return TITLE_SQL.get(type) ?? 'select null::text where ?::uuid is not null';
}

/** Registers an audience (extension point): SQL selecting `user_id`, with one `?` for the id. */
export function registerAudience(name: string, sql: string): void {
  AUDIENCE_SQL[name] = sql;
}

/** The SQL and parameters of one audience: a select of `user_id`. */
export function audienceSql(audience: Audience | Record<string, string>): { sql: string; params: unknown[] } {
  if ('users' in audience) return { sql: 'select unnest(?::uuid[]) as user_id', params: [`{${(audience.users as string[]).join(',')}}`] };
  const [name, id] = Object.entries(audience).find(([key]) => key !== 'kind') as [string, string];
  const sql = AUDIENCE_SQL[name];
  if (!sql) throw new Error(`unknown notification audience ${name}`);
  return { sql, params: [id] };
}
