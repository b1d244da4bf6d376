/** Marks the searched words in a text (the catalogue's matches). */
import type { ReactNode } from 'react';

/** The words a search looks for: quoted phrases and words, not `or`, not `-excluded` ones. */
export function searchTerms(search: string): string[] {
  const terms: string[] = [];
  for (const match of search.matchAll(/(-?)"([^"]+)"|(-?)(\S+)/g)) {
    const negated = match[1] || match[3];
    const term = (match[2] ?? match[4] ?? '').trim();
    if (!negated && term && term.toLowerCase() !== 'or') terms.push(term);
  }
  return terms;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function Highlight({ text, terms }: { text: string; terms: string[] }): ReactNode {
  if (terms.length === 0) return text;
  // Word starts, so "teach" marks "Teaching" as the hub's stemmed search matches it.
  const pattern = new RegExp(`(\\b(?:${terms.map(escape).join('|')})\\w*)`, 'gi');
  const parts = text.split(pattern);
  return parts.map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part));
}
