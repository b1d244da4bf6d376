/**
 * One partnership: the opportunity, the district and the business, its status
 * and timeline (from `history`), and the moves the viewer may make (the API's
 * rules: the business's owners and editors accept or decline a request; either
 * side's owners and editors start, complete or cancel it). It follows both
 * organizations' `partnershipEvents`, so a move made elsewhere shows without
 * reloading.
 */
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import {
  WebCancelPartnershipDocument,
  WebCompletePartnershipDocument,
  WebPartnershipDocument,
  WebPartnershipEventsDocument,
  WebRespondDocument,
  WebStartPartnershipDocument,
  type PartnershipStatus,
  type WebPartnershipDetailFragment,
} from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { formatDate, label } from '../shell/labels';
import { ErrorMessage, Loading, NoPermission, SignInPrompt } from '../shell/states';
import { useTitle } from '../shell/title';

type Move = 'ACCEPT' | 'DECLINE' | 'START' | 'COMPLETE' | 'CANCEL';

/** Which moves each status allows (the hub's PARTNERSHIP_TRANSITIONS), and whose they are. */
const MOVES: Record<PartnershipStatus, Move[]> = {
  REQUESTED: ['ACCEPT', 'DECLINE', 'CANCEL'],
  ACCEPTED: ['START', 'CANCEL'],
  ACTIVE: ['COMPLETE', 'CANCEL'],
  DECLINED: [],
  COMPLETED: [],
  CANCELLED: [],
};
const BUSINESS_ONLY = new Set<Move>(['ACCEPT', 'DECLINE']);
const MOVE_LABELS: Record<Move, string> = {
  ACCEPT: 'Accept',
  DECLINE: 'Decline',
  START: 'Start',
  COMPLETE: 'Mark completed',
  CANCEL: 'Cancel the partnership',
};
const DONE: Record<Move, string> = { ACCEPT: 'Accepted', DECLINE: 'Declined', START: 'Started', COMPLETE: 'Completed', CANCEL: 'Cancelled' };

function Live({ organizationId, partnershipId, onEvent }: { organizationId: string; partnershipId: string; onEvent: () => void }) {
  useSubscription({ query: WebPartnershipEventsDocument, variables: { organizationId } }, (_previous, event) => {
    if (event.partnershipEvents.partnership.id === partnershipId) onEvent();
    return event;
  });
  return null;
}

function Timeline({ partnership }: { partnership: WebPartnershipDetailFragment }) {
  return (
    <ol className="timeline partnership-timeline">
      {partnership.history.map((step, index) => (
        <li key={index}>
          <time dateTime={step.at}>
            {formatDate(step.at)}, {new Date(step.at).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' })}
          </time>
          : {step.from ? `${label(step.from)} → ` : ''}
          <strong>{label(step.to)}</strong>
          {step.actor ? ` by ${step.actor.displayName}` : ''}
          {step.note ? (
            <>
              : <q>{step.note}</q>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Details() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebPartnershipDocument, variables: { id } });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const [responding, respond] = useMutation(WebRespondDocument);
  const [starting, start] = useMutation(WebStartPartnershipDocument);
  const [completing, complete] = useMutation(WebCompletePartnershipDocument);
  const [cancelling, cancel] = useMutation(WebCancelPartnershipDocument);
  const [note, setNote] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const node = data?.node;
  const partnership = node?.__typename === 'Partnership' ? node : undefined;
  useTitle(partnership ? `${partnership.opportunity.title}: ${partnership.district.name}` : 'Partnership');
  if (fetching && !data) return <Loading what="the partnership" />;
  if (error && !data) return <ErrorMessage error={error} />;
  if (!partnership) {
    return (
      <>
        <h1>Partnership not found</h1>
        <NoPermission message="It does not exist, or neither the district nor the business is one of your organizations." />
        <p>
          <Link to="/b2e/partnerships">My partnerships</Link>
        </p>
      </>
    );
  }
  const roleIn = (organizationId: string) => data?.viewer?.memberships.find((m) => m.organization.id === organizationId)?.role;
  const runs = (organizationId: string) => {
    const role = roleIn(organizationId);
    return role === 'OWNER' || role === 'EDITOR';
  };
  const forBusiness = runs(partnership.business.id);
  const forDistrict = runs(partnership.district.id);
  const moves = MOVES[partnership.status].filter((m) => (BUSINESS_ONLY.has(m) ? forBusiness : forBusiness || forDistrict));
  const busy = responding.fetching || starting.fetching || completing.fetching || cancelling.fetching;
  const moveError = responding.error ?? starting.error ?? completing.error ?? cancelling.error;
  const make = async (move: Move) => {
    const input = { partnershipId: partnership.id, note: note.trim() || undefined };
    const outcome =
      move === 'ACCEPT' || move === 'DECLINE'
        ? await respond({ input: { ...input, decision: move } })
        : move === 'START'
          ? await start({ input })
          : move === 'COMPLETE'
            ? await complete({ input })
            : await cancel({ input });
    if (!outcome.error) {
      setNote('');
      setAnnouncement(`${DONE[move]}.`);
    }
    refresh();
  };
  const followed = [partnership.business.id, partnership.district.id].filter((o) => roleIn(o));
  return (
    <>
      {followed.map((organizationId) => (
        <Live key={organizationId} organizationId={organizationId} partnershipId={partnership.id} onEvent={refresh} />
      ))}
      <h1>
        {partnership.opportunity.title}: {partnership.district.name}
      </h1>
      <p>
        <span className={`status status-${partnership.status.toLowerCase()}`} role="status" aria-live="polite">
          {label(partnership.status)}
        </span>{' '}
        · {partnership.studentCount} students
      </p>
      <dl className="facts">
        <dt>Opportunity</dt>
        <dd>
          <Link to={`/b2e/opportunities/${partnership.opportunity.id}`}>{partnership.opportunity.title}</Link> ({label(partnership.opportunity.kind)}
          {partnership.opportunity.startsOn ? `, from ${formatDate(partnership.opportunity.startsOn)}` : ''}
          {partnership.opportunity.endsOn ? ` to ${formatDate(partnership.opportunity.endsOn)}` : ''}; {partnership.opportunity.seatsRemaining} of{' '}
          {partnership.opportunity.capacity} seats left)
        </dd>
        <dt>District</dt>
        <dd>
          <Link to={`/network/${partnership.district.slug}`}>{partnership.district.name}</Link>
        </dd>
        <dt>Business</dt>
        <dd>
          <Link to={`/network/${partnership.business.slug}`}>{partnership.business.name}</Link>
        </dd>
        <dt>Requested</dt>
        <dd>
          {formatDate(partnership.requestedAt)}
          {partnership.requestedBy ? ` by ${partnership.requestedBy.displayName}` : ''}
        </dd>
      </dl>
      {partnership.message && (
        <figure className="quote">
          <blockquote>{partnership.message}</blockquote>
          <figcaption className="meta">The district&apos;s message</figcaption>
        </figure>
      )}
      <section aria-labelledby="partnership-actions">
        <h2 id="partnership-actions">What you can do</h2>
        {moves.length === 0 ? (
          <p>
            {MOVES[partnership.status].length === 0
              ? `Nothing more: this partnership is ${label(partnership.status).toLowerCase()}.`
              : 'Nothing for you: only owners and editors of the district or the business move it on.'}
          </p>
        ) : (
          <form
            className="grid"
            onSubmit={(event) => {
              event.preventDefault();
            }}
          >
            <div className="field">
              <label htmlFor="partnership-note">Note for the timeline (optional)</label>
              <input id="partnership-note" value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} />
            </div>
            <p className="actions">
              {moves.map((move) => (
                <button
                  key={move}
                  type="button"
                  className={move === 'DECLINE' || move === 'CANCEL' ? 'secondary' : undefined}
                  disabled={busy}
                  onClick={() => void make(move)}
                >
                  {MOVE_LABELS[move]}
                </button>
              ))}
            </p>
          </form>
        )}
        {moveError && <ErrorMessage error={moveError} />}
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
      </section>
      <section aria-labelledby="partnership-timeline">
        <h2 id="partnership-timeline">Timeline</h2>
        <Timeline partnership={partnership} />
      </section>
    </>
  );
}

export default function PartnershipPage() {
  const auth = useAuth();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/b2e">Real-world learning</Link> › <Link to="/b2e/partnerships">My partnerships</Link>
      </p>
      {auth.token ? <Details /> : <SignInPrompt what="this partnership" />}
    </>
  );
}
