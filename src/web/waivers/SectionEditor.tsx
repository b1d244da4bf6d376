/**
 * A section's Markdown, co-typed live: CodeMirror 6 bound to the section's
 * Y.Doc with y-codemirror.next (edits and undo), others' cursors and
 * selections from awareness (cursors.ts), and the rendered preview beside it.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { defaultKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import * as Y from 'yjs';
import { renderMarkdown } from '../learning/markdown';
import { remoteCursors } from './cursors';
import type { SectionSync } from './sync';

export interface EditorHandle {
  /** The selected text, for a comment's quote. */
  selection(): string;
}

export function SectionEditor({
  sync,
  label,
  editable,
  handle,
}: {
  sync: SectionSync;
  label: string;
  editable: boolean;
  handle: React.MutableRefObject<EditorHandle | null>;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [text, setText] = useState(() => sync.text.toString());

  useEffect(() => {
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: sync.text.toString(),
        extensions: [
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          markdown(),
          EditorView.lineWrapping,
          EditorState.readOnly.of(!editable),
          EditorView.editable.of(editable),
          placeholder(editable ? 'Write this section in Markdown…' : 'Nothing written yet.'),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true', ...(editable ? {} : { 'aria-readonly': 'true' }) }),
          yCollab(sync.text, null, { undoManager: new Y.UndoManager(sync.text) }),
          remoteCursors(sync.text, sync.awareness),
        ],
      }),
    });
    handle.current = {
      selection: () => {
        const { from, to } = view.state.selection.main;
        return view.state.sliceDoc(from, to);
      },
    };
    const observer = () => setText(sync.text.toString());
    sync.text.observe(observer);
    setText(sync.text.toString());
    return () => {
      sync.text.unobserve(observer);
      handle.current = null;
      view.destroy();
    };
  }, [sync, label, editable, handle]);

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
        <Others sync={sync} />
      </div>
      <article className="preview markdown" aria-label="Preview" dangerouslySetInnerHTML={{ __html: renderMarkdown(preview) }} />
    </div>
  );
}

/** Who else is in this section, in their colours. */
function Others({ sync }: { sync: SectionSync }) {
  const others = useSyncExternalStore(
    (onChange) => {
      sync.awareness.on('change', onChange);
      return () => sync.awareness.off('change', onChange);
    },
    () => JSON.stringify(sync.others().map((o) => [o.user.name, o.user.color])),
  );
  const list = JSON.parse(others) as Array<[string, string]>;
  if (!list.length) return null;
  return (
    <p className="here-now">
      Also here:{' '}
      {list.map(([name, color], index) => (
        <Swatch key={`${name}-${index}`} name={name} color={color} />
      ))}
    </p>
  );
}

function Swatch({ name, color }: { name: string; color: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.style.backgroundColor = color;
  }, [color]);
  return (
    <span ref={ref} className="person-chip">
      {name}
    </span>
  );
}
