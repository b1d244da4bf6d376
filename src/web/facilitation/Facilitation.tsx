/**
 * The facilitation team's desk: submitted applications by zone and status
 * (live: each application event re-reads the queue), and the zone's cohort
 * by DESE region, on the network map and as a table.
 */
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { WebApplicationEventsDocument, WebCohortDocument, WebFacilitationQueueDocument, type ApplicationStatus, type Zone } from '../generated/graphql';
import { RegionMap } from '../organizations/RegionMap';
import { ZONES, label } from '../shell/labels';
import { Empty, ErrorMessage, Loading, NoPermission, SignInPrompt, errorCode } from '../shell/states';
import { useAuth } from '../shell/auth';
import { useTitle } from '../shell/title';
import { APPLICATION_STATUSES, when, words } from '../applications/words';
import '../applications/desks.css';

function Cohort({ zone, schoolYear }: { zone: Zone; schoolYear: string }) {
  const [{ data, error }] = useQuery({ query: WebCohortDocument, variables: { zone, schoolYear } });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading what="the cohort" />;
  const cohort = data.zoneCohort;
  return (
    <table className="cohort">
      <caption>
        {label(zone)} cohort {schoolYear}: {cohort.organizations} organizations, {cohort.teachers} teachers
      </caption>
      <thead>
        <tr>
          <th scope="col">Region</th>
          <th scope="col">Organizations</th>
          <th scope="col">Teachers</th>
        </tr>
      </thead>
      <tbody>
        {cohort.regions.map((r) => (
          <tr key={r.region}>
            <th scope="row">{r.region}</th>
            <td data-label="Organizations">{r.organizations}</td>
            <td data-label="Teachers">{r.teachers}</td>
          </tr>
        ))}
      </tbody>
      {cohort.regionsWithoutMembers.length > 0 && (
        <tfoot>
          <tr>
            <td colSpan={3}>No member yet in: {cohort.regionsWithoutMembers.join(', ')}</td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

export default function Facilitation() {
  useTitle('Facilitation desk');
  const { token } = useAuth();
  const [zone, setZone] = useState<Zone | ''>('');
  const [status, setStatus] = useState<ApplicationStatus | ''>('');
  const [region, setRegion] = useState('');
  const [year, setYear] = useState('');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: WebFacilitationQueueDocument,
    variables: { zone: zone || undefined, status: status || undefined },
    pause: !token,
  });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useSubscription({ query: WebApplicationEventsDocument, variables: {}, pause: !token }, (_previous, event) => {
    refresh();
    return event;
  });
  if (!token) return <SignInPrompt what="the facilitation desk" />;
  if (fetching && !data) return <Loading what="the review queue" />;
  if (error && !data)
    return errorCode(error) === 'FORBIDDEN' ? (
      <>
        <h1>Facilitation desk</h1>
        <NoPermission message="The facilitation desk is for the facilitation team." />
      </>
    ) : (
      <ErrorMessage error={error} />
    );
  const onTeam = data?.facilitationTeam.some((member) => member.id === data.viewer?.id) ?? false;
  if (!onTeam)
    return (
      <>
        <h1>Facilitation desk</h1>
        <NoPermission message="The facilitation desk is for the facilitation team." />
      </>
    );
  const applications = (data?.zoneApplications.edges.map((e) => e.node) ?? []).filter(
    (a) => a.status !== 'DRAFT' && (!region || a.applicant.region === region),
  );
  const years = [...new Set((data?.applicationWindows ?? []).map((w) => w.schoolYear))].sort().reverse();
  const cohortZone = (zone || 'SYSTEM_DESIGN') as Zone;
  const cohortYear = year || years[0];
  return (
    <>
      <h1>Facilitation desk</h1>
      <p className="lead">Submitted applications to review, with their clarifications and decisions; drafts stay with their applicants.</p>
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter the queue">
        <div className="field">
          <label htmlFor="queue-zone">Zone</label>
          <select id="queue-zone" value={zone} onChange={(event) => setZone(event.target.value as Zone | '')}>
            <option value="">Every zone</option>
            {ZONES.map((z) => (
              <option key={z} value={z}>
                {label(z)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-status">Status</label>
          <select id="queue-status" value={status} onChange={(event) => setStatus(event.target.value as ApplicationStatus | '')}>
            <option value="">Every status</option>
            {APPLICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </select>
        </div>
        {region && (
          <p>
            Region: {region}{' '}
            <button type="button" className="link-button" onClick={() => setRegion('')}>
              Show every region
            </button>
          </p>
        )}
      </form>

      <section aria-labelledby="queue">
        <h2 id="queue">Review queue ({applications.length})</h2>
        {applications.length === 0 ? (
          <Empty>No submitted application matches.</Empty>
        ) : (
          <table className="queue">
            <thead>
              <tr>
                <th scope="col">Applicant</th>
                <th scope="col">Zone</th>
                <th scope="col">Year</th>
                <th scope="col">Status</th>
                <th scope="col">Submitted</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/facilitation/applications/${a.id}`}>{a.teacher ? `${a.teacher.displayName} (${a.applicant.name})` : a.applicant.name}</Link>
                    {a.applicant.region && <span className="meta"> · {a.applicant.region}</span>}
                  </th>
                  <td data-label="Zone">{label(a.zone)}</td>
                  <td data-label="Year">{a.schoolYear}</td>
                  <td data-label="Status">
                    <span className={`status status-${a.status.toLowerCase()}`}>{words(a.status)}</span>
                  </td>
                  <td data-label="Submitted">{when(a.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="cohort">
        <h2 id="cohort">The {label(cohortZone)} by region</h2>
        <p className="hint">The map counts the zone's member organizations this school year; choose a region to see its applications in the queue.</p>
        {years.length > 1 && (
          <div className="field">
            <label htmlFor="cohort-year">Cohort school year</label>
            <select id="cohort-year" value={cohortYear} onChange={(event) => setYear(event.target.value)}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="grid">
          <RegionMap zone={cohortZone} selected={region} onSelect={setRegion} />
          {cohortYear && <Cohort zone={cohortZone} schoolYear={cohortYear} />}
        </div>
      </section>
    </>
  );
}
