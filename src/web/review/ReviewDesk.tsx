/**
 * The state reviewer's desk: submitted waiver requests (and decided ones),
 * newest first. State-agency staff read every submitted request.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { WebReviewDeskDocument, type WaiverStatus } from '../generated/graphql';
import { formatDate, label } from '../shell/labels';
import { Empty, ErrorMessage, Loading, NoPermission, SignInPrompt } from '../shell/states';
import { useAuth } from '../shell/auth';
import { useTitle } from '../shell/title';
import '../applications/desks.css';

const SHOWN: Array<{ value: WaiverStatus | ''; text: string }> = [
  { value: 'SUBMITTED', text: 'Waiting for a decision' },
  { value: 'APPROVED', text: 'Approved' },
  { value: 'DENIED', text: 'Denied' },
  { value: '', text: 'Every request I may read' },
];

export default function ReviewDesk() {
  useTitle('State review desk');
  const { token } = useAuth();
  const [status, setStatus] = useState<WaiverStatus | ''>('SUBMITTED');
  const [{ data, fetching, error }] = useQuery({
    query: WebReviewDeskDocument,
    variables: { status: status || undefined },
    pause: !token,
    requestPolicy: 'cache-and-network',
  });
  if (!token) return <SignInPrompt what="the review desk" />;
  if (fetching && !data) return <Loading what="submitted waiver requests" />;
  if (error && !data) return <ErrorMessage error={error} />;
  const staff = data?.viewer?.memberships.some((m) => m.organization.kind === 'STATE_AGENCY') ?? false;
  if (!staff)
    return (
      <>
        <h1>State review desk</h1>
        <NoPermission message="The review desk is for state-agency staff, who decide submitted waiver requests." />
      </>
    );
  const requests = (data?.waiverRequests.edges.map((e) => e.node) ?? []).filter((r) => r.submittedAt);
  return (
    <>
      <h1>State review desk</h1>
      <p className="lead">
        Waiver requests the System Design Zone districts submitted: read the frozen text and its sign-offs, then approve or deny with a note.
      </p>
      <div className="filters">
        <div className="field">
          <label htmlFor="review-status">Show</label>
          <select id="review-status" value={status} onChange={(event) => setStatus(event.target.value as WaiverStatus | '')}>
            {SHOWN.map((s) => (
              <option key={s.text} value={s.value}>
                {s.text}
              </option>
            ))}
          </select>
        </div>
      </div>
      {requests.length === 0 ? (
        <Empty>No waiver request here.</Empty>
      ) : (
        <ul className="cards">
          {requests.map((r) => (
            <li key={r.id} className="card">
              <h2>
                <Link to={`/review/${r.id}`}>{r.title}</Link>
              </h2>
              <p>
                <span className={`status status-${r.status.toLowerCase()}`}>{label(r.status)}</span> · {r.leadDistrict.name} and {r.districts.length - 1}{' '}
                co-signing
                {r.districts.length === 2 ? ' district' : ' districts'}
              </p>
              <p className="meta">
                Submitted {formatDate(r.submittedAt)}
                {r.decidedAt ? ` · decided ${formatDate(r.decidedAt)}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
