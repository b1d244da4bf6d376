/** The professional-learning catalogue: full-text search (matches highlighted), filters by competency, audience, format, zone. */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { WebCatalogueDocument, type Audience, type DeliveryFormat, type LearningModuleFilter, type Zone } from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { AUDIENCES, FORMATS, label, ZONES } from '../shell/labels';
import { NextPage } from '../shell/NextPage';
import { Empty, ErrorMessage, Loading } from '../shell/states';
import { useTitle } from '../shell/title';
import { Highlight, searchTerms } from './highlight';

const PAGE = 20;

export default function Catalogue() {
  useTitle('Professional learning');
  const auth = useAuth();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const audience = params.get('audience') || '';
  const format = params.get('format') || '';
  const zone = params.get('zone') || '';
  const competency = params.get('competency') || '';
  const [text, setText] = useState(search);
  const [competencyText, setCompetencyText] = useState(competency);
  const [after, setAfter] = useState<string | undefined>();
  const filter: LearningModuleFilter = {
    search: search || undefined,
    audiences: audience ? [audience as Audience] : undefined,
    formats: format ? [format as DeliveryFormat] : undefined,
    zones: zone ? [zone as Zone] : undefined,
    competencies: competency ? [competency] : undefined,
  };
  const [{ data, fetching, error }] = useQuery({ query: WebCatalogueDocument, variables: { first: PAGE, after, filter } });
  const terms = searchTerms(search);

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setAfter(undefined);
    setParams(next);
  };
  const select = (id: string, name: string, caption: string, value: string, values: readonly string[]) => (
    <div className="field">
      <label htmlFor={id}>{caption}</label>
      <select id={id} value={value} onChange={(event) => set({ [name]: event.target.value })}>
        <option value="">Any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {label(v)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <h1>Professional learning</h1>
      {auth.token && (
        <p className="actions">
          <Link to="/learning/plan">My learning plan</Link>
          <Link to="/learning/new">New module</Link>
        </p>
      )}
      <form
        className="filters"
        role="search"
        aria-label="Modules"
        onSubmit={(event) => {
          event.preventDefault();
          set({ q: text.trim(), competency: competencyText.trim() });
        }}
      >
        <div className="field wide">
          <label htmlFor="catalogue-search">Search modules</label>
          <input id="catalogue-search" type="search" value={text} onChange={(event) => setText(event.target.value)} aria-describedby="catalogue-search-hint" />
          <span id="catalogue-search-hint" className="hint">
            Words, "quoted phrases", or, -excluded
          </span>
        </div>
        <div className="field">
          <label htmlFor="catalogue-competency">Competency</label>
          <input id="catalogue-competency" value={competencyText} onChange={(event) => setCompetencyText(event.target.value)} />
        </div>
        {select('catalogue-audience', 'audience', 'Audience', audience, AUDIENCES)}
        {select('catalogue-format', 'format', 'Format', format, FORMATS)}
        {select('catalogue-zone', 'zone', 'Zone', zone, ZONES)}
        <button type="submit">Search</button>
      </form>
      {fetching && !data && <Loading what="modules" />}
      {error && <ErrorMessage error={error} />}
      {data && (
        <>
          <p className="meta" role="status">
            {data.learningModules.totalCount} modules{search ? ` for “${search}”` : ''}
          </p>
          {data.learningModules.edges.length === 0 ? (
            <Empty>No published module matches. Try fewer words or filters.</Empty>
          ) : (
            <ul className="cards">
              {data.learningModules.edges.map(({ node }) => (
                <li key={node.id} className="card">
                  <h2>
                    <Link to={`/learning/modules/${node.id}`}>
                      <Highlight text={node.title} terms={terms} />
                    </Link>
                  </h2>
                  <p className="meta">
                    {node.publisher.name} · {label(node.format)}
                    {node.durationHours ? ` · ${node.durationHours} h` : ''}
                  </p>
                  <p>
                    <Highlight text={node.summary} terms={terms} />
                  </p>
                  <p className="tags">{[...node.audiences.map(label), ...node.competencies].join(' · ')}</p>
                </li>
              ))}
            </ul>
          )}
          <NextPage pageInfo={data.learningModules.pageInfo} after={after} onPage={setAfter} what="the catalogue" />
        </>
      )}
    </>
  );
}
