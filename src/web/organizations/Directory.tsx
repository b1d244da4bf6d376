/** The network directory: search by name, filter by kind, zone, school year and region (all on the hub, so every page agrees). */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { WebDirectoryDocument, type OrganizationKind, type Zone } from '../generated/graphql';
import { label, ORGANIZATION_KINDS, ZONES } from '../shell/labels';
import { NextPage } from '../shell/NextPage';
import { Empty, ErrorMessage, Loading } from '../shell/states';
import { useTitle } from '../shell/title';
import { RegionMap } from './RegionMap';

const PAGE = 25;

/** School years as the hub writes them ("2026-2027"), July to June. */
function schoolYearOf(date: Date): string {
  const start = date.getMonth() >= 6 ? date.getFullYear() : date.getFullYear() - 1;
  return `${start}-${start + 1}`;
}

/** Next year's cohorts, this year's, and the five before. */
function schoolYears(now = new Date()): string[] {
  const start = Number(schoolYearOf(now).slice(0, 4));
  return Array.from({ length: 7 }, (_, i) => `${start + 1 - i}-${start + 2 - i}`);
}

export default function Directory() {
  useTitle('Network');
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const kind = (params.get('kind') || undefined) as OrganizationKind | undefined;
  const zone = (params.get('zone') || undefined) as Zone | undefined;
  const region = params.get('region') || undefined;
  const schoolYear = params.get('year') || '';
  const [text, setText] = useState(search);
  const [after, setAfter] = useState<string | undefined>();
  const [{ data, fetching, error }] = useQuery({
    query: WebDirectoryDocument,
    variables: { first: PAGE, after, search: search || undefined, kind, zone, region, schoolYear: schoolYear || undefined },
  });

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setAfter(undefined);
    setParams(next);
  };

  const shown = data?.organizations.edges.map((e) => e.node) ?? [];
  const years = schoolYears();
  if (schoolYear && !years.includes(schoolYear)) years.push(schoolYear);

  return (
    <>
      <h1>Network</h1>
      <form
        className="filters"
        role="search"
        aria-label="Directory"
        onSubmit={(event) => {
          event.preventDefault();
          set('q', text.trim());
        }}
      >
        <div className="field">
          <label htmlFor="directory-search">Name</label>
          <input id="directory-search" type="search" value={text} onChange={(event) => setText(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="directory-kind">Kind</label>
          <select id="directory-kind" value={kind ?? ''} onChange={(event) => set('kind', event.target.value)}>
            <option value="">Any kind</option>
            {ORGANIZATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="directory-zone">Zone</label>
          <select id="directory-zone" value={zone ?? ''} onChange={(event) => set('zone', event.target.value)}>
            <option value="">Any zone</option>
            {ZONES.map((z) => (
              <option key={z} value={z}>
                {label(z)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="directory-region">Region</label>
          <select id="directory-region" value={region ?? ''} onChange={(event) => set('region', event.target.value)}>
            <option value="">Any region</option>
            {(data?.regions ?? []).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="directory-year">School year (zone cohort)</label>
          <select id="directory-year" value={schoolYear} onChange={(event) => set('year', event.target.value)}>
            <option value="">{zone ? 'This school year' : 'Any school year'}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      <RegionMap kind={kind} zone={zone} schoolYear={schoolYear || undefined} selected={region} onSelect={(name) => set('region', name)} />
      {fetching && !data && <Loading what="the directory" />}
      {error && <ErrorMessage error={error} />}
      {data && (
        <>
          <p className="meta" role="status">
            {data.organizations.totalCount} organizations
          </p>
          {shown.length === 0 ? (
            <Empty>No organization matches these filters.</Empty>
          ) : (
            <ul className="cards">
              {shown.map((o) => (
                <li key={o.id} className="card">
                  <h2>
                    <Link to={`/network/${o.slug}`}>{o.name}</Link>
                  </h2>
                  <p className="meta">
                    {label(o.kind)}
                    {o.region ? ` · ${o.region}` : ''}
                  </p>
                  {o.zones.length > 0 && <p className="tags">{o.zones.map(label).join(', ')}</p>}
                </li>
              ))}
            </ul>
          )}
          <NextPage pageInfo={data.organizations.pageInfo} after={after} onPage={setAfter} what="the directory" />
        </>
      )}
    </>
  );
}
