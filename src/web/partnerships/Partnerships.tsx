/**
 * My organizations' partnerships, live: each organization's `partnershipEvents`
 * subscription refreshes the list as requests arrive and change, so a business
 * sees a district's request appear and the district sees the answer, without
 * reloading. A business's owners and editors accept or decline here.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import {
  WebPartnershipEventsDocument,
  WebPartnershipsDocument,
  WebRecommendationsDocument,
  WebRespondDocument,
  WebSetSkillInterestsDocument,
  type PartnershipDecision,
} from '../generated/graphql';
import { useStoredState } from '../shell/stored';
import { useAuth } from '../shell/auth';
import { formatDate, label } from '../shell/labels';
import { Empty, ErrorMessage, Loading, SignInPrompt } from '../shell/states';
import { useTitle } from '../shell/title';

/** Calls `onEvent` for each partnership event of one organization. */
function Live({ organizationId, onEvent }: { organizationId: string; onEvent: () => void }) {
  useSubscription({ query: WebPartnershipEventsDocument, variables: { organizationId } }, (_previous, event) => {
    onEvent();
    return event;
  });
  return null;
}

/** A district's skill interests (what it wants real-world learning for) and the open opportunities they recommend. */
function DistrictInterests({ districtId, skills, canEdit }: { districtId: string; skills: string[]; canEdit: boolean }) {
  const [text, setText, clear] = useStoredState(`skills:${districtId}`, skills.join(', '));
  const [saved, save] = useMutation(WebSetSkillInterestsDocument);
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebRecommendationsDocument, variables: { districtId } });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await save({
      input: {
        districtId,
        skills: text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      },
    });
    if (!outcome.error) {
      clear();
      refetch({ requestPolicy: 'network-only' });
    }
  };
  return (
    <div className="grid">
      {canEdit && (
        <form className="inline-form" onSubmit={(event) => void submit(event)}>
          <label htmlFor={`skills-${districtId}`}>Skills we want real-world learning for (comma-separated)</label>
          <input id={`skills-${districtId}`} value={text} onChange={(event) => setText(event.target.value)} />
          <button type="submit" disabled={saved.fetching}>
            Save skills
          </button>
          {saved.error && <ErrorMessage error={saved.error} />}
        </form>
      )}
      <section aria-labelledby={`recommended-${districtId}`}>
        <h3 id={`recommended-${districtId}`}>Recommended for us</h3>
        {fetching && !data && <Loading what="recommendations" />}
        {error && <ErrorMessage error={error} />}
        {data && data.recommendedOpportunities.edges.length === 0 && <Empty>No open opportunity in your region right now.</Empty>}
        {data && data.recommendedOpportunities.edges.length > 0 && (
          <ul>
            {data.recommendedOpportunities.edges.map(({ node }) => (
              <li key={node.id}>
                <Link to={`/b2e/opportunities/${node.id}`}>{node.title}</Link>{' '}
                <span className="meta">
                  ({label(node.kind)}, {node.business.name}, {node.seatsRemaining} seats left{node.skills.length ? `; ${node.skills.join(', ')}` : ''})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function List() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebPartnershipsDocument });
  const [responding, respond] = useMutation(WebRespondDocument);
  const [announcement, setAnnouncement] = useState('');
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  if (fetching && !data) return <Loading what="your partnerships" />;
  if (error && !data) return <ErrorMessage error={error} />;
  const viewer = data?.viewer;
  if (!viewer) return <SignInPrompt what="your partnerships" />;
  const organizations = viewer.memberships.filter((m) => m.organization.kind === 'BUSINESS' || m.organization.kind === 'DISTRICT');
  const answer = async (partnershipId: string, decision: PartnershipDecision, title: string) => {
    const outcome = await respond({ input: { partnershipId, decision } });
    if (!outcome.error) setAnnouncement(`${decision === 'ACCEPT' ? 'Accepted' : 'Declined'}: ${title}`);
    refresh();
  };
  if (organizations.length === 0) return <Empty>None of your organizations is a business or a district: partnerships are theirs.</Empty>;
  return (
    <>
      {organizations.map((m) => (
        <Live key={m.organization.id} organizationId={m.organization.id} onEvent={refresh} />
      ))}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {responding.error && <ErrorMessage error={responding.error} />}
      {organizations.map(({ organization, role }) => {
        const partnerships = organization.partnerships.edges.map((e) => e.node);
        const answers = organization.kind === 'BUSINESS' && role !== 'VIEWER';
        return (
          <section key={organization.id} aria-labelledby={`org-${organization.id}`}>
            <h2 id={`org-${organization.id}`}>
              {organization.name} <span className="meta">({organization.kind === 'BUSINESS' ? 'incoming requests' : 'our requests'})</span>
            </h2>
            {organization.kind === 'DISTRICT' && (
              <DistrictInterests districtId={organization.id} skills={organization.skillInterests} canEdit={role !== 'VIEWER'} />
            )}
            {partnerships.length === 0 ? (
              <Empty>No partnership yet.</Empty>
            ) : (
              <ul className="cards">
                {partnerships.map((p) => (
                  <li key={p.id} className="card" aria-label={`${p.opportunity.title}, ${p.district.name}`}>
                    <h3>
                      <Link to={`/b2e/opportunities/${p.opportunity.id}`}>{p.opportunity.title}</Link>
                    </h3>
                    <p>
                      <span className={`status status-${p.status.toLowerCase()}`}>{label(p.status)}</span> · {p.studentCount} students from {p.district.name}
                      {organization.kind === 'DISTRICT' ? ` with ${p.business.name}` : ''}
                    </p>
                    {p.message && <blockquote>{p.message}</blockquote>}
                    <details>
                      <summary>Timeline</summary>
                      <ol className="timeline">
                        {p.history.map((step, index) => (
                          <li key={index}>
                            {`${formatDate(step.at)}: ${step.from ? `${label(step.from)} to ` : ''}${label(step.to)}${step.actor ? ` by ${step.actor.displayName}` : ''}${step.note ? `: “${step.note}”` : ''}`}
                          </li>
                        ))}
                      </ol>
                    </details>
                    <p className="meta">
                      Requested {formatDate(p.requestedAt)} · {p.opportunity.seatsRemaining} of {p.opportunity.capacity} seats left ·{' '}
                      <Link to={`/b2e/partnerships/${p.id}`} aria-label={`Details of ${p.opportunity.title} with ${p.district.name}`}>
                        Details
                      </Link>
                    </p>
                    {answers && p.status === 'REQUESTED' && (
                      <p className="actions">
                        <button
                          type="button"
                          aria-label={`Accept the request from ${p.district.name}`}
                          disabled={responding.fetching}
                          onClick={() => void answer(p.id, 'ACCEPT', p.opportunity.title)}
                        >
                          Accept
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          aria-label={`Decline the request from ${p.district.name}`}
                          disabled={responding.fetching}
                          onClick={() => void answer(p.id, 'DECLINE', p.opportunity.title)}
                        >
                          Decline
                        </button>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}

export default function Partnerships() {
  useTitle('My partnerships');
  const auth = useAuth();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/b2e">Real-world learning</Link>
      </p>
      <h1>My partnerships</h1>
      {auth.token ? <List /> : <SignInPrompt what="your partnerships" />}
    </>
  );
}
