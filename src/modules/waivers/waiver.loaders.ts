/** Batched reads of a waiver request's parts: one statement per level for all parents in a request. */
import type { HubContext } from '../../graphql/context';
import { BY_ID, nestedPage, type ConnectionResult, type PageArgs, type SortKey } from '../../graphql/connection';
import { expectGlobalId } from '../../domain/global-id';
import { rowReader } from '../../db/read-rows';
import { User } from '../users/user.entity';
import { arrayParam, selectRows } from '../../db/select';
import type { WaiverRequest } from './waiver.entity';
import type { WaiverCommentsArgs } from './waiver.inputs';
import { textStateOf, type TextState } from './waiver.state';
import { WaiverCollaborator, WaiverDistrict } from './waiver-party.entity';
import { WaiverComment } from './waiver-comment.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import type { SignedTextSnapshot } from './waiver-signed-text';

/** Sections of requests, in document order. */
export function sectionsOf(ctx: HubContext, waiverRequestId: string): Promise<WaiverSection[]> {
  return ctx.loaders.childrenOf(WaiverSection, 'waiver_request_id', 't.position asc, t.id asc').load(waiverRequestId);
}

const textStates = new WeakMap<WaiverSection[], TextState>();

/**
 * A request's text state from the sections this operation reads (the same
 * rows its `sections` field returns), computed once per operation: the
 * digest a client sees is the digest of the text it was given.
 */
export async function textStateOfRequest(ctx: HubContext, request: WaiverRequest): Promise<TextState> {
  const sections = await sectionsOf(ctx, request.id);
  let state = textStates.get(sections);
  if (!state) textStates.set(sections, (state = textStateOf(request, sections)));
  return state;
}

/** Co-signing districts of requests: the lead first, then in the order they joined. */
export function districtsOf(ctx: HubContext, waiverRequestId: string): Promise<WaiverDistrict[]> {
  return ctx.loaders.childrenOf(WaiverDistrict, 'waiver_request_id', 't.lead desc, t.created_at asc, t.id asc').load(waiverRequestId);
}

/**
 * The text each sign-off kept (null when never signed, or signed before the
 * text was kept), batched: one statement for all the districts asked in a
 * request. Lists of districts leave the column out (it is lazy), so a read
 * that does not ask for it costs nothing more.
 */
export function signedTextSnapshotOf(ctx: HubContext, districtId: string): Promise<SignedTextSnapshot | null> {
  return ctx.loaders
    .get('waiverSignedText', (em) =>
      ctx.loaders.batched<string, SignedTextSnapshot | null>(async (ids) => {
        const rows = await selectRows<{ id: string; signed_text: SignedTextSnapshot | null }>(
          em,
          'select d.id, d.signed_text from waiver_districts d where d.id = any(?::uuid[])',
          [arrayParam(ids)],
        );
        const byId = new Map(rows.map((row) => [String(row.id), row.signed_text]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    )
    .load(districtId);
}

/** Collaborators of requests, in the order they were invited. */
export function collaboratorsOf(ctx: HubContext, waiverRequestId: string): Promise<WaiverCollaborator[]> {
  return ctx.loaders.childrenOf(WaiverCollaborator, 'waiver_request_id', 't.created_at asc, t.id asc').load(waiverRequestId);
}

/** Who has each section open now (presence not yet expired). */
export function editorsOf(ctx: HubContext, sectionId: string): Promise<User[]> {
  return ctx.loaders
    .groupedBy<User>('waiverEditors', async (em, ids) => {
      const rows = await selectRows(
        em,
        `select p.section_id as "__section", u.* from waiver_presence p join users u on u.id = p.user_id
          where p.section_id = any(?::uuid[]) and p.expires_at > now() order by p.updated_at, u.id`,
        [arrayParam(ids)],
      );
      const users = rowReader(em, User);
      return rows.map((row) => [String(row.__section), ctx.loaders.primed(User, users.map(row))]);
    })
    .load(sectionId);
}

/** Replies in threads, oldest first. */
export function repliesOf(ctx: HubContext, commentId: string): Promise<WaiverComment[]> {
  return ctx.loaders.childrenOf(WaiverComment, 'parent_id', 't.created_at asc, t.id asc').load(commentId);
}

const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', column: 'created_at', direction: 'desc', type: 'timestamp' },
  { ...BY_ID, direction: 'desc' },
];
const OLDEST_FIRST: SortKey[] = [{ field: 'createdAt', column: 'created_at', direction: 'asc', type: 'timestamp' }, BY_ID];
const VERSION_DESC: SortKey[] = [
  { field: 'version', column: 'version', direction: 'desc', type: 'integer' },
  { ...BY_ID, direction: 'desc' },
];

/** Every revision of a request's sections, newest first. */
export function requestRevisions(ctx: HubContext, waiverRequestId: string, args: PageArgs): Promise<ConnectionResult<WaiverRevision>> {
  return nestedPage(
    ctx,
    { name: 'waiverRevisions', entity: WaiverRevision, table: 'waiver_revisions', parentColumn: 'waiver_request_id', order: NEWEST_FIRST },
    waiverRequestId,
    args,
  );
}

/** A section's revisions, newest version first. */
export function sectionRevisions(ctx: HubContext, sectionId: string, args: PageArgs): Promise<ConnectionResult<WaiverRevision>> {
  return nestedPage(
    ctx,
    { name: 'waiverSectionRevisions', entity: WaiverRevision, table: 'waiver_revisions', parentColumn: 'section_id', order: VERSION_DESC },
    sectionId,
    args,
  );
}

/** A request's comment threads (first comments; replies under each), oldest first, filtered. */
export function requestComments(ctx: HubContext, waiverRequestId: string, args: WaiverCommentsArgs): Promise<ConnectionResult<WaiverComment>> {
  const conditions = ['t.parent_id is null'];
  const params: unknown[] = [];
  if (args.resolved === true) conditions.push('t.resolved_at is not null');
  if (args.resolved === false) conditions.push('t.resolved_at is null');
  if (args.sectionId) {
    conditions.push('t.section_id = ?');
    params.push(expectGlobalId(args.sectionId, 'WaiverSection', 'sectionId'));
  }
  return nestedPage(
    ctx,
    {
      name: 'waiverComments',
      entity: WaiverComment,
      table: 'waiver_comments',
      parentColumn: 'waiver_request_id',
      order: OLDEST_FIRST,
      filter: { sql: conditions.join(' and '), params },
    },
    waiverRequestId,
    args,
  );
}
