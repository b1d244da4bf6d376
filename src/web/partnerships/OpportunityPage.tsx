/** An opportunity: what it offers, seats left, and the request form for a district's members. */
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { WebOpportunityDocument, WebRequestPartnershipDocument } from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { formatDate, label } from '../shell/labels';
import { ErrorMessage, Loading, NoPermission, SignInPrompt } from '../shell/states';
import { useStoredState } from '../shell/stored';
import { useTitle } from '../shell/title';

interface District {
  id: string;
  name: string;
}

function RequestForm({ opportunityId, districts, seatsRemaining }: { opportunityId: string; districts: District[]; seatsRemaining: number }) {
  const [form, setForm, clear] = useStoredState(`request:${opportunityId}`, { districtId: districts[0]?.id ?? '', studentCount: '', message: '' });
  const [result, request] = useMutation(WebRequestPartnershipDocument);
  const [sent, setSent] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await request({
      input: {
        opportunityId,
        districtId: form.districtId || districts[0].id,
        studentCount: Number(form.studentCount),
        message: form.message.trim() || undefined,
      },
    });
    if (!outcome.error && outcome.data) {
      clear();
      setSent(`Request sent for ${outcome.data.requestPartnership.studentCount} students: ${label(outcome.data.requestPartnership.status).toLowerCase()}.`);
    }
  };
  if (sent) {
    return (
      <div role="status" className="notice">
        <p>{sent}</p>
        <p>
          <Link to="/b2e/partnerships">Follow it in my partnerships</Link>
        </p>
      </div>
    );
  }
  return (
    <form className="stacked-form" onSubmit={(event) => void submit(event)} aria-labelledby="request-heading">
      <h2 id="request-heading">Request seats</h2>
      {districts.length > 1 && (
        <div className="field">
          <label htmlFor="request-district">For district</label>
          <select id="request-district" value={form.districtId} onChange={(event) => setForm({ ...form, districtId: event.target.value })}>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="request-students">Number of students</label>
        <input
          id="request-students"
          type="number"
          min={1}
          max={seatsRemaining}
          required
          value={form.studentCount}
          onChange={(event) => setForm({ ...form, studentCount: event.target.value })}
          aria-describedby="request-students-hint"
        />
        <span id="request-students-hint" className="hint">
          {seatsRemaining} seats left
        </span>
      </div>
      <div className="field">
        <label htmlFor="request-message">Message to the business</label>
        <textarea id="request-message" rows={4} value={form.message} onChange={(event) => setForm({ ...form, message: event.target.value })} />
      </div>
      <button type="submit" disabled={result.fetching}>
        Send request
      </button>
      {result.error && <ErrorMessage error={result.error} />}
    </form>
  );
}

export default function OpportunityPage() {
  const { id = '' } = useParams();
  const auth = useAuth();
  const [{ data, fetching, error }] = useQuery({ query: WebOpportunityDocument, variables: { id } });
  const opportunity = data?.node?.__typename === 'Opportunity' ? data.node : undefined;
  useTitle(opportunity?.title ?? 'Opportunity');
  if (fetching && !data) return <Loading what="the opportunity" />;
  if (error && !data) return <ErrorMessage error={error} />;
  if (!opportunity) {
    return (
      <>
        <h1>Opportunity not found</h1>
        <p>
          It does not exist or is not open. <Link to="/b2e">Back to the board</Link>.
        </p>
      </>
    );
  }
  const districts = (data?.viewer?.memberships ?? []).filter((m) => m.organization.kind === 'DISTRICT' && m.role !== 'VIEWER').map((m) => m.organization);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/b2e">Real-world learning</Link>
      </p>
      <h1>{opportunity.title}</h1>
      <p className="meta">
        {label(opportunity.kind)} offered by <Link to={`/network/${opportunity.business.slug}`}>{opportunity.business.name}</Link>
      </p>
      <p className="seats" aria-live="polite">
        {opportunity.seatsRemaining} of {opportunity.capacity} seats left
      </p>
      <p>{opportunity.description}</p>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{label(opportunity.status)}</dd>
        <dt>When</dt>
        <dd>
          {opportunity.startsOn
            ? `${formatDate(opportunity.startsOn)}${opportunity.endsOn ? ` to ${formatDate(opportunity.endsOn)}` : ''}`
            : 'Dates to be agreed'}
        </dd>
        <dt>Skills</dt>
        <dd>{opportunity.skills.join(', ') || 'None listed'}</dd>
        <dt>Grade bands</dt>
        <dd>{opportunity.gradeBands.join(', ') || 'Any'}</dd>
        <dt>Regions</dt>
        <dd>{opportunity.regions.join(', ') || 'Any'}</dd>
      </dl>
      {opportunity.status !== 'OPEN' ? null : !auth.token ? (
        <SignInPrompt what="the request form (district members)" />
      ) : districts.length === 0 ? (
        <NoPermission message="Only owners and editors of a district can request seats." />
      ) : (
        <RequestForm opportunityId={opportunity.id} districts={districts} seatsRemaining={opportunity.seatsRemaining} />
      )}
    </>
  );
}
