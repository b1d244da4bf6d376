/**
 * Zone applications: the windows open per zone and school year, starting an
 * application for one of my organizations, and my organizations' applications.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { WebApplicationsDocument, WebStartApplicationDocument, type Zone } from '../generated/graphql';
import { label } from '../shell/labels';
import { Empty, ErrorMessage, Loading } from '../shell/states';
import { useTitle } from '../shell/title';
import { when, words } from './words';
import './desks.css';

const APPLYING_KINDS: Record<string, string[]> = {
  SYSTEM_DESIGN: ['DISTRICT'],
  INNOVATIVE_LEARNING_DESIGN: ['DISTRICT', 'SCHOOL'],
  COLLABORATIVE_NETWORK: ['STATE_AGENCY', 'REGIONAL', 'HIGHER_ED', 'BUSINESS'],
};

export default function Applications() {
  useTitle('Zone applications');
  const navigate = useNavigate();
  const [{ data, fetching, error }] = useQuery({ query: WebApplicationsDocument, requestPolicy: 'cache-and-network' });
  const [started, start] = useMutation(WebStartApplicationDocument);
  const [windowId, setWindowId] = useState('');
  const [applicantId, setApplicantId] = useState('');

  if (fetching && !data) return <Loading what="application windows" />;
  if (error && !data) return <ErrorMessage error={error} />;
  const windows = data?.applicationWindows ?? [];
  const open = windows.filter((w) => w.isOpen);
  const viewer = data?.viewer;
  // The facilitation team reads every submitted application too: "ours" are our organizations' only.
  const ours = new Set(viewer?.memberships.map((m) => m.organization.id));
  const mine = data?.zoneApplications.edges.map((e) => e.node).filter((a) => ours.has(a.applicant.id)) ?? [];
  const chosen = open.find((w) => w.id === windowId) ?? open[0];
  const applicants = (viewer?.memberships ?? []).filter(
    (m) => (m.role === 'OWNER' || m.role === 'EDITOR') && (!chosen || APPLYING_KINDS[chosen.zone]?.includes(m.organization.kind)),
  );
  const applicant = applicants.find((m) => m.organization.id === applicantId) ?? applicants[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen || !applicant) return;
    const outcome = await start({ input: { zone: chosen.zone as Zone, schoolYear: chosen.schoolYear, applicantId: applicant.organization.id } });
    if (outcome.data) navigate(`/applications/${outcome.data.startZoneApplication.id}`);
  };

  const years = [...new Set(windows.map((w) => w.schoolYear))];
  return (
    <>
      <h1>Zone applications</h1>
      <p className="lead">
        Districts, schools, teachers and network organizations apply to the Innovation Zones once a year; the facilitation team reviews and selects.
      </p>

      <section aria-labelledby="windows">
        <h2 id="windows">Application windows</h2>
        {windows.length === 0 ? (
          <Empty>No application window is set yet.</Empty>
        ) : (
          years.map((year) => (
            <table key={year} className="windows">
              <caption>School year {year}</caption>
              <thead>
                <tr>
                  <th scope="col">Zone</th>
                  <th scope="col">Opens</th>
                  <th scope="col">Deadline</th>
                  <th scope="col">Taking applications</th>
                </tr>
              </thead>
              <tbody>
                {windows
                  .filter((w) => w.schoolYear === year)
                  .map((w) => (
                    <tr key={w.id}>
                      <th scope="row">{label(w.zone)}</th>
                      <td data-label="Opens">{when(w.opensAt)}</td>
                      <td data-label="Deadline">
                        {when(w.deadline)}
                        {w.extendedTo ? ' (extended)' : ''}
                      </td>
                      <td data-label="Taking applications">{w.isOpen ? <span className="done">Open</span> : 'Closed'}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          ))
        )}
      </section>

      {viewer && (
        <section aria-labelledby="start">
          <h2 id="start">Start an application</h2>
          {open.length === 0 ? (
            <Empty>No zone takes applications right now.</Empty>
          ) : (
            <form className="stacked-form" onSubmit={(event) => void submit(event)}>
              <div className="field">
                <label htmlFor="window">Zone and school year</label>
                <select id="window" value={chosen?.id ?? ''} onChange={(event) => setWindowId(event.target.value)}>
                  {open.map((w) => (
                    <option key={w.id} value={w.id}>
                      {label(w.zone)}, {w.schoolYear} (deadline {when(w.deadline)})
                    </option>
                  ))}
                </select>
              </div>
              {applicants.length === 0 ? (
                <p className="hint">None of your organizations may apply to this zone (you apply as an owner or editor of an eligible organization).</p>
              ) : (
                <div className="field">
                  <label htmlFor="applicant">Applying organization</label>
                  <select id="applicant" value={applicant?.organization.id ?? ''} onChange={(event) => setApplicantId(event.target.value)}>
                    {applicants.map((m) => (
                      <option key={m.organization.id} value={m.organization.id}>
                        {m.organization.name}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <div className="actions">
                <button type="submit" disabled={!applicant || started.fetching}>
                  Start the application
                </button>
              </div>
              {started.error && <ErrorMessage error={started.error} />}
            </form>
          )}
        </section>
      )}

      {viewer && (
        <section aria-labelledby="mine">
          <h2 id="mine">Our applications</h2>
          {mine.length === 0 ? (
            <Empty>
              None of your organizations has an application yet.{' '}
              {open.length > 0
                ? applicants.length > 0
                  ? 'Start one above: choose the zone and school year and the applying organization, then “Start the application”.'
                  : 'An owner or editor of an eligible organization starts one above.'
                : 'Start one here when a zone’s application window opens.'}
            </Empty>
          ) : (
            <ul className="cards">
              {mine.map((a) => (
                <li key={a.id} className="card">
                  <h3>
                    <Link to={`/applications/${a.id}`}>
                      {a.applicant.name}: {label(a.zone)}, {a.schoolYear}
                    </Link>
                  </h3>
                  <p>
                    <span className={`status status-${a.status.toLowerCase()}`}>{words(a.status)}</span> · updated {when(a.updatedAt)}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {!viewer && (
        <p>
          <Link to="/sign-in">Sign in</Link> to apply for one of your organizations.
        </p>
      )}
    </>
  );
}
