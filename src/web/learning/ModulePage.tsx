/** A module: its Markdown body (sanitized), facts, prerequisite pathway, versions; add it to my plan. */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { WebAddToPlanDocument, WebArchiveModuleDocument, WebModuleDocument } from '../generated/graphql';
import { formatDate, label } from '../shell/labels';
import { ErrorMessage, Loading } from '../shell/states';
import { useTitle } from '../shell/title';
import { Diff } from './diff';
import { PathwayGraph } from './PathwayGraph';
import { renderMarkdown } from './markdown';

interface Version {
  id: string;
  version: number;
  body: string;
}

/** Pick two versions, see what changed in the content. */
function CompareVersions({ versions }: { versions: Version[] }) {
  const ordered = [...versions].sort((x, y) => x.version - y.version);
  const [from, setFrom] = useState(ordered[ordered.length - 2]?.version ?? ordered[0].version);
  const [to, setTo] = useState(ordered[ordered.length - 1].version);
  const before = ordered.find((v) => v.version === from);
  const after = ordered.find((v) => v.version === to);
  const picker = (id: string, caption: string, value: number, onChange: (v: number) => void) => (
    <div className="field">
      <label htmlFor={id}>{caption}</label>
      <select id={id} value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {ordered.map((v) => (
          <option key={v.id} value={v.version}>
            Version {v.version}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <div className="inline-form">
        {picker('compare-from', 'Compare', from, setFrom)}
        {picker('compare-to', 'with', to, setTo)}
      </div>
      {before && after && <Diff before={before.body} after={after.body} />}
    </>
  );
}

export default function ModulePage() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: WebModuleDocument, variables: { id } });
  const [added, addToPlan] = useMutation(WebAddToPlanDocument);
  const [archived, archive] = useMutation(WebArchiveModuleDocument);
  const module = data?.learningModule;
  useTitle(module?.title ?? 'Module');
  const html = useMemo(() => (module ? renderMarkdown(module.body) : ''), [module]);
  const completed = useMemo(() => new Set((data?.learningPlan?.items.edges ?? []).map((e) => e.node.module.id)), [data]);
  if (fetching && !data) return <Loading what="the module" />;
  if (error && !data) return <ErrorMessage error={error} />;
  if (!module) {
    return (
      <>
        <h1>Module not found</h1>
        <p>
          It does not exist, or it is a draft you may not see. <Link to="/learning">Back to the catalogue</Link>.
        </p>
      </>
    );
  }
  const publishes = (data?.viewer?.memberships ?? []).some((m) => m.organization.id === module.publisher.id && m.role !== 'VIEWER');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/learning">Professional learning</Link>
      </p>
      <h1>{module.title}</h1>
      {publishes && (
        <p className="actions">
          <Link to={`/learning/modules/${module.id}/edit`}>{module.draft ? `Edit the draft (version ${module.draft.version})` : 'Edit'}</Link>
          {module.status === 'PUBLISHED' && (
            <button type="button" className="secondary" disabled={archived.fetching} onClick={() => void archive({ input: { moduleId: module.id } })}>
              Archive
            </button>
          )}
        </p>
      )}
      {archived.error && <ErrorMessage error={archived.error} />}
      <p className="lead">{module.summary}</p>
      <dl className="facts">
        <dt>Publisher</dt>
        <dd>
          <Link to={`/network/${module.publisher.slug}`}>{module.publisher.name}</Link>
        </dd>
        <dt>Status</dt>
        <dd>
          {label(module.status)}, version {module.version}
          {module.publishedAt ? `, published ${formatDate(module.publishedAt)}` : ''}
        </dd>
        <dt>Format</dt>
        <dd>
          {label(module.format)}
          {module.durationHours ? `, ${module.durationHours} hours` : ''}
        </dd>
        <dt>For</dt>
        <dd>{module.audiences.map(label).join(', ') || 'Everyone'}</dd>
        <dt>Competencies</dt>
        <dd>{module.competencies.join(', ') || 'None listed'}</dd>
        <dt>Zones</dt>
        <dd>{module.zones.map(label).join(', ') || 'Any'}</dd>
      </dl>
      {data?.viewer && module.status === 'PUBLISHED' && (
        <p>
          <button type="button" disabled={added.fetching || Boolean(added.data)} onClick={() => void addToPlan({ input: { moduleId: module.id } })}>
            Add to my learning plan
          </button>
          {added.data && (
            <span role="status" className="notice">
              {' '}
              Added. <Link to="/learning/plan">Open my plan</Link>
            </span>
          )}
        </p>
      )}
      {added.error && <ErrorMessage error={added.error} />}
      <article className="markdown" aria-label="Module content" dangerouslySetInnerHTML={{ __html: html }} />
      <section aria-labelledby="pathway-heading">
        <h2 id="pathway-heading">Pathway</h2>
        {module.pathway.length === 0 ? (
          <p>No prerequisites: start here.</p>
        ) : (
          <PathwayGraph steps={module.pathway} current={{ id: module.id, title: module.title, prerequisites: module.prerequisites }} completed={completed} />
        )}
      </section>
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <ul>
          {module.versions.map((v) => (
            <li key={v.id}>
              Version {v.version}: {label(v.status)}
              {v.publishedAt ? `, ${formatDate(v.publishedAt)}` : ''}
            </li>
          ))}
        </ul>
        {module.versions.length > 1 && <CompareVersions versions={module.versions} />}
      </section>
    </>
  );
}
