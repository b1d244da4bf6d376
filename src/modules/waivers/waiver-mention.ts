/**
 * @mentions in waiver comments (the token format is the notifications'
 * `@[<global id>]`): stored as WaiverCommentMention rows with the comment,
 * autocompleted from the request's collaborators and districts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../db/select';
import { toGlobalId } from '../../domain/global-id';
import type { Mentions } from '../notifications/notification.mentions';
import type { WaiverComment } from './waiver-comment.entity';
import { WaiverCommentMention } from './waiver-mention.entity';

/** Stores a new comment's mentions (flushed with the comment). */
export function recordMentions(em: EntityManager, comment: WaiverComment, mentions: Mentions): void {
  for (const userId of mentions.userIds) em.create(WaiverCommentMention, { comment, userId });
  for (const organizationId of mentions.organizationIds) em.create(WaiverCommentMention, { comment, organizationId });
}

export interface MentionCandidate {
  id: string;
  name: string;
  kind: 'USER' | 'ORGANIZATION';
  /** The token to write in a comment. */
  token: string;
}

/** The request's collaborators and districts whose names start a word with `search` (all when empty), at most `first`. */
export async function mentionCandidates(em: EntityManager, waiverRequestId: string, search: string, first: number): Promise<MentionCandidate[]> {
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await selectRows<{ id: string; name: string; kind: 'USER' | 'ORGANIZATION' }>(
    em,
    `select * from (
       select u.id, u.display_name as name, 'USER' as kind from waiver_collaborators c join users u on u.id = c.user_id where c.waiver_request_id = ?
       union all
       select o.id, o.name, 'ORGANIZATION' from waiver_districts d join organizations o on o.id = d.organization_id where d.waiver_request_id = ?
     ) m where m.name ilike ? order by m.kind desc, m.name, m.id limit ?`,
    [waiverRequestId, waiverRequestId, pattern, first],
  );
  return rows.map((row) => {
    const id = toGlobalId(row.kind === 'USER' ? 'User' : 'Organization', row.id);
    return { id, name: row.name, kind: row.kind, token: `@[${id}]` };
  });
}
