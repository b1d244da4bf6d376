/**
 * A narrative co-typed live, as a waiver section is: the waiver editor's
 * CodeMirror + y-codemirror.next editor (waivers/SectionEditor.tsx) on the
 * section's Yjs document, followed and pushed by the same client
 * (waivers/sync.ts) with the narrative's operations, others' cursors in
 * their colours, who else is writing here (shell/presence.tsx: named chips,
 * arrivals and leaves announced politely), and a status line saying what is
 * saved.
 */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useClient } from 'urql';
import { WebApplicationSectionSyncDocument, WebPushApplicationSectionAwarenessDocument, WebPushApplicationSectionUpdateDocument } from '../generated/graphql';
import { SectionEditor, type EditorHandle } from '../waivers/SectionEditor';
import type { HubSocket } from '../waivers/socket';
import { lookFor, SectionSync, type SyncOperations } from '../waivers/sync';

const NARRATIVE_SYNC: SyncOperations = {
  kind: 'application-section',
  sync: WebApplicationSectionSyncDocument,
  syncField: 'applicationSectionSync',
  push: WebPushApplicationSectionUpdateDocument,
  awareness: WebPushApplicationSectionAwarenessDocument,
};

export interface Author {
  id: string;
  displayName: string;
}

export function LiveNarrative({ sectionId, title, socket, author }: { sectionId: string; title: string; socket: HubSocket; author: Author }) {
  const client = useClient();
  const sync = useMemo(
    () => new SectionSync(sectionId, true, lookFor(author.id, author.displayName), NARRATIVE_SYNC),
    [sectionId, client, author.id, author.displayName],
  );
  useEffect(() => () => sync.dispose(), [sync]);
  useEffect(() => sync.connect(socket.ws, socket.connection === 'connected'), [sync, socket.ws, socket.connection]);
  const status = useSyncExternalStore(
    (onChange) => sync.subscribe(onChange),
    () => sync.status,
  );
  const typed = useRef(false);
  if (status.unsent > 0) typed.current = true;
  const handle = useRef<EditorHandle | null>(null);
  const line = status.refused
    ? `Not saved: ${status.refused}`
    : !status.loaded
      ? 'Connecting…'
      : status.unsent > 0
        ? 'Saving…'
        : typed.current
          ? 'All changes saved.'
          : 'Up to date: co-authors type here live.';
  return (
    <div className="narrative live-narrative">
      <SectionEditor
        sync={sync}
        label={`Narrative (Markdown): ${title}`}
        editable={!status.frozen}
        handle={handle}
        quotes={[]}
        suggestions={[]}
        presence="writing-here"
        place={title}
      />
      <p role="status" aria-live="polite" className="meta">
        {line}
      </p>
      {status.refusedText && (
        <details>
          <summary>Your text, to copy</summary>
          <pre>{status.refusedText}</pre>
        </details>
      )}
    </div>
  );
}
