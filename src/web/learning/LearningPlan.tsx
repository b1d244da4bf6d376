/** The educator's learning plan: audience, progress, complete a module with evidence, recommendations. */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { WebAddToPlanDocument, WebCompleteModuleDocument, WebPlanDocument, WebSetAudienceDocument, type Audience } from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { AUDIENCES, formatDate, label } from '../shell/labels';
import { Empty, ErrorMessage, Loading, SignInPrompt } from '../shell/states';
import { useStoredState } from '../shell/stored';
import { useTitle } from '../shell/title';

function Complete({ moduleId, title, onDone }: { moduleId: string; title: string; onDone: () => void }) {
  const [evidence, setEvidence, clear] = useStoredState(`evidence:${moduleId}`, '');
  const [result, complete] = useMutation(WebCompleteModuleDocument);
  const [open, setOpen] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await complete({ input: { moduleId, evidenceUrl: evidence.trim() || undefined } });
    if (!outcome.error) {
      clear();
      onDone();
    }
  };
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Mark “{title}” complete
      </button>
    );
  }
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={`evidence-${moduleId}`}>Evidence link (optional)</label>
      <input id={`evidence-${moduleId}`} type="url" value={evidence} onChange={(event) => setEvidence(event.target.value)} />
      <button type="submit" disabled={result.fetching}>
        Complete
      </button>
      {result.error && <ErrorMessage error={result.error} />}
    </form>
  );
}

function Plan() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebPlanDocument });
  const [, setAudience] = useMutation(WebSetAudienceDocument);
  const [, add] = useMutation(WebAddToPlanDocument);
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  if (fetching && !data) return <Loading what="your learning plan" />;
  if (error && !data) return <ErrorMessage error={error} />;
  const plan = data?.learningPlan;
  if (!plan) return <SignInPrompt what="your learning plan" />;
  const items = plan.items.edges.map((e) => e.node);
  const done = items.filter((i) => i.completed).length;
  return (
    <>
      <div className="field">
        <label htmlFor="plan-audience">I am a</label>
        <select
          id="plan-audience"
          value={plan.audience ?? ''}
          onChange={(event) => void setAudience({ input: { audience: (event.target.value || null) as Audience | null } }).then(refresh)}
        >
          <option value="">Not said</option>
          {AUDIENCES.map((a) => (
            <option key={a} value={a}>
              {label(a)}
            </option>
          ))}
        </select>
      </div>
      <p>
        <progress max={Math.max(items.length, 1)} value={done} aria-label="Modules completed" /> {done} of {items.length} completed
      </p>
      {items.length === 0 ? (
        <Empty>
          Your plan is empty. <Link to="/learning">Find a module</Link>.
        </Empty>
      ) : (
        <ul className="cards">
          {items.map((item) => (
            <li key={item.module.id} className="card">
              <h2>
                <Link to={`/learning/modules/${item.module.id}`}>{item.module.title}</Link>
              </h2>
              <p>{item.module.summary}</p>
              {item.completed ? (
                <p className="done">
                  Completed {formatDate(item.completedAt)}
                  {item.evidenceUrl ? (
                    <>
                      {' '}
                      · <a href={item.evidenceUrl}>evidence</a>
                    </>
                  ) : null}
                </p>
              ) : (
                <Complete moduleId={item.module.id} title={item.module.title} onDone={refresh} />
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>Recommended for you</h2>
      {plan.recommended.edges.length === 0 ? (
        <Empty>No recommendation now{plan.audience ? '' : ': say who you are above'}.</Empty>
      ) : (
        <ul>
          {plan.recommended.edges.map(({ node }) => (
            <li key={node.id}>
              <Link to={`/learning/modules/${node.id}`}>{node.title}</Link>{' '}
              <button type="button" onClick={() => void add({ input: { moduleId: node.id } }).then(refresh)}>
                Add “{node.title}”
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export default function LearningPlan() {
  useTitle('My learning plan');
  const auth = useAuth();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/learning">Professional learning</Link>
      </p>
      <h1>My learning plan</h1>
      {auth.token ? <Plan /> : <SignInPrompt what="your learning plan" />}
    </>
  );
}
