/**
 * One submitted waiver request on the state reviewer's desk: the frozen text
 * section by section with its sign-offs, and the decision with a note. Live:
 * the request's events re-read it, so a decision made elsewhere shows here.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { WebDecideWaiverDocument, WebReviewEventsDocument, WebReviewRequestDocument, type WaiverDecision } from '../generated/graphql';
import { renderMarkdown } from '../learning/markdown';
import { formatDate, label } from '../shell/labels';
import { Empty, ErrorMessage, Loading, SignInPrompt } from '../shell/states';
import { useAuth } from '../shell/auth';
import { useTitle } from '../shell/title';
import { ExportActions } from '../shell/ExportActions';
import '../applications/desks.css';

export default function ReviewRequest() {
  const { id = '' } = useParams();
  const { token } = useAuth();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebReviewRequestDocument, variables: { id }, pause: !token });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const [announcement, setAnnouncement] = useState('');
  useSubscription({ query: WebReviewEventsDocument, variables: { id }, pause: !token }, (_previous, event) => {
    if (event.waiverRequestEvents.__typename === 'WaiverStatusChanged') refresh();
    return event;
  });
  const [deciding, decide] = useMutation(WebDecideWaiverDocument);
  const [decision, setDecision] = useState<WaiverDecision | ''>('');
  const [note, setNote] = useState('');
  const request = data?.waiverRequest;
  useTitle(request ? `Review: ${request.title}` : 'Review a waiver request');

  if (!token) return <SignInPrompt what="this waiver request" />;
  if (fetching && !data) return <Loading what="the waiver request" />;
  if (error && !data) return <ErrorMessage error={error} />;
  if (!request)
    return (
      <>
        <h1>Review a waiver request</h1>
        <Empty>
          There is no such waiver request, or it is not submitted to the state. <Link to="/review">Back to the desk</Link>
        </Empty>
      </>
    );
  const mayDecide = data?.viewer?.memberships.some((m) => m.organization.kind === 'STATE_AGENCY' && (m.role === 'OWNER' || m.role === 'EDITOR')) ?? false;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!decision) return;
    const outcome = await decide({ input: { waiverRequestId: request.id, decision, note } });
    if (!outcome.error) {
      setAnnouncement(`${label(outcome.data?.decideWaiverRequest.status)}: ${request.title}`);
      refresh();
    }
  };
  return (
    <>
      <p className="breadcrumb">
        <Link to="/review">State review desk</Link>
      </p>
      <h1>{request.title}</h1>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`status status-${request.status.toLowerCase()}`}>{label(request.status)}</span>
        </dd>
        <dt>Lead district</dt>
        <dd>{request.leadDistrict.name}</dd>
        <dt>Submitted</dt>
        <dd>{formatDate(request.submittedAt)}</dd>
        <dt>Text</dt>
        <dd>
          version {request.textVersion}, digest <code>{request.textDigest.slice(0, 16)}</code>
        </dd>
        {request.decidedAt && (
          <>
            <dt>Decided</dt>
            <dd>
              {formatDate(request.decidedAt)}
              {request.decidedBy ? ` by ${request.decidedBy.displayName}` : ''}
            </dd>
          </>
        )}
      </dl>
      {request.decisionNote && (
        <div className="notice decision" role="note">
          <p>
            <strong>Decision note:</strong> {request.decisionNote}
          </p>
        </div>
      )}
      <ExportActions path={`/exports/waiver-requests/${request.id}`} what="waiver request" />

      <section aria-labelledby="signoffs">
        <h2 id="signoffs">Sign-offs</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">District</th>
              <th scope="col">Signed off</th>
              <th scope="col">Covers the submitted text</th>
            </tr>
          </thead>
          <tbody>
            {request.signOffs.map((s) => (
              <tr key={s.district.id}>
                <th scope="row">
                  {s.district.name}
                  {s.lead ? ' (lead)' : ''}
                </th>
                <td>
                  {s.signedOffAt
                    ? `${formatDate(s.signedOffAt)}${s.signedOffBy ? ` by ${s.signedOffBy.displayName}` : ''}, version ${s.signedTextVersion}`
                    : 'Not signed'}
                </td>
                <td>
                  {s.current ? <span className="done">Yes</span> : `No${s.staleSinceVersion ? `: the text changed at version ${s.staleSinceVersion}` : ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {request.status === 'SUBMITTED' && mayDecide && (
        <section aria-labelledby="decide">
          <h2 id="decide">Decision</h2>
          <form className="stacked-form" onSubmit={(event) => void submit(event)}>
            <fieldset>
              <legend>Decide this waiver request</legend>
              {(['APPROVED', 'DENIED'] as const).map((d) => (
                <div className="field checkbox" key={d}>
                  <input type="radio" id={`decision-${d}`} name="decision" checked={decision === d} onChange={() => setDecision(d)} />
                  <label htmlFor={`decision-${d}`}>{d === 'APPROVED' ? 'Approve' : 'Deny'}</label>
                </div>
              ))}
            </fieldset>
            <label htmlFor="decision-note">Note to the districts (why)</label>
            <textarea id="decision-note" rows={4} value={note} onChange={(event) => setNote(event.target.value)} required />
            <div className="actions">
              <button type="submit" disabled={!decision || !note.trim() || deciding.fetching}>
                Send the decision
              </button>
            </div>
            {deciding.error && <ErrorMessage error={deciding.error} />}
          </form>
        </section>
      )}

      <section aria-labelledby="text">
        <h2 id="text">The submitted text</h2>
        {request.sections.map((section, index) => (
          <article key={section.id} className="card frozen-section" aria-labelledby={`s-${section.id}`}>
            <h3 id={`s-${section.id}`}>
              {index + 1}. {section.title}
            </h3>
            <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(section.body || '_Not written._') }} />
          </article>
        ))}
      </section>
    </>
  );
}
