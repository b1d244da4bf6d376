/**
 * The hub's one way to turn free text into a key: slugs (organization and
 * section keys in URLs) and competency and skill tags (one spelling per tag,
 * so filters, search and recommendations match: "Customer Service ",
 * "customer-service" and "customer_service" are all "customer service").
 * Both start from the same folding: accents dropped by Unicode decomposition
 * ("Résumé" is "resume"), then lower case.
 */
import { BadUserInputError } from '../errors';

/** Lower case, accents dropped ("Résumé Writing" becomes "resume writing"). */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Letters and digits joined by "-", at most `maxLength` characters
 * ("Cedar Bluff R-2" becomes "cedar-bluff-r-2"); `fallback` when nothing is left.
 */
export function slugify(text: string, options: { maxLength: number; fallback: string }): string {
  return (
    fold(text)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, options.maxLength) || options.fallback
  );
}

/** One tag's one spelling: letters, digits, "+" and "#", words joined by one space. */
export function normalizeTag(text: string): string {
  return fold(text)
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
