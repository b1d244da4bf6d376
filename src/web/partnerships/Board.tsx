/** The opportunity board: open real-world learning, by search, kind, region, grade band, skill and seats left. */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { WebBoardDocument, type OpportunityFilter, type OpportunityKind } from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { formatDate, label, OPPORTUNITY_KINDS } from '../shell/labels';
import { NextPage } from '../shell/NextPage';
import { Empty, ErrorMessage, Loading } from '../shell/states';
import { useTitle } from '../shell/title';

const PAGE = 20;

export default function Board() {
  useTitle('Real-world learning');
  const auth = useAuth();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const kind = params.get('kind') || '';
  const region = params.get('region') || '';
  const gradeBand = params.get('grade') || '';
  const skill = params.get('skill') || '';
  const hasSeats = params.get('seats') === '1';
  const [text, setText] = useState(search);
  const [skillText, setSkillText] = useState(skill);
  const [gradeText, setGradeText] = useState(gradeBand);
  const [after, setAfter] = useState<string | undefined>();
  const filter: OpportunityFilter = {
    search: search || undefined,
    kinds: kind ? [kind as OpportunityKind] : undefined,
    regions: region ? [region] : undefined,
    gradeBands: gradeBand ? [gradeBand] : undefined,
    skills: skill ? [skill] : undefined,
    hasSeats: hasSeats || undefined,
  };
  const [{ data, fetching, error }] = useQuery({ query: WebBoardDocument, variables: { first: PAGE, after, filter } });
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setAfter(undefined);
    setParams(next);
  };

  return (
    <>
      <h1>Real-world learning</h1>
      {auth.token && (
        <p>
          <Link to="/b2e/partnerships">My partnerships and requests</Link>
        </p>
      )}
      <form
        className="filters"
        role="search"
        aria-label="Opportunities"
        onSubmit={(event) => {
          event.preventDefault();
          set({ q: text.trim(), skill: skillText.trim(), grade: gradeText.trim() });
        }}
      >
        <div className="field wide">
          <label htmlFor="board-search">Search opportunities</label>
          <input id="board-search" type="search" value={text} onChange={(event) => setText(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="board-kind">Kind</label>
          <select id="board-kind" value={kind} onChange={(event) => set({ kind: event.target.value })}>
            <option value="">Any kind</option>
            {OPPORTUNITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="board-region">Region</label>
          <select id="board-region" value={region} onChange={(event) => set({ region: event.target.value })}>
            <option value="">Any region</option>
            {(data?.regions ?? []).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="board-skill">Skill</label>
          <input id="board-skill" value={skillText} onChange={(event) => setSkillText(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="board-grade">Grade band</label>
          <input id="board-grade" value={gradeText} onChange={(event) => setGradeText(event.target.value)} placeholder="9-12" />
        </div>
        <div className="field checkbox">
          <input id="board-seats" type="checkbox" checked={hasSeats} onChange={(event) => set({ seats: event.target.checked ? '1' : '' })} />
          <label htmlFor="board-seats">Seats left only</label>
        </div>
        <button type="submit">Search</button>
      </form>
      {fetching && !data && <Loading what="opportunities" />}
      {error && <ErrorMessage error={error} />}
      {data && (
        <>
          <p className="meta" role="status">
            {data.opportunities.totalCount} open opportunities
          </p>
          {data.opportunities.edges.length === 0 ? (
            <Empty>No open opportunity matches these filters.</Empty>
          ) : (
            <ul className="cards">
              {data.opportunities.edges.map(({ node }) => (
                <li key={node.id} className="card">
                  <h2>
                    <Link to={`/b2e/opportunities/${node.id}`}>{node.title}</Link>
                  </h2>
                  <p className="meta">
                    {label(node.kind)} · {node.business.name}
                    {node.startsOn ? ` · from ${formatDate(node.startsOn)}` : ''}
                  </p>
                  <p>
                    {node.seatsRemaining} of {node.capacity} seats left
                  </p>
                  <p className="tags">{[...node.skills, ...node.gradeBands, ...node.regions].join(' · ')}</p>
                </li>
              ))}
            </ul>
          )}
          <NextPage pageInfo={data.opportunities.pageInfo} after={after} onPage={setAfter} what="the board" />
        </>
      )}
    </>
  );
}
