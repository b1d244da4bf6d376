/**
 * Others' cursors and selections in their colours, and ours shared through
 * awareness (y-codemirror.next's own format: `cursor: { anchor, head }` as
 * Yjs relative positions, `user: { name, color, colorLight }`). Written here
 * rather than taken from y-codemirror.next because its caret sets a `style`
 * attribute, which the app's Content-Security-Policy (no inline styles)
 * refuses; the caret's colour is set through the CSSOM, a selection's
 * (a mark: no DOM of ours to set) by a class per colour of the palette.
 */
import type { Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { COLOURS } from './sync';

/** `remote-colour-<n>` for the palette's n-th colour (waivers.css), a neutral tint for any other. */
export const colourClass = (color: string): string => {
  const index = COLOURS.indexOf(color.toLowerCase());
  return index >= 0 ? `remote-colour-${index}` : 'remote-colour-other';
};

class CaretWidget extends WidgetType {
  constructor(
    readonly color: string,
    readonly name: string,
  ) {
    super();
  }

  eq(other: CaretWidget) {
    return other.color === this.color && other.name === this.name;
  }

  toDOM() {
    const caret = document.createElement('span');
    caret.className = 'remote-caret';
    caret.style.borderColor = this.color;
    caret.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'remote-caret-name';
    label.style.backgroundColor = this.color;
    label.textContent = this.name;
    caret.append(label);
    caret.dataset.name = this.name;
    return caret;
  }

  ignoreEvent() {
    return true;
  }
}

export function remoteCursors(text: Y.Text, awareness: Awareness): Extension {
  const doc = text.doc!;
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet = Decoration.none;
      private readonly listener: (change: { added: number[]; updated: number[]; removed: number[] }) => void;

      constructor(readonly view: EditorView) {
        this.listener = ({ added, updated, removed }) => {
          if ([...added, ...updated, ...removed].some((id) => id !== doc.clientID)) {
            queueMicrotask(() => {
              if (!this.destroyed) this.view.dispatch({});
            });
          }
        };
        awareness.on('change', this.listener);
        this.decorations = this.build(view);
      }

      update(update: ViewUpdate) {
        // Ours: the selection as relative positions, while the editor has focus.
        if (update.selectionSet || update.focusChanged || update.docChanged) {
          const local = awareness.getLocalState();
          if (local) {
            if (update.view.hasFocus) {
              const { anchor, head } = update.state.selection.main;
              const next = { anchor: Y.createRelativePositionFromTypeIndex(text, anchor), head: Y.createRelativePositionFromTypeIndex(text, head) };
              const current = local.cursor as { anchor: unknown; head: unknown } | null;
              const same =
                current &&
                Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.anchor), next.anchor) &&
                Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.head), next.head);
              if (!same) awareness.setLocalStateField('cursor', next);
            }
          }
        }
        this.decorations = this.build(update.view);
      }

      build(view: EditorView): DecorationSet {
        const ranges: Array<{ from: number; to: number; deco: Decoration }> = [];
        const length = view.state.doc.length;
        awareness.getStates().forEach((state, clientId) => {
          if (clientId === doc.clientID || !state.cursor || !state.user) return;
          const anchor = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(state.cursor.anchor), doc);
          const head = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(state.cursor.head), doc);
          if (!anchor || !head || anchor.type !== text || head.type !== text) return;
          const { name, color } = state.user as { name: string; color: string };
          const from = Math.min(anchor.index, head.index, length);
          const to = Math.min(Math.max(anchor.index, head.index), length);
          if (from < to) {
            // A class per colour (waivers.css): a style attribute would be refused by the CSP.
            ranges.push({ from, to, deco: Decoration.mark({ class: `remote-selection ${colourClass(color)}`, attributes: { 'data-name': name } }) });
          }
          const at = Math.min(head.index, length);
          ranges.push({ from: at, to: at, deco: Decoration.widget({ widget: new CaretWidget(color, name), side: head.index > anchor.index ? -1 : 1 }) });
        });
        return Decoration.set(
          ranges.map((range) => range.deco.range(range.from, range.to)),
          true,
        );
      }

      destroyed = false;

      destroy() {
        this.destroyed = true;
        awareness.off('change', this.listener);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}
