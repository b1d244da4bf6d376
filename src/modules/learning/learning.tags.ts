/** Competency tags: trimmed, lower-case, inner spaces collapsed, deduplicated, in first-seen order. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const normalized = tag.trim().toLowerCase().replace(/\s+/g, ' ');
    if (normalized) seen.add(normalized);
  }
  return [...seen];
}
