/**
 * Suggestions on the open section: any collaborator (a REVIEWER too, whose
 * text is read-only) proposes replacing, deleting or inserting at the
 * selection; the lead and authors accept or reject each one, or all of one
 * district's or person's. Pending ones are also shown inline (suggestions.ts).
 */
import { useState, type FormEvent, type MutableRefObject } from 'react';
import { useMutation } from 'urql';
import * as Y from 'yjs';
import {
  WebAcceptWaiverSuggestionDocument,
  WebDecideWaiverSuggestionsDocument,
  WebRejectWaiverSuggestionDocument,
  WebSuggestWaiverSectionChangeDocument,
} from '../generated/graphql';
import { Empty, ErrorMessage } from '../shell/states';
import type { EditorHandle } from './SectionEditor';
import { locate } from './suggestions';
import { toBase64, type SectionSync } from './sync';
import type { Request, Section, Suggestion } from './types';

const quoted = (text: string) => `“${text.length > 60 ? `${text.slice(0, 60)}…` : text}”`;

export function describe(s: Pick<Suggestion, 'kind' | 'text' | 'deletedText'>): string {
  if (s.kind === 'INSERTION') return `insert ${quoted(s.text)}`;
  if (s.kind === 'DELETION') return `delete ${quoted(s.deletedText)}`;
  return `replace ${quoted(s.deletedText)} with ${quoted(s.text)}`;
}

export function SuggestionsPanel({
  request,
  section,
  suggestions: pending,
  sync,
  editor,
  onChanged,
}: {
  request: Request;
  section: Section;
  suggestions: Suggestion[];
  sync: SectionSync;
  editor: MutableRefObject<EditorHandle | null>;
  onChanged: () => void;
}) {
  const open = ['DRAFT', 'IN_REVIEW'].includes(request.status);
  const canSuggest = open && request.viewerRole !== null && request.viewerRole !== undefined;
  const canDecide = open && request.viewerCanEdit;
  const [accepted, accept] = useMutation(WebAcceptWaiverSuggestionDocument);
  const [rejected, reject] = useMutation(WebRejectWaiverSuggestionDocument);
  const [decided, decide] = useMutation(WebDecideWaiverSuggestionsDocument);
  const [done, setDone] = useState<string | null>(null);
  const error = accepted.error ?? rejected.error ?? decided.error;

  // Who has pending suggestions: by district, or by person when they draft for none.
  const groups = new Map<string, { label: string; input: { districtId?: string; authorId?: string } }>();
  for (const s of pending) {
    if (s.district) groups.set(s.district.id, { label: s.district.name, input: { districtId: s.district.id } });
    else if (s.author) groups.set(s.author.id, { label: s.author.displayName, input: { authorId: s.author.id } });
  }

  const after = (message: string) => {
    setDone(message);
    onChanged();
  };

  return (
    <section className="panel" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">Suggestions on {section.title}</h2>
      {canSuggest ? (
        <SuggestForm sectionId={section.id} sync={sync} editor={editor} onDone={after} />
      ) : (
        <p className="hint">{open ? 'Collaborators suggest changes.' : 'The text is frozen: no more suggestions.'}</p>
      )}
      {done && (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      {error && <ErrorMessage error={error} />}
      {pending.length === 0 ? (
        <Empty>No pending suggestion on this section.</Empty>
      ) : (
        <ul className="threads">
          {pending.map((s) => {
            const who = `${s.author?.displayName ?? 'Someone'}${s.district ? ` (${s.district.name})` : ''}`;
            return (
              <li key={s.id} className="thread">
                <article aria-label={`Suggestion by ${s.author?.displayName ?? 'someone'}`}>
                  <p>
                    <strong>{who}</strong> suggests to {describe(s)}.
                  </p>
                  <div className="actions">
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        const where = locate(sync.doc, s);
                        if (where) editor.current?.select(where.from, where.to);
                      }}
                    >
                      Show in the text
                    </button>
                  </div>
                  {canDecide && (
                    <div className="actions">
                      <button
                        type="button"
                        disabled={accepted.fetching}
                        onClick={async () => {
                          const result = await accept({ input: { suggestionId: s.id } });
                          if (result.data) after(`Accepted: ${describe(s)}.`);
                        }}
                      >
                        Accept
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        disabled={rejected.fetching}
                        onClick={async () => {
                          const result = await reject({ input: { suggestionId: s.id } });
                          if (result.data) after(`Rejected: ${describe(s)}.`);
                        }}
                      >
                        Reject
                      </button>
                    </div>
                  )}
                </article>
              </li>
            );
          })}
        </ul>
      )}
      {canDecide && groups.size > 0 && (
        <div className="stack">
          {[...groups.values()].map((group) => (
            <div key={group.label} className="actions">
              <button
                type="button"
                className="secondary"
                disabled={decided.fetching}
                onClick={async () => {
                  const result = await decide({ input: { waiverRequestId: request.id, sectionId: section.id, accept: true, ...group.input } });
                  if (result.data) after(`Accepted ${result.data.decideWaiverSuggestions.decided.length} from ${group.label}.`);
                }}
              >
                Accept all from {group.label}
              </button>
              <button
                type="button"
                className="secondary"
                disabled={decided.fetching}
                onClick={async () => {
                  const result = await decide({ input: { waiverRequestId: request.id, sectionId: section.id, accept: false, ...group.input } });
                  if (result.data) after(`Rejected ${result.data.decideWaiverSuggestions.decided.length} from ${group.label}.`);
                }}
              >
                Reject all from {group.label}
              </button>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function SuggestForm({
  sectionId,
  sync,
  editor,
  onDone,
}: {
  sectionId: string;
  sync: SectionSync;
  editor: MutableRefObject<EditorHandle | null>;
  onDone: (message: string) => void;
}) {
  const [target, setTarget] = useState<{ from: string; to: string | null; text: string } | null>(null);
  const [text, setText] = useState('');
  const [suggested, suggest] = useMutation(WebSuggestWaiverSectionChangeDocument);
  const relative = (index: number, assoc: number) => toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(sync.text, index, assoc)));

  const capture = () => {
    const range = editor.current?.range();
    if (!range) return;
    setTarget({ from: relative(range.from, 0), to: range.to > range.from ? relative(range.to, -1) : null, text: range.text });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    const result = await suggest({
      input: { sectionId, from: { relativePosition: target.from }, to: target.to ? { relativePosition: target.to } : null, text: text || null },
    });
    if (result.data) {
      onDone(`Suggested: ${describe(result.data.suggestWaiverSectionChange)}.`);
      setTarget(null);
      setText('');
    }
  };
  return (
    <form className="stack" onSubmit={submit}>
      <p className="hint">Select the words to change in the text (or put the cursor where to insert), then:</p>
      <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={capture}>
        Suggest a change here
      </button>
      {target && (
        <>
          <p aria-live="polite">{target.text ? `Replacing ${quoted(target.text)} (leave empty to delete it)` : 'Inserting at the cursor'}</p>
          <label>
            Suggested text
            <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          {suggested.error && <ErrorMessage error={suggested.error} />}
          <div className="actions">
            <button type="submit" disabled={suggested.fetching || (!text && !target.text)}>
              Send the suggestion
            </button>
            <button type="button" className="secondary" onClick={() => setTarget(null)}>
              Cancel
            </button>
          </div>
        </>
      )}
    </form>
  );
}
