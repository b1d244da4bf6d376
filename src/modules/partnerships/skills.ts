/** Skill tags: one spelling per skill, so filters and recommendations match. */
import { BadUserInputError } from '../../graphql/errors';

/** "Customer Service " and "customer-service" are the same tag: lower-case words joined by "-". */
export function normalizeSkill(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Normalized, without duplicates, in the order given; BAD_USER_INPUT naming a tag with no letters or digits. */
export function normalizeSkills(skills: readonly string[], path: string): string[] {
  const tags: string[] = [];
  skills.forEach((skill, i) => {
    const tag = normalizeSkill(skill);
    if (!tag) throw BadUserInputError.field(`${path}[${i}]`, 'must contain letters or digits');
    if (!tags.includes(tag)) tags.push(tag);
  });
  return tags;
}

/** For filters: normalized, empty ones dropped. */
export function skillTags(skills: readonly string[] | null | undefined): string[] {
  return [...new Set((skills ?? []).map(normalizeSkill).filter(Boolean))];
}
