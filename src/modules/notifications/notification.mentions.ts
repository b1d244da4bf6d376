/**
 * Mentions in the words of an event: `@[<global id>]` for a person or an
 * organization, stored as written (by id) and rendered with the current
 * name wherever they are shown (a comment's body, an inbox line, a mail).
 */
import { parseGlobalId } from '../../domain/global-id';
import type { HubContext } from '../../graphql/context';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { BadUserInputError } from '../../errors';

const MENTION = /@\[([A-Za-z0-9_-]{1,200})\]/g;
const MAX_MENTIONS = 50;

export interface Mentions {
  userIds: string[];
  organizationIds: string[];
}

/** The people and organizations a text mentions; BAD_USER_INPUT at `path` for a token that names neither. */
export function parseMentions(text: string, path: string): Mentions {
  const userIds = new Set<string>();
  const organizationIds = new Set<string>();
  for (const [, token] of text.matchAll(MENTION)) {
    const id = parseGlobalId(token);
    if (id?.type === 'User') userIds.add(id.id);
    else if (id?.type === 'Organization') organizationIds.add(id.id);
    else throw BadUserInputError.field(path, `mentions ${token}, which is neither a person nor an organization`);
  }
  if (userIds.size + organizationIds.size > MAX_MENTIONS) throw BadUserInputError.field(path, `mentions more than ${MAX_MENTIONS} people and districts`);
  return { userIds: [...userIds], organizationIds: [...organizationIds] };
}

/** The global ids a text mentions, in order of first mention. */
export function mentionedIds(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map(([, token]) => token))];
}

/** The text with each mention as `@` and its name (`names` by global id; an unknown one reads "@someone"). */
export function renderMentions(text: string, names: ReadonlyMap<string, string>): string {
  return text.replace(MENTION, (_token, id: string) => `@${names.get(id) ?? 'someone'}`);
}

/** The current names of the people and organizations mentioned (global ids), through the request's loaders. */
export async function mentionNames(ctx: HubContext, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    ids.map(async (id) => {
      const parsed = parseGlobalId(id);
      if (parsed?.type === 'User') {
        const user = await ctx.loaders.byId(User).load(parsed.id);
        if (user) names.set(id, user.displayName);
      } else if (parsed?.type === 'Organization') {
        const organization = await ctx.loaders.byId(Organization).load(parsed.id);
        if (organization) names.set(id, organization.name);
      }
    }),
  );
  return names;
}
