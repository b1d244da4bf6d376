/**
 * The publisher's editor: start a module or edit one (a published module's
 * edits go to its next draft version), preview the Markdown as readers will
 * see it, save the draft or publish it. Input is kept as typed (sessionStorage).
 */
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import {
  WebCreateModuleDocument,
  WebModuleForEditingDocument,
  WebPublishersDocument,
  WebPublishModuleDocument,
  WebUpdateModuleDocument,
  type Audience,
  type DeliveryFormat,
} from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { AUDIENCES, FORMATS, label } from '../shell/labels';
import { ErrorMessage, Loading, NoPermission, SignInPrompt } from '../shell/states';
import { useStoredState } from '../shell/stored';
import { useTitle } from '../shell/title';
import { renderMarkdown } from './markdown';

const PUBLISHING_KINDS = new Set(['HIGHER_ED', 'REGIONAL', 'STATE_AGENCY']);

interface Draft {
  publisherId: string;
  title: string;
  summary: string;
  body: string;
  format: DeliveryFormat;
  audiences: Audience[];
  competencies: string;
  durationHours: string;
}

const EMPTY: Draft = { publisherId: '', title: '', summary: '', body: '', format: 'VIRTUAL', audiences: [], competencies: '', durationHours: '' };

function Form({
  moduleId,
  initial,
  publishers,
  status,
}: {
  moduleId?: string;
  initial: Draft;
  publishers: Array<{ id: string; name: string }>;
  status?: string;
}) {
  const navigate = useNavigate();
  const [draft, setDraft, clear] = useStoredState<Draft>(`module:${moduleId ?? 'new'}`, initial);
  const [preview, setPreview] = useState(false);
  const [created, create] = useMutation(WebCreateModuleDocument);
  const [updated, update] = useMutation(WebUpdateModuleDocument);
  const [published, publish] = useMutation(WebPublishModuleDocument);
  const [saved, setSaved] = useState<string | null>(null);
  const html = useMemo(() => (preview ? renderMarkdown(draft.body) : ''), [preview, draft.body]);
  const error: CombinedError | undefined = created.error ?? updated.error ?? published.error;
  const busy = created.fetching || updated.fetching || published.fetching;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });

  /** Saves the draft (creating the module the first time); the module's id, or null when the hub said no. */
  const save = async (): Promise<string | null> => {
    const fields = {
      title: draft.title.trim(),
      summary: draft.summary.trim(),
      body: draft.body,
      format: draft.format,
      audiences: draft.audiences,
      competencies: draft.competencies
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
      durationHours: draft.durationHours ? Number(draft.durationHours) : null,
    };
    if (moduleId) {
      const outcome = await update({ input: { moduleId, ...fields } });
      return outcome.error ? null : moduleId;
    }
    const outcome = await create({
      input: { publisherId: draft.publisherId || publishers[0].id, ...fields, durationHours: fields.durationHours ?? undefined },
    });
    return outcome.data?.createLearningModule.id ?? null;
  };
  const saveDraft = async (event: FormEvent) => {
    event.preventDefault();
    const id = await save();
    if (!id) return;
    clear();
    if (moduleId) setSaved('Draft saved.');
    else navigate(`/learning/modules/${id}/edit`, { replace: true });
  };
  const saveAndPublish = async () => {
    const id = await save();
    if (!id) return;
    const outcome = await publish({ input: { moduleId: id } });
    if (outcome.error) return;
    clear();
    navigate(`/learning/modules/${id}`);
  };

  return (
    <form className="stacked-form editor" onSubmit={(event) => void saveDraft(event)}>
      {status === 'PUBLISHED' && (
        <p className="notice">This module is published: your changes go to its next version, which readers see once you publish it.</p>
      )}
      {!moduleId && publishers.length > 1 && (
        <div className="field">
          <label htmlFor="module-publisher">Publisher</label>
          <select id="module-publisher" value={draft.publisherId} onChange={(event) => set('publisherId', event.target.value)}>
            {publishers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="module-title">Title</label>
        <input id="module-title" required value={draft.title} onChange={(event) => set('title', event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="module-summary">Summary</label>
        <textarea id="module-summary" required rows={2} value={draft.summary} onChange={(event) => set('summary', event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="module-body">Content (Markdown)</label>
        <textarea id="module-body" required rows={12} value={draft.body} onChange={(event) => set('body', event.target.value)} />
      </div>
      <button type="button" className="secondary" aria-pressed={preview} onClick={() => setPreview(!preview)}>
        {preview ? 'Hide preview' : 'Preview'}
      </button>
      {preview && <article className="markdown" aria-label="Preview" dangerouslySetInnerHTML={{ __html: html }} />}
      <div className="field">
        <label htmlFor="module-format">Format</label>
        <select id="module-format" value={draft.format} onChange={(event) => set('format', event.target.value as DeliveryFormat)}>
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {label(f)}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>Audiences</legend>
        {AUDIENCES.map((a) => (
          <div key={a} className="field checkbox">
            <input
              id={`module-audience-${a}`}
              type="checkbox"
              checked={draft.audiences.includes(a)}
              onChange={(event) => set('audiences', event.target.checked ? [...draft.audiences, a] : draft.audiences.filter((x) => x !== a))}
            />
            <label htmlFor={`module-audience-${a}`}>{label(a)}</label>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="module-competencies">Competencies (comma-separated)</label>
        <input id="module-competencies" value={draft.competencies} onChange={(event) => set('competencies', event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="module-hours">Duration in hours</label>
        <input id="module-hours" type="number" min={0} step={0.5} value={draft.durationHours} onChange={(event) => set('durationHours', event.target.value)} />
      </div>
      <p className="actions">
        <button type="submit" className="secondary" disabled={busy}>
          Save draft
        </button>
        <button type="button" disabled={busy} onClick={() => void saveAndPublish()}>
          Publish
        </button>
      </p>
      {error && <ErrorMessage error={error} />}
      {saved && !error && (
        <p role="status" className="notice">
          {saved}
        </p>
      )}
    </form>
  );
}

function fromModule(m: {
  publisher: { id: string };
  title: string;
  summary: string;
  body: string;
  format: DeliveryFormat;
  audiences: Audience[];
  competencies: string[];
  durationHours?: number | null;
}): Draft {
  return {
    publisherId: m.publisher.id,
    title: m.title,
    summary: m.summary,
    body: m.body,
    format: m.format,
    audiences: m.audiences,
    competencies: m.competencies.join(', '),
    durationHours: m.durationHours == null ? '' : String(m.durationHours),
  };
}

function EditExisting({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: WebModuleForEditingDocument, variables: { id }, requestPolicy: 'network-only' });
  const module = data?.learningModule;
  useTitle(module ? `Edit ${module.title}` : 'Edit module');
  if (fetching && !data) return <Loading what="the module" />;
  if (error && !data) return <ErrorMessage error={error} />;
  if (!module) return <NoPermission message="This module does not exist or is not yours to edit." />;
  const source = module.draft ? { ...module.draft, publisher: module.publisher } : module;
  return (
    <>
      <h1>Edit “{module.title}”</h1>
      <p className="meta">
        {module.publisher.name} · {label(module.status)}
        {module.draft ? ` · editing draft version ${module.draft.version}` : ''} · <Link to={`/learning/modules/${module.id}`}>View the module</Link>
      </p>
      <Form moduleId={module.id} initial={fromModule(source)} publishers={[module.publisher]} status={module.status} />
    </>
  );
}

function CreateNew() {
  useTitle('New module');
  const [{ data, fetching, error }] = useQuery({ query: WebPublishersDocument });
  if (fetching && !data) return <Loading what="your organizations" />;
  if (error && !data) return <ErrorMessage error={error} />;
  const publishers = (data?.viewer?.memberships ?? [])
    .filter((m) => m.role !== 'VIEWER' && PUBLISHING_KINDS.has(m.organization.kind))
    .map((m) => m.organization);
  return (
    <>
      <h1>New module</h1>
      {publishers.length === 0 ? (
        <NoPermission message="Owners and editors of a college, a regional organization or the state agency publish modules." />
      ) : (
        <Form initial={{ ...EMPTY, publisherId: publishers[0].id }} publishers={publishers} />
      )}
    </>
  );
}

export default function ModuleEditor() {
  const { id } = useParams();
  const auth = useAuth();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/learning">Professional learning</Link>
      </p>
      {!auth.token ? <SignInPrompt what="the editor" /> : id ? <EditExisting id={id} /> : <CreateNew />}
    </>
  );
}
