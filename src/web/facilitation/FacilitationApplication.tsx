/**
 * One application on the facilitation desk: its full record, private notes,
 * clarification requests, the board resolution, and the decision, confirmed
 * in a dialog that says first what it will do (the SDZ → ILDZ rule).
 */
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import {
  WebAcceptBoardResolutionDocument,
  WebAddReviewNoteDocument,
  WebApplicationEventsDocument,
  WebDecideApplicationDocument,
  WebFacilitationApplicationDocument,
  WebRequestClarificationDocument,
  WebStartApplicationReviewDocument,
} from '../generated/graphql';
import { label } from '../shell/labels';
import { Empty, ErrorMessage, Loading, NoPermission, SignInPrompt, errorCode } from '../shell/states';
import { useAuth } from '../shell/auth';
import { useTitle } from '../shell/title';
import { DocumentLink } from '../applications/FileActions';
import { ExportActions } from '../shell/ExportActions';
import { ApplicationSections, Clarifications } from '../applications/Record';
import { decisionConsequence, when, words } from '../applications/words';
import '../applications/desks.css';

type Decision = 'SELECTED' | 'NOT_SELECTED';

export default function FacilitationApplication() {
  const { id = '' } = useParams();
  const { token } = useAuth();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebFacilitationApplicationDocument, variables: { id }, pause: !token });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const [announcement, setAnnouncement] = useState('');
  useSubscription({ query: WebApplicationEventsDocument, variables: { applicationId: id }, pause: !token }, (_previous, event) => {
    setAnnouncement(`The application is now ${words(event.applicationEvents.status).toLowerCase()}.`);
    refresh();
    return event;
  });
  const [starting, startReview] = useMutation(WebStartApplicationReviewDocument);
  const [noting, addNote] = useMutation(WebAddReviewNoteDocument);
  const [asking, ask] = useMutation(WebRequestClarificationDocument);
  const [deciding, decide] = useMutation(WebDecideApplicationDocument);
  const [accepting, accept] = useMutation(WebAcceptBoardResolutionDocument);
  const [note, setNote] = useState('');
  const [question, setQuestion] = useState('');
  const [decision, setDecision] = useState<Decision>('SELECTED');
  const [decisionNote, setDecisionNote] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  const application = data?.zoneApplication;
  useTitle(application ? `Review: ${application.applicant.name}` : 'Review an application');

  if (!token) return <SignInPrompt what="this application" />;
  if (fetching && !data) return <Loading what="the application" />;
  // Private notes are the team's only: anyone else's read is refused (and the application with it).
  if (errorCode(error) === 'FORBIDDEN')
    return (
      <>
        <h1>Review an application</h1>
        <NoPermission message="Applications are reviewed here by the facilitation team." />
        <p>
          <Link to={`/applications/${id}`}>Open it as the applicant</Link> (if it is your organization's), or go back to{' '}
          <Link to="/applications">the zone applications</Link>.
        </p>
      </>
    );
  if (error && !application) return <ErrorMessage error={error} />;
  if (!application)
    return (
      <>
        <h1>Review an application</h1>
        <Empty>
          There is no such application, or it is not submitted yet. <Link to="/facilitation">Back to the queue</Link>
        </Empty>
      </>
    );
  const open = ['SUBMITTED', 'UNDER_REVIEW', 'NEEDS_CLARIFICATION'].includes(application.status);
  const decidable = application.status === 'SUBMITTED' || application.status === 'UNDER_REVIEW';
  const who = application.teacher ? `${application.teacher.displayName} (${application.applicant.name})` : application.applicant.name;

  const confirm = async () => {
    const outcome = await decide({ input: { applicationId: application.id, decision, note: decisionNote || undefined } });
    dialog.current?.close();
    if (!outcome.error) {
      setAnnouncement(`Decided: ${outcome.data?.decideZoneApplication.decisionSummary ?? words(decision)}`);
      refresh();
    }
  };
  const submitNote = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await addNote({ input: { applicationId: application.id, body: note } });
    if (!outcome.error) {
      setNote('');
      refresh();
    }
  };
  const submitQuestion = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await ask({ input: { applicationId: application.id, question } });
    if (!outcome.error) {
      setQuestion('');
      refresh();
    }
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to="/facilitation">Facilitation desk</Link>
      </p>
      <h1>
        {who}: {label(application.zone)}, {application.schoolYear}
      </h1>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`status status-${application.status.toLowerCase()}`}>{words(application.status)}</span>
        </dd>
        <dt>Region</dt>
        <dd>{application.applicant.region ?? 'none named'}</dd>
        <dt>Submitted</dt>
        <dd>{when(application.submittedAt)}</dd>
        {application.placedZone && (
          <>
            <dt>Placed in</dt>
            <dd>{label(application.placedZone)}</dd>
          </>
        )}
      </dl>
      {application.decisionSummary && (
        <div className="notice decision" role="note">
          <p>
            <strong>Decision:</strong> {application.decisionSummary}
          </p>
          {application.decisionNote && <p>“{application.decisionNote}”</p>}
        </div>
      )}
      <ExportActions path={`/exports/applications/${application.id}`} what="application" />

      {application.status === 'SUBMITTED' && (
        <div className="actions">
          <button type="button" disabled={starting.fetching} onClick={() => void startReview({ input: { applicationId: application.id } }).then(refresh)}>
            Start the review
          </button>
          {starting.error && <ErrorMessage error={starting.error} />}
        </div>
      )}

      <div className="desk-columns">
        <div>
          <Clarifications application={application} canAnswer={false} onSaved={refresh} />
          {application.status === 'UNDER_REVIEW' && (
            <form className="stacked-form" onSubmit={(event) => void submitQuestion(event)}>
              <label htmlFor="question">Ask the applicant for clarification</label>
              <textarea id="question" rows={3} value={question} onChange={(event) => setQuestion(event.target.value)} required />
              <div className="actions">
                <button type="submit" disabled={asking.fetching || !question.trim()}>
                  Request clarification
                </button>
              </div>
              {asking.error && <ErrorMessage error={asking.error} />}
            </form>
          )}
          <ApplicationSections application={application} canEdit={false} onSaved={refresh} />
        </div>
        <aside aria-labelledby="notes">
          <h2 id="notes">Private notes</h2>
          <p className="hint">Only the facilitation team sees these.</p>
          {application.reviewNotes.length === 0 ? (
            <p className="meta">No note yet.</p>
          ) : (
            <ul className="notes">
              {application.reviewNotes.map((n) => (
                <li key={n.id}>
                  <p>{n.body}</p>
                  <p className="meta">
                    {n.author?.displayName ?? 'Someone'}, {when(n.createdAt)}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <form className="stacked-form" onSubmit={(event) => void submitNote(event)}>
            <label htmlFor="note">New private note</label>
            <textarea id="note" rows={3} value={note} onChange={(event) => setNote(event.target.value)} required />
            <div className="actions">
              <button type="submit" disabled={noting.fetching || !note.trim()}>
                Add the note
              </button>
            </div>
            {noting.error && <ErrorMessage error={noting.error} />}
          </form>

          {open && (
            <section aria-labelledby="decide">
              <h2 id="decide">Decision</h2>
              {!decidable ? (
                <p className="hint">Decide once the open clarification is answered.</p>
              ) : (
                <form
                  className="stacked-form"
                  onSubmit={(event) => {
                    event.preventDefault();
                    dialog.current?.showModal();
                  }}
                >
                  <fieldset>
                    <legend>Decide this application</legend>
                    {(['SELECTED', 'NOT_SELECTED'] as const).map((d) => (
                      <div className="field checkbox" key={d}>
                        <input type="radio" id={`decision-${d}`} name="decision" checked={decision === d} onChange={() => setDecision(d)} />
                        <label htmlFor={`decision-${d}`}>{words(d)}</label>
                      </div>
                    ))}
                  </fieldset>
                  <label htmlFor="decision-note">Note to the applicant</label>
                  <textarea id="decision-note" rows={3} value={decisionNote} onChange={(event) => setDecisionNote(event.target.value)} />
                  <div className="actions">
                    <button type="submit">Decide…</button>
                  </div>
                  {deciding.error && <ErrorMessage error={deciding.error} />}
                </form>
              )}
            </section>
          )}

          {application.boardResolution && (
            <section aria-labelledby="resolution">
              <h2 id="resolution">Board resolution</h2>
              <p>
                {words(application.boardResolution.status)}, due {when(application.boardResolution.dueAt)}
                {application.boardResolution.overdue ? ' (overdue)' : ''}
                {application.boardResolution.receivedAt && `; received ${when(application.boardResolution.receivedAt)}`}
                {application.boardResolution.acceptedAt && `; accepted ${when(application.boardResolution.acceptedAt)}`}
              </p>
              {application.boardResolution.documents.length > 0 ? (
                <ul className="documents">
                  {application.boardResolution.documents.map((d) => (
                    <li key={d.id}>
                      <DocumentLink url={d.url} filename={d.filename} />
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="meta">The district has not uploaded it yet.</p>
              )}
              {application.boardResolution.status === 'RECEIVED' && (
                <button
                  type="button"
                  disabled={accepting.fetching}
                  onClick={() => void accept({ input: { requirementId: application.boardResolution!.id } }).then(refresh)}
                >
                  Accept the board resolution
                </button>
              )}
              {accepting.error && <ErrorMessage error={accepting.error} />}
            </section>
          )}
        </aside>
      </div>

      <dialog ref={dialog} aria-labelledby="confirm-title" aria-describedby="confirm-rule" className="confirm">
        <h2 id="confirm-title">Confirm: {words(decision)}</h2>
        <p id="confirm-rule">{decisionConsequence(application.zone, decision, who, application.schoolYear)}</p>
        <p className="hint">The decision locks the application and is sent to the applicant{decisionNote ? ' with your note' : ''}.</p>
        <div className="actions">
          <button type="button" onClick={() => void confirm()} disabled={deciding.fetching}>
            Confirm: {words(decision)}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </>
  );
}
