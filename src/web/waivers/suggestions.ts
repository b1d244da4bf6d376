/**
 * Pending suggestions shown inline in a section's text: what one would delete
 * struck through, what one would insert shown after it, both anchored by the
 * hub's Yjs relative positions (so they stay on their words while people type).
 */
import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import * as Y from 'yjs';
import { fromBase64 } from './sync';

export interface InlineSuggestion {
  id: string;
  text: string;
  fromPosition: string;
  toPosition?: string | null;
  author: string;
}

/** Where a suggestion stands in `doc` now: [from, to); null when its words are gone. */
export function locate(doc: Y.Doc, suggestion: Pick<InlineSuggestion, 'fromPosition' | 'toPosition'>): { from: number; to: number } | null {
  const at = (position: string) => {
    try {
      return Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(position)), doc)?.index ?? null;
    } catch {
      return null;
    }
  };
  const from = at(suggestion.fromPosition);
  const to = suggestion.toPosition ? at(suggestion.toPosition) : from;
  if (from === null || to === null) return null;
  return { from: Math.min(from, to), to: Math.max(from, to) };
}

export const setSuggestions = StateEffect.define<InlineSuggestion[]>();

class InsertionWidget extends WidgetType {
  constructor(
    readonly text: string,
    readonly author: string,
  ) {
    super();
  }

  eq(other: InsertionWidget) {
    return other.text === this.text && other.author === this.author;
  }

  toDOM() {
    const span = document.createElement('ins');
    span.className = 'suggested-insertion';
    span.title = `Suggested by ${this.author}`;
    span.textContent = this.text;
    return span;
  }

  ignoreEvent() {
    return true;
  }
}

export function inlineSuggestions(doc: Y.Doc): Extension {
  const build = (suggestions: InlineSuggestion[], length: number): DecorationSet => {
    const ranges = suggestions.flatMap((s) => {
      const where = locate(doc, s);
      if (!where || where.to > length) return [];
      const marks = [];
      if (where.to > where.from) {
        marks.push(Decoration.mark({ class: 'suggested-deletion', attributes: { title: `Suggested deletion by ${s.author}` } }).range(where.from, where.to));
      }
      if (s.text) marks.push(Decoration.widget({ widget: new InsertionWidget(s.text, s.author), side: 1 }).range(where.to));
      return marks;
    });
    return Decoration.set(ranges, true);
  };
  return StateField.define<{ suggestions: InlineSuggestion[]; marks: DecorationSet }>({
    create: () => ({ suggestions: [], marks: Decoration.none }),
    update(value, tr) {
      const next = tr.effects.find((e) => e.is(setSuggestions));
      if (next) return { suggestions: next.value as InlineSuggestion[], marks: build(next.value as InlineSuggestion[], tr.state.doc.length) };
      return tr.docChanged ? { suggestions: value.suggestions, marks: build(value.suggestions, tr.state.doc.length) } : value;
    },
    provide: (field) => EditorView.decorations.from(field, (value) => value.marks),
  });
}
