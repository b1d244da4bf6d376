/**
 * What changed in a waiver request's text since a district signed it off:
 * the exact text signed (WaiverDistrict.signedText) against the text now,
 * section by section (matched by key): headings renamed, sections moved or
 * added, and each changed body as a line diff.
 */
import type { WebWaiverSignedTextFragment } from '../generated/graphql';
import { Diff } from '../learning/diff';

type SectionNow = { key: string; title: string; body: string; position: number };

interface SectionChange {
  key: string;
  /** The heading now (or as signed, for a section no longer in the text). */
  title: string;
  notes: string[];
  /** Bodies to compare, when they differ. */
  body: { before: string; after: string } | null;
}

/** The changes from `signed` to the text now, in the order of the text now (sections gone since last). */
export function textChanges(signed: WebWaiverSignedTextFragment, now: { title: string; sections: SectionNow[] }) {
  const before = new Map(signed.sections.map((section) => [section.key, section]));
  const keysNow = new Set(now.sections.map((section) => section.key));
  const changes: SectionChange[] = [];
  for (const section of [...now.sections].sort((a, b) => a.position - b.position)) {
    const then = before.get(section.key);
    if (!then) {
      changes.push({ key: section.key, title: section.title, notes: ['Added since the sign-off.'], body: { before: '', after: section.body } });
      continue;
    }
    const notes: string[] = [];
    if (then.title !== section.title) notes.push(`Renamed from “${then.title}”.`);
    if (then.position !== section.position) notes.push(`Moved from place ${then.position} to place ${section.position}.`);
    const body = then.body !== section.body ? { before: then.body, after: section.body } : null;
    if (notes.length || body) changes.push({ key: section.key, title: section.title, notes, body });
  }
  for (const then of signed.sections) {
    if (!keysNow.has(then.key)) changes.push({ key: then.key, title: then.title, notes: ['No longer in the text.'], body: { before: then.body, after: '' } });
  }
  return { title: signed.title !== now.title ? { before: signed.title, after: now.title } : null, sections: changes };
}

export function SignedTextDiff({
  signed,
  title,
  sections,
  textVersion,
}: {
  signed: WebWaiverSignedTextFragment;
  title: string;
  sections: SectionNow[];
  textVersion: number;
}) {
  const changes = textChanges(signed, { title, sections });
  return (
    <div className="signed-text-diff">
      <p className="hint">
        The text signed (revision {signed.textVersion}) against the text now (revision {textVersion}).
      </p>
      {changes.title && (
        <p>
          Title changed from “{changes.title.before}” to “{changes.title.after}”.
        </p>
      )}
      {changes.sections.map((change) => (
        <div key={change.key}>
          <h3>{change.title}</h3>
          {change.notes.map((note) => (
            <p key={note} className="meta">
              {note}
            </p>
          ))}
          {change.body && <Diff before={change.body.before} after={change.body.after} />}
        </div>
      ))}
      {!changes.title && changes.sections.length === 0 && <p className="hint">It reads as signed now.</p>}
    </div>
  );
}
