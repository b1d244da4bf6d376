/** My waiver requests (`/waivers`): those I may read, newest first, and a new one for an SDZ district I edit for. */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { WebCreateWaiverRequestDocument, WebWaiverListDocument, type WaiverKind } from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { formatDate, label } from '../shell/labels';
import { Empty, ErrorMessage, Loading, SignInPrompt } from '../shell/states';
import { useTitle } from '../shell/title';
import './waivers.css';

export const KINDS: Array<{ value: WaiverKind; label: string }> = [
  { value: 'MSIP6', label: 'MSIP 6 (state accreditation rules)' },
  { value: 'STATE_STATUTE', label: 'State statute or regulation' },
  { value: 'FEDERAL', label: 'Federal requirement' },
  { value: 'OTHER', label: 'Other' },
];

export default function WaiverList() {
  useTitle('Waiver requests');
  const auth = useAuth();
  const navigate = useNavigate();
  const [{ data, fetching, error }] = useQuery({ query: WebWaiverListDocument, pause: !auth.token, requestPolicy: 'cache-and-network' });
  const [created, create] = useMutation(WebCreateWaiverRequestDocument);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<WaiverKind>('MSIP6');
  const [districtId, setDistrictId] = useState('');

  if (!auth.token) return <SignInPrompt what="your waiver requests" />;
  if (fetching && !data) return <Loading what="waiver requests" />;
  if (error && !data) return <ErrorMessage error={error} />;
  const requests = data?.waiverRequests.edges.map((e) => e.node) ?? [];
  const leadable = (data?.viewer?.memberships ?? []).filter(
    (m) => m.organization.kind === 'DISTRICT' && m.organization.zones.includes('SYSTEM_DESIGN') && (m.role === 'OWNER' || m.role === 'EDITOR'),
  );
  const chosenDistrict = districtId || leadable[0]?.organization.id || '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { title: title.trim(), kind, districtId: chosenDistrict } });
    if (result.data) navigate(`/waivers/${result.data.createWaiverRequest.id}`);
  };

  return (
    <div className="waiver-list">
      <h1>Waiver requests</h1>
      <section aria-labelledby="mine">
        <h2 id="mine">Requests I may read</h2>
        {requests.length === 0 ? (
          <Empty>No waiver request yet.</Empty>
        ) : (
          <ul className="cards">
            {requests.map((r) => (
              <li key={r.id} className="card">
                <Link to={`/waivers/${r.id}`}>{r.title}</Link>
                <p>
                  <span className={`status status-${r.status.toLowerCase()}`}>{label(r.status)}</span> · {r.leadDistrict.name} leads
                  {r.viewerRole ? ` · you: ${label(r.viewerRole)}` : ''} · updated {formatDate(r.updatedAt)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {leadable.length > 0 && (
        <section aria-labelledby="start">
          <h2 id="start">Start a waiver request</h2>
          <form onSubmit={submit} className="stack">
            <label>
              Title
              <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
            </label>
            <label>
              Rules to set aside
              <select value={kind} onChange={(e) => setKind(e.target.value as WaiverKind)}>
                {KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Lead district
              <select value={chosenDistrict} onChange={(e) => setDistrictId(e.target.value)}>
                {leadable.map((m) => (
                  <option key={m.organization.id} value={m.organization.id}>
                    {m.organization.name}
                  </option>
                ))}
              </select>
            </label>
            {created.error && <ErrorMessage error={created.error} />}
            <button type="submit" disabled={created.fetching || !title.trim()}>
              Start the request
            </button>
          </form>
        </section>
      )}
    </div>
  );
}
