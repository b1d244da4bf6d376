/**
 * One application, for its applicant: the form while it is a draft (the
 * self-assessment, narratives, commitments, documents), then its status,
 * the clarification thread and, after the decision, the post-selection
 * checklist. Live: each of its `applicationEvents` re-reads it.
 */
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription, type CombinedError } from 'urql';
import {
  WebApplicationDocument,
  WebApplicationEventsDocument,
  WebSubmitApplicationDocument,
  WebSubmitBoardResolutionDocument,
  WebWithdrawApplicationDocument,
  type WebApplicationRecordFragment,
} from '../generated/graphql';
import { label } from '../shell/labels';
import { Empty, ErrorMessage, Loading, SignInPrompt } from '../shell/states';
import { useAuth } from '../shell/auth';
import { useTitle } from '../shell/title';
import { ExportActions } from '../shell/ExportActions';
import { DocumentLink, UploadField } from './FileActions';
import { ApplicationSections, Clarifications } from './Record';
import { when, words } from './words';
import './desks.css';

/** Where on this page a submission gap is closed (the hub's paths: `sections.<key>.…`, `commitments.<key>`, `letterOfSupport`). */
function gapPlace(path: string, application: WebApplicationRecordFragment): { anchor: string; name: string } | null {
  const [head, key] = path.split('.');
  if (head === 'letterOfSupport') return { anchor: 'letter', name: 'Letter of support' };
  if (head === 'commitments') return { anchor: 'commitments', name: 'Commitments' };
  const section = head === 'sections' ? application.sections.find((s) => s.key === key) : undefined;
  return section ? { anchor: `section-${section.id}`, name: section.title } : null;
}

/** Whether a gap the hub listed is still open in the application as it now reads (filled in since: no longer shown). */
function stillOpen(path: string, application: WebApplicationRecordFragment): boolean {
  const [head, key, part] = path.split('.');
  if (head === 'letterOfSupport') return application.letterOfSupport.length === 0;
  if (head === 'commitments') return !application.commitments.find((c) => c.key === key)?.acknowledged;
  const section = head === 'sections' ? application.sections.find((s) => s.key === key) : undefined;
  if (!section) return true;
  if (part === 'body') return !section.body.trim();
  if (part === 'rating') return !section.rating;
  if (part === 'evidence') return section.links.length === 0 && section.evidenceDocuments.length === 0;
  return true;
}

/** A refusal with the hub's list of what is missing (`extensions.fields`), each linked to where it is filled in. */
function Gaps({ error, application }: { error: CombinedError; application: WebApplicationRecordFragment }) {
  const listed = (error.graphQLErrors[0]?.extensions?.fields ?? []) as Array<{ path: string; message: string }>;
  if (listed.length === 0) return <ErrorMessage error={error} />;
  const fields = listed.filter((f) => stillOpen(f.path, application));
  if (fields.length === 0)
    return (
      <p className="notice" role="status">
        Everything the hub listed is filled in now: submit again.
      </p>
    );
  return (
    <div className="state error" role="alert">
      <p>
        <strong>Not yet ready to submit:</strong>
      </p>
      <ul>
        {fields.map((f) => {
          const place = gapPlace(f.path, application);
          return (
            <li key={f.path}>
              {place ? <a href={`#${place.anchor}`}>{place.name}</a> : <code>{f.path}</code>}: {f.message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** After the decision: the membership it made and what the district still owes. */
function Checklist({ application, canDraft, onSaved }: { application: WebApplicationRecordFragment; canDraft: boolean; onSaved(): void }) {
  const [, submitResolution] = useMutation(WebSubmitBoardResolutionDocument);
  const membership = application.placedZone
    ? application.applicant.zoneMemberships.find((m) => m.zone === application.placedZone && m.schoolYear === application.schoolYear)
    : undefined;
  const resolution = application.boardResolution;
  // Uploaded from this page: the field stays (closed) so its progress and confirmation remain once the hub says "received".
  const [sent, setSent] = useState(false);
  return (
    <section aria-labelledby="checklist">
      <h2 id="checklist">After the decision</h2>
      <ul className="checklist">
        <li>
          {membership ? (
            <>
              <span className="done">Done:</span> {application.applicant.name} is a member of the {label(membership.zone)} for {membership.schoolYear}.
            </>
          ) : (
            <>No zone membership comes with this decision.</>
          )}
        </li>
        {resolution && (
          <li>
            <strong>Board resolution supporting participation:</strong> {words(resolution.status)}
            {resolution.status === 'OUTSTANDING' && `, due ${when(resolution.dueAt)}${resolution.overdue ? ' (overdue)' : ''}`}
            {resolution.receivedAt && `, received ${when(resolution.receivedAt)}`}
            {resolution.acceptedAt && `, accepted ${when(resolution.acceptedAt)}`}
            {resolution.documents.length > 0 && (
              <ul className="documents">
                {resolution.documents.map((d) => (
                  <li key={d.id}>
                    <DocumentLink url={d.url} filename={d.filename} />
                  </li>
                ))}
              </ul>
            )}
            {canDraft && (resolution.status === 'OUTSTANDING' || sent) && (
              <UploadField
                label="Upload the board resolution"
                closed={resolution.status !== 'OUTSTANDING'}
                onUploaded={async (documentId) => {
                  const outcome = await submitResolution({ input: { requirementId: resolution.id, documentId } });
                  if (outcome.error) return outcome.error.graphQLErrors[0]?.message ?? outcome.error.message;
                  setSent(true);
                  onSaved();
                  return null;
                }}
              />
            )}
          </li>
        )}
      </ul>
    </section>
  );
}

export default function ApplicationPage() {
  const { id = '' } = useParams();
  const { token } = useAuth();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebApplicationDocument, variables: { id }, pause: !token });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const [announcement, setAnnouncement] = useState('');
  useSubscription({ query: WebApplicationEventsDocument, variables: { applicationId: id }, pause: !token }, (_previous, event) => {
    setAnnouncement(`The application is now ${words(event.applicationEvents.status).toLowerCase()}.`);
    refresh();
    return event;
  });
  const [submitting, submit] = useMutation(WebSubmitApplicationDocument);
  const [withdrawing, withdraw] = useMutation(WebWithdrawApplicationDocument);
  const application = data?.zoneApplication;
  useTitle(application ? `${application.applicant.name}: ${label(application.zone)} application` : 'Application');

  if (!token) return <SignInPrompt what="this application" />;
  if (fetching && !data) return <Loading what="the application" />;
  // The hub refused the id (or failed): its words, not a guess that the application is missing.
  if (error && !application)
    return (
      <>
        <h1>Application</h1>
        <ErrorMessage error={error} />
        <p>
          <Link to="/applications">Back to the applications</Link>
        </p>
      </>
    );
  if (!application)
    return (
      <>
        <h1>Application not found</h1>
        <Empty>
          There is no such application, or it is not yours to read. <Link to="/applications">Back to the applications</Link>
        </Empty>
      </>
    );

  const role = data?.viewer?.memberships.find((m) => m.organization.id === application.applicant.id)?.role;
  const canDraft = role === 'OWNER' || role === 'EDITOR';
  const editable = canDraft && application.status === 'DRAFT';
  const decided = application.status === 'SELECTED' || application.status === 'NOT_SELECTED';
  return (
    <>
      <p className="breadcrumb">
        <Link to="/applications">Zone applications</Link>
      </p>
      <h1>
        {application.applicant.name}: {label(application.zone)}, {application.schoolYear}
      </h1>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`status status-${application.status.toLowerCase()}`}>{words(application.status)}</span>
        </dd>
        <dt>Deadline</dt>
        <dd>
          {when(application.window.deadline)}
          {application.window.isOpen ? '' : ' (closed)'}
        </dd>
        {application.submittedAt && (
          <>
            <dt>Submitted</dt>
            <dd>{when(application.submittedAt)}</dd>
          </>
        )}
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
      {!role && application.status !== 'DRAFT' && (
        // Opened from a notification by someone outside the applicant: the facilitation team reviews it on its desk.
        <p className="notice">
          On the facilitation team? <Link to={`/facilitation/applications/${application.id}`}>Review it on the facilitation desk</Link>.
        </p>
      )}
      {application.status === 'NEEDS_CLARIFICATION' && <p className="notice">The facilitation team asked a question: answer it under Clarifications below.</p>}
      <ExportActions path={`/exports/applications/${application.id}`} what="application" />

      {decided && <Checklist application={application} canDraft={canDraft} onSaved={refresh} />}
      {application.status !== 'DRAFT' && <Clarifications application={application} canAnswer={canDraft} onSaved={refresh} />}

      <ApplicationSections application={application} canEdit={editable} onSaved={refresh} author={data?.viewer ?? null} />

      {editable && (
        <section aria-labelledby="submit">
          <h2 id="submit">Submit</h2>
          <p className="hint">Submitting before the deadline is agreement to the zone's commitments; the hub lists anything still missing.</p>
          <div className="actions">
            <button type="button" disabled={submitting.fetching} onClick={() => void submit({ input: { applicationId: application.id } }).then(refresh)}>
              Submit the application
            </button>
          </div>
          {submitting.error && <Gaps error={submitting.error} application={application} />}
        </section>
      )}
      {canDraft && !decided && application.status !== 'WITHDRAWN' && (
        <p>
          <button
            type="button"
            className="secondary"
            disabled={withdrawing.fetching}
            onClick={() => {
              if (window.confirm('Withdraw this application? It cannot be submitted again.'))
                void withdraw({ input: { applicationId: application.id } }).then(refresh);
            }}
          >
            Withdraw the application
          </button>
        </p>
      )}
      {withdrawing.error && <ErrorMessage error={withdrawing.error} />}
    </>
  );
}
