/**
 * The waiver request editor (`/waivers/:id`): the sections in order (add,
 * rename, move) with who is in each, the open section's Markdown co-typed
 * live with the others' cursors (SectionEditor), its preview, comments and
 * history beside it, the districts and collaborators, the sign-offs, and the
 * workflow bar saying why a step is not yet possible, and the request's Print
 * and PDF (the hub's exports). The request re-reads on
 * each `waiverRequestEvents` event; remote changes are announced politely.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import {
  WebAddWaiverSectionDocument,
  WebMoveWaiverSectionDocument,
  WebRenameWaiverSectionDocument,
  WebWaiverRequestDocument,
  WebWaiverRequestEventsDocument,
  WebWaiverSectionSuggestionsDocument,
} from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { label } from '../shell/labels';
import { ExportActions } from '../shell/ExportActions';
import { ErrorMessage, Loading, NoPermission, SignInPrompt } from '../shell/states';
import { useTitle } from '../shell/title';
import { CommentsPanel, HistoryPanel, PeoplePanel, SignOffPanel, WorkflowBar } from './Panels';
import { SectionEditor, type EditorHandle } from './SectionEditor';
import { SuggestionsPanel } from './Suggestions';
import { useHubSocket } from './socket';
import type { Request, Section, Suggestion, Viewer } from './types';
import { lookFor, SectionSync, type Connection, type SyncStatus } from './sync';
import './waivers.css';

type Tab = 'comments' | 'suggestions' | 'history' | 'people' | 'signoffs';
const TABS: Array<{ value: Tab; label: string }> = [
  { value: 'comments', label: 'Comments' },
  { value: 'suggestions', label: 'Suggestions' },
  { value: 'history', label: 'History' },
  { value: 'people', label: 'Districts and people' },
  { value: 'signoffs', label: 'Sign-offs' },
];

export default function WaiverEditor() {
  const { id = '' } = useParams();
  const auth = useAuth();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebWaiverRequestDocument,
    variables: { id },
    pause: !auth.token,
    requestPolicy: 'cache-and-network',
  });
  // The last request read stays on screen when a re-read fails (offline, the hub unreachable): the editor
  // keeps its text and unsent changes, and its connection line says why nothing is sent.
  const lastRead = useRef(data);
  if (data) lastRead.current = data;
  const read = data ?? (lastRead.current?.waiverRequest?.id === id ? lastRead.current : undefined);
  const request = read?.waiverRequest ?? null;
  useTitle(request?.title ?? 'Waiver request');
  const [announcement, announce] = useAnnouncer();

  // Live: each event re-reads the request (a burst of typing: one read per 400 ms).
  const refetchTimer = useRef<ReturnType<typeof setTimeout>>();
  const [tick, setTick] = useState(0);
  const refetch = useCallback(() => {
    if (refetchTimer.current) return;
    refetchTimer.current = setTimeout(() => {
      refetchTimer.current = undefined;
      reexecute({ requestPolicy: 'network-only' });
      setTick((n) => n + 1);
    }, 400);
  }, [reexecute]);
  useEffect(() => () => clearTimeout(refetchTimer.current), []);
  useSubscription({ query: WebWaiverRequestEventsDocument, variables: { id }, pause: !auth.token || !request }, (_previous, result) => {
    const event = result.waiverRequestEvents;
    refetch();
    if (!event.byViewer) {
      const who = event.actor?.displayName ?? 'The hub';
      if (event.__typename === 'WaiverStatusChanged')
        announce(`Status changed from ${label(event.from)} to ${label(event.to)}${event.note ? `: ${event.note.replace(/[.!?]$/, '')}` : ''}.`, true);
      else if (event.__typename === 'WaiverCommentAdded') announce(`${who} commented.`);
      else if (event.__typename === 'WaiverSectionEdited') announce(`${who} edited ${event.section.title}.`);
      else if (event.__typename === 'WaiverSuggestionChanged')
        announce(
          `${who} ${event.suggestionChange === 'ADDED' ? 'suggested a change to' : `${event.suggestionChange.toLowerCase()} a suggestion on`} ${event.section.title}.`,
          true,
        );
      else if (event.__typename === 'WaiverPresenceChanged' && event.presenceChange === 'OPENED' && event.openSection)
        announce(`${event.user.displayName} opened ${event.openSection.title}.`);
    }
    return result;
  });

  if (!auth.token) return <SignInPrompt what="this waiver request" />;
  if (fetching && !read) return <Loading what="the waiver request" />;
  if (error && !read) return <ErrorMessage error={error} />;
  if (!request || !read?.viewer) return <NoPermission message="This waiver request does not exist, or you are not one of its collaborators or districts." />;
  return <Editor request={request} viewer={read.viewer} refetch={refetch} tick={tick} announce={announce} announcement={announcement} />;
}

/** One polite live region for remote changes (each person's typing announced at most every 10 s). */
function useAnnouncer(): [string, (text: string, always?: boolean) => void] {
  const [text, setText] = useState('');
  const last = useRef(new Map<string, number>());
  const announce = useCallback((next: string, always = false) => {
    const now = Date.now();
    if (!always && now - (last.current.get(next) ?? 0) < 10_000) return;
    last.current.set(next, now);
    setText(next);
  }, []);
  return [text, announce];
}

function Editor({
  request,
  viewer,
  refetch,
  tick,
  announce,
  announcement,
}: {
  request: Request;
  viewer: Viewer;
  refetch: () => void;
  tick: number;
  announce: (text: string, always?: boolean) => void;
  announcement: string;
}) {
  const auth = useAuth();
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const sections = useMemo(() => [...request.sections].sort((a, b) => a.position - b.position), [request.sections]);
  const open = sections.find((s) => s.id === params.get('section')) ?? sections[0];
  // Who typed, by their user id: for announcing an update before its author's cursor came.
  const collaboratorNames = useMemo(() => new Map(request.collaborators.map((c) => [c.user.id, c.user.displayName])), [request.collaborators]);
  const [tab, setTab] = useState<Tab>((params.get('panel') as Tab) || 'comments');
  const socket = useHubSocket(auth.token);
  const handle = useRef<EditorHandle | null>(null);
  const canEdit = request.viewerCanEdit;

  // A live document per section opened on this page: kept when another section is opened (so nothing
  // typed offline is lost), with its awareness (and so the presence) only on the open one.
  const syncs = useRef(new Map<string, SectionSync>());
  const [, changed] = useReducer((count: number) => count + 1, 0);
  const openId = open?.id;
  const { id: viewerId, displayName } = viewer;
  const sync = useMemo(() => {
    if (!openId) return null;
    let found = syncs.current.get(openId);
    if (!found) {
      found = new SectionSync(openId, canEdit, lookFor(viewerId, displayName));
      found.subscribe(changed);
      syncs.current.set(openId, found);
    }
    return found;
  }, [openId, client, canEdit, viewerId, displayName, changed]);
  useEffect(() => {
    const all = syncs.current;
    return () => {
      for (const each of all.values()) each.dispose();
      all.clear();
    };
  }, []);
  useEffect(() => {
    for (const each of syncs.current.values()) {
      each.canEdit = canEdit;
      each.setActive(each === sync);
      each.connect(socket.ws, socket.connection === 'connected');
    }
  }, [sync, canEdit, socket.ws, socket.connection]);
  useEffect(() => {
    if (!sync || !open) return;
    return sync.onRemote((message, name) =>
      announce(`${name ?? (message.authorId && collaboratorNames.get(message.authorId)) ?? 'Someone'} is editing ${open.title}.`),
    );
  }, [sync, open, announce, collaboratorNames]);
  // The open section's state, with the unsent changes of every section opened here.
  const status: SyncStatus | null = sync ? { ...sync.status, unsent: [...syncs.current.values()].reduce((sum, each) => sum + each.status.unsent, 0) } : null;

  // The text's revision, live: the request's as read, plus what the sections opened here have moved on since.
  const textVersion =
    request.textVersion + sections.reduce((sum, section) => sum + Math.max(0, (syncs.current.get(section.id)?.status.version ?? 0) - section.version), 0);

  // The open section's suggestions, re-read with the request.
  const [{ data: suggested }, reexecuteSuggestions] = useQuery({
    query: WebWaiverSectionSuggestionsDocument,
    variables: { sectionId: openId ?? '' },
    pause: !openId,
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (tick) reexecuteSuggestions({ requestPolicy: 'network-only' });
  }, [tick, reexecuteSuggestions]);
  const suggestions: Suggestion[] = (suggested?.node && 'suggestions' in suggested.node ? suggested.node.suggestions : []).filter(
    (s) => s.status === 'PENDING',
  );

  const frozen = !['DRAFT', 'IN_REVIEW'].includes(request.status);
  return (
    <div className="waiver-editor">
      <header className="waiver-head">
        <p className="crumbs">
          <Link to="/waivers">Waiver requests</Link>
        </p>
        <h1>{request.title}</h1>
        <p className="waiver-facts">
          <span className={`status status-${request.status.toLowerCase()}`} data-testid="waiver-status">
            {label(request.status)}
          </span>{' '}
          · {request.leadDistrict.name} leads · {request.viewerRole ? `you are ${label(request.viewerRole).toLowerCase()}` : 'you read it as a district member'}{' '}
          · text revision <span data-testid="text-version">{textVersion}</span>
        </p>
        {request.decisionNote && (
          <p className="decision">
            Decision by {request.decidedBy?.displayName ?? 'the state agency'}: {request.decisionNote}
          </p>
        )}
        <ConnectionState connection={socket.connection} status={status} />
        {/* The stored text (what was last saved), as the hub prints it. */}
        <ExportActions path={`/exports/waiver-requests/${request.id}`} what="waiver request" />
        <WorkflowBar request={request} viewer={viewer} onChanged={refetch} />
      </header>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
        {announcement}
      </p>
      <div className="waiver-body">
        <SectionNav
          request={request}
          sections={sections}
          openId={open?.id}
          canEdit={canEdit && !frozen}
          onOpen={(sectionId) => {
            const next = new URLSearchParams(params);
            next.set('section', sectionId);
            setParams(next, { replace: true });
          }}
        />
        <section className="waiver-section" aria-labelledby="open-section">
          {open && sync ? (
            <>
              <SectionTitle section={open} canEdit={canEdit && !frozen} liveVersion={sync?.status.version ?? null} />
              {open.guidance && <p className="guidance">{open.guidance}</p>}
              {!canEdit && (
                <p className="note">
                  {frozen
                    ? 'The text is frozen.'
                    : request.viewerRole
                      ? 'You may comment and suggest changes (Suggestions); the lead and authors edit.'
                      : 'You may read and comment; only the lead and authors edit.'}
                </p>
              )}
              <SectionEditor
                key={sync.sectionId}
                sync={sync}
                label={`${open.title} (Markdown)`}
                editable={canEdit}
                handle={handle}
                quotes={request.comments.edges.flatMap((e) => (e.node.section.id === open.id && !e.node.resolved && e.node.quote ? [e.node.quote] : []))}
                suggestions={suggestions.map((s) => ({
                  id: s.id,
                  text: s.text,
                  fromPosition: s.fromPosition,
                  toPosition: s.toPosition,
                  author: s.author?.displayName ?? 'someone',
                }))}
              />
            </>
          ) : (
            <p>This request has no section yet.</p>
          )}
        </section>
        <aside className="waiver-side" aria-label="Comments, history, people and sign-offs">
          <div className="tabs" role="group" aria-label="Panels">
            {TABS.map((t) => (
              <button key={t.value} type="button" aria-pressed={tab === t.value} onClick={() => setTab(t.value)}>
                {t.label}
                {t.value === 'suggestions' && suggestions.length ? ` (${suggestions.length})` : ''}
              </button>
            ))}
          </div>
          {tab === 'comments' && open && <CommentsPanel request={request} section={open} editor={handle} />}
          {tab === 'suggestions' && open && sync && (
            <SuggestionsPanel request={request} section={open} suggestions={suggestions} sync={sync} editor={handle} onChanged={refetch} />
          )}
          {tab === 'history' && open && <HistoryPanel section={open} canRestore={canEdit} onRestored={refetch} />}
          {tab === 'people' && <PeoplePanel request={request} viewer={viewer} onChanged={refetch} />}
          {tab === 'signoffs' && <SignOffPanel request={request} viewer={viewer} onChanged={refetch} />}
        </aside>
      </div>
    </div>
  );
}

function ConnectionState({ connection, status }: { connection: Connection; status: SyncStatus | null }) {
  const unsent = status?.unsent ?? 0;
  const changes = `${unsent} unsent ${unsent === 1 ? 'change' : 'changes'}`;
  let text: string;
  if (connection === 'offline') text = `Offline, ${changes}: kept here and sent when you are back online.`;
  else if (connection === 'reconnecting') text = `Reconnecting…${unsent ? ` ${changes}.` : ''}`;
  else if (connection === 'connecting') text = 'Connecting…';
  else if (status && !status.loaded) text = 'Connected, loading the section…';
  else if (status?.refused) text = `Connected; the hub refused ${changes}: ${status.refused}`;
  else text = unsent ? `Connected, sending ${changes}…` : 'Connected, all changes saved.';
  return (
    <>
      <p className={`connection connection-${connection}`} role="status" data-testid="connection" data-unsent={unsent}>
        <span className="dot" aria-hidden="true" />
        {text}
      </p>
      {status?.refusedText && (
        <div className="refused" role="alert">
          <label>
            Your text with the changes the hub refused (copy it before you leave this page)
            <textarea readOnly rows={4} value={status.refusedText} />
          </label>
        </div>
      )}
    </>
  );
}

function SectionNav({
  request,
  sections,
  openId,
  canEdit,
  onOpen,
}: {
  request: Request;
  sections: Section[];
  openId: string | undefined;
  canEdit: boolean;
  onOpen: (id: string) => void;
}) {
  const [moved, move] = useMutation(WebMoveWaiverSectionDocument);
  const [added, add] = useMutation(WebAddWaiverSectionDocument);
  const [title, setTitle] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await add({ input: { waiverRequestId: request.id, title: title.trim() } });
    if (result.data) {
      setTitle('');
      onOpen(result.data.addWaiverSection.id);
    }
  };
  // On a phone the list folds away (the open section comes first); on a wide screen it stays open.
  const wide = useWide();
  const [unfolded, setUnfolded] = useState<boolean | null>(null);
  const shown = unfolded ?? wide;
  const openTitle = sections.find((s) => s.id === openId)?.title;
  return (
    <nav className="section-nav" aria-label="Sections">
      {wide ? (
        <h2>Sections</h2>
      ) : (
        <h2>
          <button type="button" className="toggle" aria-expanded={shown} aria-controls="section-list" onClick={() => setUnfolded(!shown)}>
            Sections ({sections.length}){openTitle && !shown ? `: ${openTitle}` : ''}
          </button>
        </h2>
      )}
      <ol id="section-list" hidden={!shown}>
        {sections.map((section, index) => (
          <li key={section.id} className={section.id === openId ? 'open' : undefined}>
            <span className="row">
              <button
                type="button"
                className="link-button"
                aria-current={section.id === openId ? 'true' : undefined}
                onClick={() => {
                  onOpen(section.id);
                  if (!wide) setUnfolded(false);
                }}
              >
                {section.title}
              </button>
              {canEdit && (
                <span className="move">
                  <button
                    type="button"
                    disabled={index === 0 || moved.fetching}
                    aria-label={`Move ${section.title} up`}
                    onClick={() => void move({ input: { sectionId: section.id, position: section.position - 1 } })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={index === sections.length - 1 || moved.fetching}
                    aria-label={`Move ${section.title} down`}
                    onClick={() => void move({ input: { sectionId: section.id, position: section.position + 1 } })}
                  >
                    ↓
                  </button>
                </span>
              )}
            </span>
            {section.editors.length > 0 && <span className="presence">Here: {section.editors.map((u) => u.displayName).join(', ')}</span>}
          </li>
        ))}
      </ol>
      {moved.error && <ErrorMessage error={moved.error} />}
      {canEdit && shown && (
        <form onSubmit={submit} className="inline-form">
          <label>
            New section title
            <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
          </label>
          <button type="submit" disabled={!title.trim() || added.fetching}>
            Add section
          </button>
          {added.error && <ErrorMessage error={added.error} />}
        </form>
      )}
    </nav>
  );
}

function SectionTitle({ section, canEdit, liveVersion }: { section: Section; canEdit: boolean; liveVersion: number | null }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(section.title);
  const [renamed, rename] = useMutation(WebRenameWaiverSectionDocument);
  useEffect(() => setTitle(section.title), [section.title]);
  if (!editing)
    return (
      <div className="section-title">
        <h2 id="open-section">{section.title}</h2>
        <span className="version" data-testid="section-version">
          version {Math.max(section.version, liveVersion ?? 0)}
        </span>
        {canEdit && (
          <button type="button" onClick={() => setEditing(true)}>
            Rename
          </button>
        )}
      </div>
    );
  return (
    <form
      className="section-title inline-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await rename({ input: { sectionId: section.id, title: title.trim() } });
        if (result.data) setEditing(false);
      }}
    >
      <h2 id="open-section" className="visually-hidden">
        {section.title}
      </h2>
      <label>
        Section title
        <input value={title} onChange={(e) => setTitle(e.target.value)} autoFocus maxLength={200} />
      </label>
      <button type="submit" disabled={!title.trim() || renamed.fetching}>
        Save title
      </button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {renamed.error && <ErrorMessage error={renamed.error} />}
    </form>
  );
}

function useWide(): boolean {
  const query = '(min-width: 1100px)';
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
  );
}
