/**
 * Competency and skill tags: one spelling per tag, so filters, search and
 * recommendations match. "Customer Service ", "customer-service" and
 * "customer_service" are all "customer service".
 */
import { BadUserInputError } from '../errors';

export function normalizeTag(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, ' ')
    .trim();
}

/**
 * Normalized, without duplicates, in first-seen order. With an input `path`,
 * a tag with no letters or digits is BAD_USER_INPUT naming `path[i]`;
 * without one (filters), such tags are dropped.
 */
export function normalizeTags(tags: readonly string[] | null | undefined, path?: string): string[] {
  const seen = new Set<string>();
  (tags ?? []).forEach((text, i) => {
    const tag = normalizeTag(text);
    if (tag) seen.add(tag);
    else if (path) throw BadUserInputError.field(`${path}[${i}]`, 'must contain letters or digits');
  });
  return [...seen];
}
