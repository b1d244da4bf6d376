/**
 * The editor's side panels and its workflow bar: comments anchored to quoted
 * text (replies, resolve, reopen, @mentions), a section's history with its
 * diff and restore, the districts and collaborators, the sign-offs (current,
 * or stale since which revision, with the changes since), and the steps of
 * the workflow with why a step is not yet possible.
 */
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent, type MutableRefObject } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  WebAddWaiverCommentDocument,
  WebAddWaiverDistrictDocument,
  WebInviteWaiverCollaboratorDocument,
  WebRemoveWaiverCollaboratorDocument,
  WebResolveWaiverCommentDocument,
  WebRestoreWaiverSectionRevisionDocument,
  WebSdzDistrictsDocument,
  WebSignOffWaiverRequestDocument,
  WebStartWaiverReviewDocument,
  WebSubmitWaiverRequestDocument,
  WebWaiverMentionCandidatesDocument,
  WebWaiverSectionHistoryDocument,
  WebWaiverSignedTextsDocument,
  WebWithdrawWaiverRequestDocument,
  type CollaboratorRole,
} from '../generated/graphql';
import { Diff } from '../learning/diff';
import { renderMarkdown } from '../learning/markdown';
import { formatDate, label } from '../shell/labels';
import { Empty, ErrorMessage, Loading } from '../shell/states';
import type { EditorHandle } from './SectionEditor';
import { SignedTextDiff } from './SignedTextDiff';
import type { Request, Section, Viewer } from './types';

const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }) : '';

// ---------------------------------------------------------------- comments

type Comment = Request['comments']['edges'][number]['node'];

export function CommentsPanel({ request, section, editor }: { request: Request; section: Section; editor: MutableRefObject<EditorHandle | null> }) {
  const [showResolved, setShowResolved] = useState(false);
  const threads = request.comments.edges.map((e) => e.node).filter((c) => c.section.id === section.id);
  const shown = threads.filter((c) => showResolved || !c.resolved);
  const resolvedCount = threads.filter((c) => c.resolved).length;
  return (
    <section className="panel" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments on {section.title}</h2>
      <NewComment request={request} sectionId={section.id} editor={editor} />
      {resolvedCount > 0 && (
        <label className="check">
          <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> Show {resolvedCount} resolved
        </label>
      )}
      {shown.length === 0 ? (
        <Empty>No open comment on this section.</Empty>
      ) : (
        <ul className="threads">
          {shown.map((thread) => (
            <Thread key={thread.id} request={request} thread={thread} editor={editor} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CommentBody({ comment }: { comment: Omit<Comment, 'replies'> }) {
  return (
    <>
      <p className="meta">
        <strong>{comment.author?.displayName ?? 'Someone'}</strong> · {when(comment.createdAt)}
      </p>
      <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(comment.renderedBody) }} />
    </>
  );
}

function Thread({ request, thread, editor }: { request: Request; thread: Comment; editor: MutableRefObject<EditorHandle | null> }) {
  const [resolved, resolve] = useMutation(WebResolveWaiverCommentDocument);
  const [gone, setGone] = useState(false);
  const name = `Comment by ${thread.author?.displayName ?? 'someone'}${thread.quote ? ` on “${thread.quote.slice(0, 40)}”` : ''}`;
  return (
    <li className={`thread${thread.resolved ? ' resolved' : ''}`}>
      <article aria-label={name}>
        {thread.quote && (
          <>
            <blockquote className="quote">{thread.quote}</blockquote>
            <button type="button" className="link-button" onClick={() => setGone(!editor.current?.reveal(thread.quote!))}>
              Show in the text
            </button>
            {gone && <span className="hint"> The text no longer has this passage.</span>}
          </>
        )}
        <CommentBody comment={thread} />
        {thread.replies.length > 0 && (
          <ul className="replies">
            {thread.replies.map((reply) => (
              <li key={reply.id}>
                <CommentBody comment={reply} />
              </li>
            ))}
          </ul>
        )}
        {thread.resolved && (
          <p className="meta">
            Resolved by {thread.resolvedBy?.displayName ?? 'someone'} · {when(thread.resolvedAt)}
          </p>
        )}
        <div className="actions">
          <button type="button" disabled={resolved.fetching} onClick={() => void resolve({ input: { commentId: thread.id, resolved: !thread.resolved } })}>
            {thread.resolved ? 'Reopen' : 'Resolve'}
          </button>
        </div>
        {resolved.error && <ErrorMessage error={resolved.error} />}
        {!thread.resolved && <Reply request={request} parentId={thread.id} />}
      </article>
    </li>
  );
}

function Reply({ request, parentId }: { request: Request; parentId: string }) {
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const [added, add] = useMutation(WebAddWaiverCommentDocument);
  if (!open)
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        Reply
      </button>
    );
  return (
    <form
      className="stack"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await add({ input: { parentId, body: body.trim() } });
        if (result.data) {
          setBody('');
          setOpen(false);
        }
      }}
    >
      <MentionTextarea request={request} label="Your reply" value={body} onChange={setBody} />
      {added.error && <ErrorMessage error={added.error} />}
      <div className="actions">
        <button type="submit" disabled={!body.trim() || added.fetching}>
          Send reply
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function NewComment({ request, sectionId, editor }: { request: Request; sectionId: string; editor: MutableRefObject<EditorHandle | null> }) {
  const [body, setBody] = useState('');
  const [quote, setQuote] = useState('');
  const [added, add] = useMutation(WebAddWaiverCommentDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await add({ input: { sectionId, body: body.trim(), quote: quote.trim() || null } });
    if (result.data) {
      setBody('');
      setQuote('');
    }
  };
  return (
    <form className="stack new-comment" onSubmit={submit}>
      <div className="actions">
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => setQuote(editor.current?.selection() ?? '')}>
          Quote the selected text
        </button>
        {quote && (
          <button type="button" onClick={() => setQuote('')}>
            Remove the quote
          </button>
        )}
      </div>
      {quote && (
        <blockquote className="quote" aria-label="Quoted text">
          {quote}
        </blockquote>
      )}
      <MentionTextarea request={request} label="New comment" value={body} onChange={setBody} />
      {added.error && <ErrorMessage error={added.error} />}
      <button type="submit" disabled={!body.trim() || added.fetching}>
        Comment
      </button>
    </form>
  );
}

/** A textarea that offers the request's people and districts after "@" (arrow keys, Enter or Tab to pick, Escape to close). */
function MentionTextarea({ request, label: text, value, onChange }: { request: Request; label: string; value: string; onChange: (value: string) => void }) {
  const id = useId();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const match = /(^|\s)@([\p{L}\p{N}.\- ]{0,30})$/u.exec(value.slice(0, caret));
  const search = match && match[2] !== dismissed ? match[2] : null;
  const [{ data }] = useQuery({
    query: WebWaiverMentionCandidatesDocument,
    variables: { id: request.id, search: search ?? '' },
    pause: search === null,
  });
  const options = search === null ? [] : (data?.waiverMentionCandidates ?? []);
  useEffect(() => setActive(0), [search]);
  const pick = (token: string) => {
    const start = caret - (match?.[2].length ?? 0) - 1;
    const next = `${value.slice(0, start)}${token} ${value.slice(caret)}`;
    onChange(next);
    setCaret(start + token.length + 1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!options.length) return;
    if (event.key === 'ArrowDown') setActive((active + 1) % options.length);
    else if (event.key === 'ArrowUp') setActive((active - 1 + options.length) % options.length);
    else if (event.key === 'Enter' || event.key === 'Tab') pick(options[active].token);
    else if (event.key === 'Escape') setDismissed(match?.[2] ?? null);
    else return;
    event.preventDefault();
  };
  return (
    <div className="mention-box">
      <label htmlFor={`${id}-text`}>{text}</label>
      <textarea
        id={`${id}-text`}
        value={value}
        rows={3}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls={`${id}-options`}
        aria-activedescendant={options.length ? `${id}-option-${active}` : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      <span id={`${id}-hint`} className="hint">
        Type @ to mention a collaborator or district.
      </span>
      <ul id={`${id}-options`} role="listbox" aria-label="People and districts to mention" className={options.length ? 'mentions' : 'mentions empty'}>
        {options.map((option, index) => (
          <li
            key={option.id}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === active}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(option.token);
            }}
          >
            {option.name} <span className="hint">{option.kind === 'ORGANIZATION' ? 'district' : 'person'}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

// ---------------------------------------------------------------- history

export function HistoryPanel({ section, canRestore, onRestored }: { section: Section; canRestore: boolean; onRestored: () => void }) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebWaiverSectionHistoryDocument,
    variables: { sectionId: section.id },
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => reexecute({ requestPolicy: 'network-only' }), [section.version, reexecute]);
  const [selected, setSelected] = useState<string | null>(null);
  const [restored, restore] = useMutation(WebRestoreWaiverSectionRevisionDocument);
  const [done, setDone] = useState<string | null>(null);
  const node = data?.node && 'revisions' in data.node ? data.node : null;
  const revisions = node?.revisions.edges.map((e) => e.node) ?? [];
  const index = revisions.findIndex((r) => r.id === selected);
  const chosen = index >= 0 ? revisions[index] : null;
  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">History of {section.title}</h2>
      {fetching && !data && <Loading what="the history" />}
      {error && <ErrorMessage error={error} />}
      {done && (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      {node && revisions.length === 0 && <Empty>No revision yet.</Empty>}
      <ol className="revisions">
        {revisions.map((revision) => (
          <li key={revision.id}>
            <button
              type="button"
              className="link-button"
              aria-pressed={revision.id === selected}
              onClick={() => setSelected(revision.id === selected ? null : revision.id)}
            >
              Version {revision.version}
            </button>{' '}
            <span className="meta">
              {label(revision.kind).toLowerCase()}
              {revision.restoredFromVersion ? ` from version ${revision.restoredFromVersion}` : ''} by {revision.author?.displayName ?? 'the hub'} ·{' '}
              {when(revision.createdAt)}
            </span>
          </li>
        ))}
      </ol>
      {node && node.revisions.totalCount > revisions.length && (
        <p className="hint">
          The latest {revisions.length} of {node.revisions.totalCount} versions.
        </p>
      )}
      {chosen && (
        <div className="revision-detail">
          <h3>
            Version {chosen.version} against {index + 1 < revisions.length ? `version ${revisions[index + 1].version}` : 'nothing before it'}
          </h3>
          <Diff before={index + 1 < revisions.length ? revisions[index + 1].body : ''} after={chosen.body} />
          {canRestore && chosen.version !== section.version && (
            <button
              type="button"
              disabled={restored.fetching}
              onClick={async () => {
                const result = await restore({ input: { revisionId: chosen.id } });
                if (result.data) {
                  setDone(`Version ${chosen.version} restored as version ${result.data.restoreWaiverSectionRevision.version}.`);
                  setSelected(null);
                  onRestored();
                }
              }}
            >
              Restore version {chosen.version}
            </button>
          )}
          {restored.error && <ErrorMessage error={restored.error} />}
        </div>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- districts and collaborators

const INVITABLE: CollaboratorRole[] = ['AUTHOR', 'REVIEWER'];

export function PeoplePanel({ request, viewer, onChanged }: { request: Request; viewer: Viewer; onChanged: () => void }) {
  const isLead = request.viewerRole === 'LEAD';
  const open = ['DRAFT', 'IN_REVIEW'].includes(request.status);
  const [invited, invite] = useMutation(WebInviteWaiverCollaboratorDocument);
  const [removed, remove] = useMutation(WebRemoveWaiverCollaboratorDocument);
  const [addedDistrict, addDistrict] = useMutation(WebAddWaiverDistrictDocument);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<CollaboratorRole>('AUTHOR');
  const [districtId, setDistrictId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [{ data: districts }] = useQuery({ query: WebSdzDistrictsDocument, variables: {}, pause: !isLead || !open });
  const inRequest = new Set(request.signOffs.map((s) => s.district.id));
  const addable = (districts?.organizations.edges.map((e) => e.node) ?? []).filter((d) => !inRequest.has(d.id));
  const error = invited.error ?? removed.error ?? addedDistrict.error;
  return (
    <section className="panel" aria-labelledby="people-heading">
      <h2 id="people-heading">Districts and people</h2>
      {done && (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      {error && <ErrorMessage error={error} />}
      <h3>Co-signing districts</h3>
      <ul className="plain">
        {request.signOffs.map((s) => (
          <li key={s.district.id}>
            {s.district.name}
            {s.lead ? ' (lead)' : ''}
          </li>
        ))}
      </ul>
      {isLead && open && (
        <form
          className="inline-form"
          onSubmit={async (event) => {
            event.preventDefault();
            const chosen = districtId || addable[0]?.id;
            if (!chosen) return;
            const result = await addDistrict({ input: { waiverRequestId: request.id, districtId: chosen } });
            if (result.data) {
              setDone(`${addable.find((d) => d.id === chosen)?.name ?? 'The district'} co-signs now.`);
              setDistrictId('');
              onChanged();
            }
          }}
        >
          <label>
            Add a System Design Zone district
            <select value={districtId || addable[0]?.id || ''} onChange={(e) => setDistrictId(e.target.value)}>
              {addable.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!addable.length || addedDistrict.fetching}>
            Add district
          </button>
        </form>
      )}
      <h3>Collaborators</h3>
      <ul className="people">
        {request.collaborators.map((c) => (
          <li key={c.user.id}>
            <span>
              {c.user.displayName}
              {c.user.id === viewer.id ? ' (you)' : ''} · {label(c.role)}
              {c.district ? ` · ${c.district.name}` : ''}
            </span>
            {isLead && c.role !== 'LEAD' && (
              <span className="actions">
                <label>
                  <span className="visually-hidden">Role of {c.user.displayName}</span>
                  <select
                    value={c.role}
                    disabled={!c.user.email || invited.fetching}
                    onChange={async (e) => {
                      const result = await invite({
                        input: { waiverRequestId: request.id, email: c.user.email!, role: e.target.value as CollaboratorRole },
                      });
                      if (result.data) {
                        setDone(`${c.user.displayName} is ${label(e.target.value).toLowerCase()} now.`);
                        onChanged();
                      }
                    }}
                  >
                    {INVITABLE.map((r) => (
                      <option key={r} value={r}>
                        {label(r)}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  disabled={removed.fetching}
                  onClick={async () => {
                    const result = await remove({ input: { waiverRequestId: request.id, userId: c.user.id } });
                    if (result.data) {
                      setDone(`${c.user.displayName} removed.`);
                      onChanged();
                    }
                  }}
                >
                  Remove {c.user.displayName}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {isLead && open && (
        <form
          className="stack"
          onSubmit={async (event) => {
            event.preventDefault();
            const result = await invite({ input: { waiverRequestId: request.id, email: email.trim(), role } });
            if (result.data) {
              setDone(`${email.trim()} invited as ${label(role).toLowerCase()}.`);
              setEmail('');
              onChanged();
            }
          }}
        >
          <label>
            Invite by email
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </label>
          <label>
            Role
            <select value={role} onChange={(e) => setRole(e.target.value as CollaboratorRole)}>
              {INVITABLE.map((r) => (
                <option key={r} value={r}>
                  {label(r)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!email.trim() || invited.fetching}>
            Invite
          </button>
        </form>
      )}
      {!isLead && <p className="hint">The lead invites people, changes their roles and adds districts.</p>}
    </section>
  );
}

// ---------------------------------------------------------------- sign-offs

/** The districts the viewer may sign for: co-signing districts they are an OWNER of. */
export function signableDistricts(request: Request, viewer: Viewer) {
  const owned = new Set(viewer.memberships.filter((m) => m.role === 'OWNER').map((m) => m.organization.id));
  return request.signOffs.filter((s) => owned.has(s.district.id));
}

export function SignOffPanel({ request, viewer, onChanged }: { request: Request; viewer: Viewer; onChanged: () => void }) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebWaiverSignedTextsDocument,
    variables: { id: request.id },
    requestPolicy: 'cache-and-network',
  });
  // A new sign-off brings a new signed text: read them again when any district's signed revision moves.
  const signedVersions = request.signOffs.map((s) => s.signedTextVersion ?? '').join(',');
  useEffect(() => reexecute({ requestPolicy: 'network-only' }), [signedVersions, reexecute]);
  const signedTexts = new Map((data?.waiverRequest?.signOffs ?? []).map((s) => [s.district.id, s]));
  const sections = [...request.sections].sort((a, b) => a.position - b.position);
  const mine = signableDistricts(request, viewer);
  return (
    <section className="panel" aria-labelledby="signoffs-heading">
      <h2 id="signoffs-heading">Sign-offs</h2>
      <p className="hint">
        An owner of each co-signing district signs off the text as it reads now (revision {request.textVersion}); any later change needs a new sign-off.
      </p>
      <ul className="signoffs">
        {request.signOffs.map((s) => {
          const stale = s.signedOffAt && !s.current;
          // The exact text the district signed, kept with its sign-off (when it is the sign-off shown here).
          const kept = signedTexts.get(s.district.id);
          const signed = kept && kept.signedTextVersion === s.signedTextVersion ? kept.signedText : undefined;
          return (
            <li key={s.district.id} data-testid={`signoff-${s.district.name}`}>
              <strong>{s.district.name}</strong>
              {s.lead ? ' (lead)' : ''}:{' '}
              {s.current ? (
                <span className="signoff-current">
                  signed off revision {s.signedTextVersion} by {s.signedOffBy?.displayName ?? 'an owner'}, current
                </span>
              ) : s.signedOffAt ? (
                <span className="signoff-stale">
                  stale since revision {s.staleSinceVersion} (signed revision {s.signedTextVersion} on {formatDate(s.signedOffAt)})
                </span>
              ) : (
                <span className="signoff-none">not signed off yet</span>
              )}
              {stale && signed && (
                <details>
                  <summary>Changes since its sign-off</summary>
                  <SignedTextDiff signed={signed} title={request.title} sections={sections} textVersion={request.textVersion} />
                </details>
              )}
              {stale && signed === null && (
                <p className="hint">
                  The hub did not keep the text of this sign-off (it was made before the hub kept signed texts): see each section’s history.
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {fetching && !data && request.signOffs.some((s) => s.signedOffAt && !s.current) && <Loading what="the texts signed" />}
      {error && <ErrorMessage error={error} />}
      {mine.length > 0 && (
        <details className="read-all">
          <summary>Read the whole text you sign (revision {request.textVersion})</summary>
          {sections.map((section) => (
            <div key={section.id}>
              <h3>{section.title}</h3>
              <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(section.body) }} />
            </div>
          ))}
        </details>
      )}
      <SignOffButtons request={request} viewer={viewer} onChanged={onChanged} />
    </section>
  );
}

function SignOffButtons({ request, viewer, onChanged }: { request: Request; viewer: Viewer; onChanged: () => void }) {
  const [signed, signOff] = useMutation(WebSignOffWaiverRequestDocument);
  const [done, setDone] = useState<string | null>(null);
  const mine = signableDistricts(request, viewer);
  if (!mine.length || request.status !== 'IN_REVIEW') return null;
  return (
    <div className="actions">
      {mine
        .filter((s) => !s.current)
        .map((s) => (
          <button
            key={s.district.id}
            type="button"
            disabled={signed.fetching}
            onClick={async () => {
              setDone(null);
              const result = await signOff({ input: { waiverRequestId: request.id, districtId: s.district.id, textDigest: request.textDigest } });
              if (result.data) setDone(`${s.district.name} signed off revision ${request.textVersion}.`);
              onChanged();
            }}
          >
            Sign off for {s.district.name}
          </button>
        ))}
      {done && (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      {signed.error && <ErrorMessage error={signed.error} />}
    </div>
  );
}

// ---------------------------------------------------------------- workflow

interface Step {
  name: string;
  /** Why not, when not possible now. */
  why: string | null;
  run: () => Promise<unknown>;
  done: string;
}

export function WorkflowBar({ request, viewer, onChanged }: { request: Request; viewer: Viewer; onChanged: () => void }) {
  const [started, start] = useMutation(WebStartWaiverReviewDocument);
  const [submitted, submit] = useMutation(WebSubmitWaiverRequestDocument);
  const [withdrawn, withdraw] = useMutation(WebWithdrawWaiverRequestDocument);
  const [signed, signOff] = useMutation(WebSignOffWaiverRequestDocument);
  const [done, setDone] = useState<string | null>(null);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const isLead = request.viewerRole === 'LEAD';
  const status = request.status;
  const notCurrent = request.signOffs.filter((s) => !s.current);
  const mine = signableDistricts(request, viewer).filter((s) => !s.current);
  const input = { waiverRequestId: request.id };

  const steps: Step[] = [
    {
      name: 'Start review',
      why: !isLead ? 'Only the lead starts the review.' : status !== 'DRAFT' ? `The review has started (${label(status).toLowerCase()}).` : null,
      run: () => start({ input }),
      done: 'The review has started: districts may sign off.',
    },
    {
      name: 'Sign off',
      why:
        status !== 'IN_REVIEW'
          ? status === 'DRAFT'
            ? 'Sign-offs open once the lead starts the review.'
            : `Sign-offs are closed (${label(status).toLowerCase()}).`
          : signableDistricts(request, viewer).length === 0
            ? 'Only an owner of a co-signing district signs off.'
            : mine.length === 0
              ? 'Your district’s sign-off is current.'
              : null,
      run: () => signOff({ input: { ...input, districtId: mine[0].district.id, textDigest: request.textDigest } }),
      done: `Signed off revision ${request.textVersion}${mine[0] ? ` for ${mine[0].district.name}` : ''}.`,
    },
    {
      name: 'Submit',
      why: !isLead
        ? 'Only the lead submits.'
        : status !== 'IN_REVIEW'
          ? status === 'DRAFT'
            ? 'Start the review and gather every district’s sign-off first.'
            : `Already ${label(status).toLowerCase()}.`
          : notCurrent.length
            ? `Waiting for sign-off from ${notCurrent
                .map((s) => (s.staleSinceVersion ? `${s.district.name} (stale since revision ${s.staleSinceVersion})` : s.district.name))
                .join(', ')}.`
            : null,
      run: () => submit({ input }),
      done: 'Submitted to the state agency: the text is frozen.',
    },
    {
      name: 'Withdraw',
      why: !isLead ? 'Only the lead withdraws.' : !['DRAFT', 'IN_REVIEW', 'SUBMITTED'].includes(status) ? `It is ${label(status).toLowerCase()}.` : null,
      run: async () => {
        if (!confirmWithdraw) {
          setConfirmWithdraw(true);
          return;
        }
        setConfirmWithdraw(false);
        return withdraw({ input });
      },
      done: 'Withdrawn.',
    },
  ];
  const error = started.error ?? submitted.error ?? withdrawn.error ?? signed.error;
  if (['APPROVED', 'DENIED', 'WITHDRAWN'].includes(status))
    return (
      <div className="workflow" role="group" aria-label="Workflow">
        <p className="note">
          {label(status)}
          {request.decidedAt ? ` on ${formatDate(request.decidedAt)}` : ''}: no further step.
        </p>
      </div>
    );
  return (
    <div className="workflow" role="group" aria-label="Workflow">
      <ol>
        {steps.map((step, index) => {
          const reasonId = `step-why-${index}`;
          const pending = step.name === 'Withdraw' && confirmWithdraw;
          return (
            <li key={step.name}>
              <button
                type="button"
                disabled={step.why !== null}
                aria-describedby={step.why ? reasonId : undefined}
                onClick={async () => {
                  setDone(null);
                  const result = (await step.run()) as { data?: unknown } | undefined;
                  if (result?.data) {
                    setDone(step.done);
                    onChanged();
                  }
                }}
              >
                {pending ? 'Confirm withdraw' : step.name}
              </button>
              {step.why && (
                <span id={reasonId} className="why">
                  {step.why}
                </span>
              )}
              {pending && <span className="why">It stops the request for good. Press again to confirm.</span>}
            </li>
          );
        })}
      </ol>
      {done && (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      {error && <ErrorMessage error={error} />}
    </div>
  );
}
