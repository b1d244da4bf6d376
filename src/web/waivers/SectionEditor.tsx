/**
 * A section's Markdown, co-typed live: CodeMirror 6 bound to the section's
 * Y.Doc with y-codemirror.next (edits and undo), others' cursors and
 * selections from awareness (cursors.ts), and the rendered preview beside it.
 */
import { useEffect, useRef, useState } from 'react';
import { EditorSelection, EditorState, StateEffect, StateField, type Text } from '@codemirror/state';
import { Decoration, EditorView, keymap, placeholder, type DecorationSet } from '@codemirror/view';
import { defaultKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import * as Y from 'yjs';
import { renderMarkdown } from '../learning/markdown';
import { cspNonce } from '../shell/csp';
import { PeopleHere } from '../shell/presence';
import './section-editor.css';
import { remoteCursors } from './cursors';
import { inlineSuggestions, setSuggestions, type InlineSuggestion } from './suggestions';
import type { SectionSync } from './sync';

export interface EditorHandle {
  /** The selected text, for a comment's quote. */
  selection(): string;
  /** The selection now: [from, to) and its text (from = to: the cursor). */
  range(): { from: number; to: number; text: string };
  /** Selects [from, to) and moves the focus there. */
  select(from: number, to: number): void;
  /** Selects the first occurrence of `quote` and moves the focus there; false when the text no longer has it. */
  reveal(quote: string): boolean;
}

/** The passages open comment threads quote, marked in the text. */
const setQuotes = StateEffect.define<string[]>();
function quoteMarks(doc: Text, quotes: string[]): DecorationSet {
  const text = doc.toString();
  const ranges = quotes
    .map((quote) => ({ from: text.indexOf(quote), length: quote.length }))
    .filter((q) => q.from >= 0 && q.length > 0)
    .map((q) => Decoration.mark({ class: 'quoted', attributes: { title: 'Commented passage' } }).range(q.from, q.from + q.length));
  return Decoration.set(ranges, true);
}
const quotesField = StateField.define<{ quotes: string[]; marks: DecorationSet }>({
  create: () => ({ quotes: [], marks: Decoration.none }),
  update(value, tr) {
    const next = tr.effects.find((e) => e.is(setQuotes));
    if (next) return { quotes: next.value as string[], marks: quoteMarks(tr.state.doc, next.value as string[]) };
    return tr.docChanged ? { quotes: value.quotes, marks: quoteMarks(tr.state.doc, value.quotes) } : value;
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.marks),
});

export function SectionEditor({
  sync,
  label,
  editable,
  handle,
  quotes,
  suggestions,
  presence = 'also-here',
  place,
}: {
  sync: SectionSync;
  label: string;
  editable: boolean;
  handle: React.MutableRefObject<EditorHandle | null>;
  quotes: string[];
  suggestions: InlineSuggestion[];
  /**
   * How the others here are shown: "Also here:" beside a waiver section (the
   * waiver editor announces who opens which section itself), or "… are
   * writing here." with arrivals and leaves announced, naming `place` (a
   * narrative, one of several co-typed texts on its page).
   */
  presence?: 'also-here' | 'writing-here';
  place?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const [text, setText] = useState(() => sync.text.toString());

  useEffect(() => {
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: sync.text.toString(),
        extensions: [
          // CodeMirror's own styles are <style> elements: allowed by the page's CSP through its nonce.
          EditorView.cspNonce.of(cspNonce()),
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          markdown(),
          EditorView.lineWrapping,
          // Read-only text stays focusable, so a reader moves and selects with the keyboard (to quote or suggest).
          EditorState.readOnly.of(!editable),
          placeholder(editable ? 'Write this section in Markdown…' : 'Nothing written yet.'),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true', ...(editable ? {} : { 'aria-readonly': 'true' }) }),
          yCollab(sync.text, null, { undoManager: new Y.UndoManager(sync.text) }),
          remoteCursors(sync.text, sync.awareness),
          quotesField,
          inlineSuggestions(sync.doc),
        ],
      }),
    });
    viewRef.current = view;
    handle.current = {
      selection: () => {
        const { from, to } = view.state.selection.main;
        return view.state.sliceDoc(from, to);
      },
      range: () => {
        const { from, to } = view.state.selection.main;
        return { from, to, text: view.state.sliceDoc(from, to) };
      },
      select: (from, to) => {
        const length = view.state.doc.length;
        view.dispatch({ selection: EditorSelection.single(Math.min(from, length), Math.min(to, length)), scrollIntoView: true });
        view.focus();
      },
      reveal: (quote) => {
        const from = view.state.doc.toString().indexOf(quote);
        if (from < 0) return false;
        view.dispatch({ selection: EditorSelection.single(from, from + quote.length), scrollIntoView: true });
        view.focus();
        return true;
      },
    };
    const observer = () => setText(sync.text.toString());
    sync.text.observe(observer);
    setText(sync.text.toString());
    return () => {
      sync.text.unobserve(observer);
      handle.current = null;
      viewRef.current = null;
      view.destroy();
    };
  }, [sync, label, editable, handle]);

  const suggestionKey = JSON.stringify(suggestions);
  useEffect(() => {
    viewRef.current?.dispatch({ effects: setSuggestions.of(JSON.parse(suggestionKey) as InlineSuggestion[]) });
  }, [suggestionKey, sync, editable, text]);

  const quoteKey = JSON.stringify(quotes);
  useEffect(() => {
    viewRef.current?.dispatch({ effects: setQuotes.of(JSON.parse(quoteKey) as string[]) });
  }, [quoteKey, sync, editable]);

  // The preview follows the text, a little behind fast typing.
  const [preview, setPreview] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setPreview(text), 150);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="section-editor">
      <div className="editor-pane">
        <div ref={host} className="code-host" data-testid="section-text" />
        <PeopleHere awareness={sync.awareness} wording={presence} announce={presence === 'writing-here'} place={place} />
      </div>
      <Preview markdown={preview} editable={editable} />
    </div>
  );
}

/** The section rendered as it will read; an empty section says so rather than showing an empty box. */
function Preview({ markdown, editable }: { markdown: string; editable: boolean }) {
  const html = renderMarkdown(markdown);
  if (!html.trim()) {
    return (
      <article className="preview markdown preview-empty" aria-label="Preview">
        <p>{editable ? 'Nothing written yet. The preview fills in as you write.' : 'Nothing written yet.'}</p>
      </article>
    );
  }
  return <article className="preview markdown" aria-label="Preview" dangerouslySetInnerHTML={{ __html: html }} />;
}
