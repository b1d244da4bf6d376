/**
 * One application's record: its sections (the self-assessment against each
 * Evidence of Practice, with evidence, and the narratives), its commitments,
 * letter of support and clarification thread. Editable for the applicant's
 * owners and editors while it is a draft; read-only for everyone else.
 */
import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import {
  WebAcknowledgeCommitmentsDocument,
  WebAnswerClarificationDocument,
  WebAttachApplicationDocumentsDocument,
  WebRateEvidenceDocument,
  type EvidenceRating,
  type WebApplicationRecordFragment,
} from '../generated/graphql';
import { renderMarkdown } from '../learning/markdown';
import { ErrorMessage } from '../shell/states';
import { DocumentLink, UploadField } from './FileActions';
import { LiveNarrative, type Author } from './LiveNarrative';
import { useAuth } from '../shell/auth';
import { useHubSocket, type HubSocket } from '../waivers/socket';
import { RATINGS, when, words } from './words';

type Application = WebApplicationRecordFragment;
type Section = Application['sections'][number];

/** A narrative: co-typed live by those who may edit it (LiveNarrative), rendered for the others. */
function Narrative({ section, live }: { section: Section; live: Live | null }) {
  if (live) return <LiveNarrative sectionId={section.id} title={section.title} socket={live.socket} author={live.author} />;
  return (
    <div
      className="markdown"
      aria-label={`Narrative: ${section.title}`}
      dangerouslySetInnerHTML={{ __html: renderMarkdown(section.body || '_Not yet written._') }}
    />
  );
}

/** What live co-typing needs: the page's socket and who types. */
interface Live {
  socket: HubSocket;
  author: Author;
}

/** The self-assessment of one Evidence of Practice: a rating, links, uploaded evidence. */
function Evidence({ section, applicationId, canEdit, onSaved }: { section: Section; applicationId: string; canEdit: boolean; onSaved(): void }) {
  const [rated, rate] = useMutation(WebRateEvidenceDocument);
  const [, attach] = useMutation(WebAttachApplicationDocumentsDocument);
  const [links, setLinks] = useState(section.links.join('\n'));
  // Shown at once when chosen (the hub's answer then confirms it, or the error says why not).
  const [chosen, setChosen] = useState(section.rating);
  useEffect(() => setChosen(section.rating), [section.rating]);
  const linkList = () =>
    links
      .split(/\s+/)
      .map((l) => l.trim())
      .filter(Boolean);
  const setRating = async (rating: EvidenceRating) => {
    setChosen(rating);
    const outcome = await rate({ input: { sectionId: section.id, rating, links: linkList() } });
    if (outcome.error) setChosen(section.rating);
    else onSaved();
  };
  const documents = section.evidenceDocuments.length ? (
    <ul className="documents">
      {section.evidenceDocuments.map((d) => (
        <li key={d.id}>
          <DocumentLink url={d.url} filename={d.filename} />
        </li>
      ))}
    </ul>
  ) : null;
  if (!canEdit)
    return (
      <div className="evidence">
        <p>
          <strong>Self-assessment:</strong> {section.rating ? words(section.rating) : 'not rated'}
        </p>
        {section.links.length > 0 && (
          <ul>
            {section.links.map((link) => (
              <li key={link}>
                <a href={link} rel="noopener noreferrer">
                  {link}
                </a>
              </li>
            ))}
          </ul>
        )}
        {documents}
      </div>
    );
  return (
    <div className="evidence">
      <fieldset>
        <legend>Where is this practice for you?</legend>
        {RATINGS.map((rating) => (
          <div className="field checkbox" key={rating}>
            <input
              type="radio"
              id={`rating-${section.id}-${rating}`}
              name={`rating-${section.id}`}
              checked={chosen === rating}
              onChange={() => void setRating(rating)}
            />
            <label htmlFor={`rating-${section.id}-${rating}`}>{words(rating)}</label>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`links-${section.id}`}>Evidence links (https, one a line)</label>
        <textarea
          id={`links-${section.id}`}
          rows={2}
          value={links}
          onChange={(event) => setLinks(event.target.value)}
          onBlur={() => section.rating && links !== section.links.join('\n') && void setRating(section.rating)}
        />
      </div>
      {rated.error && <ErrorMessage error={rated.error} />}
      {documents}
      <UploadField
        label={`Upload evidence for “${section.title}” (PDF, Word, PNG or JPEG)`}
        onUploaded={async (documentId) => {
          const outcome = await attach({ input: { applicationId, sectionId: section.id, documentIds: [documentId] } });
          if (outcome.error) return outcome.error.graphQLErrors[0]?.message ?? outcome.error.message;
          onSaved();
          return null;
        }}
      />
    </div>
  );
}

function Commitments({ application, canEdit, onSaved }: { application: Application; canEdit: boolean; onSaved(): void }) {
  const [acknowledging, acknowledge] = useMutation(WebAcknowledgeCommitmentsDocument);
  const server = application.commitments.map((c) => `${c.key}:${c.acknowledged}`).join(',');
  const [checked, setChecked] = useState<Partial<Record<string, boolean>>>({});
  // What was shown while the hub was asked stays until the hub's own state says the same (answers may come in any order).
  useEffect(
    () =>
      setChecked((now) => {
        const pending = Object.entries(now).filter(([key, value]) => application.commitments.find((c) => c.key === key)?.acknowledged !== value);
        return pending.length === Object.keys(now).length ? now : Object.fromEntries(pending);
      }),
    [server],
  );
  return (
    <section aria-labelledby="commitments">
      <h2 id="commitments">Commitments</h2>
      <fieldset disabled={!canEdit}>
        <legend>What the zone asks you to commit to</legend>
        {application.commitments.map((c) => (
          <div className="field checkbox" key={c.key}>
            <input
              type="checkbox"
              id={`commitment-${c.key}`}
              checked={checked[c.key] ?? c.acknowledged}
              onChange={async (event) => {
                const acknowledged = event.target.checked;
                setChecked((now) => ({ ...now, [c.key]: acknowledged }));
                const outcome = await acknowledge({ input: { applicationId: application.id, commitmentKeys: [c.key], acknowledged } });
                if (outcome.error)
                  setChecked((now) => {
                    const { [c.key]: _refused, ...rest } = now;
                    return rest;
                  });
                else onSaved();
              }}
            />
            <label htmlFor={`commitment-${c.key}`}>{c.text}</label>
          </div>
        ))}
      </fieldset>
      <p className="hint">{application.agreement}</p>
      {acknowledging.error && <ErrorMessage error={acknowledging.error} />}
    </section>
  );
}

function LetterOfSupport({ application, canEdit, onSaved }: { application: Application; canEdit: boolean; onSaved(): void }) {
  const [, attach] = useMutation(WebAttachApplicationDocumentsDocument);
  return (
    <section aria-labelledby="letter">
      <h2 id="letter">Letter of support</h2>
      <p className="hint">The superintendent's signed letter of support (required for the ILDZ).</p>
      {application.letterOfSupport.length > 0 ? (
        <ul className="documents">
          {application.letterOfSupport.map((d) => (
            <li key={d.id}>
              <DocumentLink url={d.url} filename={d.filename} />
            </li>
          ))}
        </ul>
      ) : (
        <p>No letter uploaded yet.</p>
      )}
      {canEdit && (
        <UploadField
          label="Upload the letter of support"
          onUploaded={async (documentId) => {
            const outcome = await attach({ input: { applicationId: application.id, documentIds: [documentId] } });
            if (outcome.error) return outcome.error.graphQLErrors[0]?.message ?? outcome.error.message;
            onSaved();
            return null;
          }}
        />
      )}
    </section>
  );
}

/** The facilitation team's questions and the applicant's answers; the open one answered here by the applicant. */
export function Clarifications({ application, canAnswer, onSaved }: { application: Application; canAnswer: boolean; onSaved(): void }) {
  const [answering, answer] = useMutation(WebAnswerClarificationDocument);
  const [text, setText] = useState('');
  const open = application.clarifications.find((c) => !c.answeredAt);
  return (
    <section aria-labelledby="clarifications">
      <h2 id="clarifications">Clarifications</h2>
      {application.clarifications.length === 0 ? (
        <p className="meta">No question from the facilitation team.</p>
      ) : (
        <ol className="thread-list">
          {application.clarifications.map((c) => (
            <li key={c.id}>
              <p>
                <strong>
                  {c.askedBy?.displayName ?? 'The facilitation team'} asked on {when(c.askedAt)}:
                </strong>{' '}
                {c.question}
              </p>
              {c.answer ? (
                <blockquote>
                  <strong>
                    {c.answeredBy?.displayName ?? 'The applicant'} answered on {when(c.answeredAt)}:
                  </strong>{' '}
                  {c.answer}
                </blockquote>
              ) : (
                <p className="notice">Waiting for the applicant's answer.</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {open && canAnswer && application.status === 'NEEDS_CLARIFICATION' && (
        <form
          className="stacked-form"
          onSubmit={async (event) => {
            event.preventDefault();
            const outcome = await answer({ input: { clarificationId: open.id, answer: text } });
            if (!outcome.error) {
              setText('');
              onSaved();
            }
          }}
        >
          <label htmlFor="answer">Your answer</label>
          <textarea id="answer" rows={4} value={text} onChange={(event) => setText(event.target.value)} required />
          <div className="actions">
            <button type="submit" disabled={answering.fetching || !text.trim()}>
              Send the answer
            </button>
          </div>
          {answering.error && <ErrorMessage error={answering.error} />}
        </form>
      )}
    </section>
  );
}

/** Sections, commitments and (ILDZ) the letter of support. */
export function ApplicationSections(props: { application: Application; canEdit: boolean; onSaved(): void; author?: Author | null }) {
  const { author, ...rest } = props;
  // Those who may edit co-type live over one socket of the page; the others read.
  if (props.canEdit && author) return <LiveSections {...rest} author={author} />;
  return <Sections {...rest} live={null} />;
}

function LiveSections({ author, ...rest }: { application: Application; canEdit: boolean; onSaved(): void; author: Author }) {
  const { token } = useAuth();
  const socket = useHubSocket(token);
  return <Sections {...rest} live={{ socket, author }} />;
}

function Sections({ application, canEdit, onSaved, live }: { application: Application; canEdit: boolean; onSaved(): void; live: Live | null }) {
  const practices = application.sections.filter((s) => s.kind === 'EVIDENCE_OF_PRACTICE');
  const narratives = application.sections.filter((s) => s.kind !== 'EVIDENCE_OF_PRACTICE');
  return (
    <>
      {practices.length > 0 && (
        <section aria-labelledby="practices">
          <h2 id="practices">Self-assessment: Evidence of Practice</h2>
          <p className="hint">
            Rate each practice as it is today; perfection is not the goal. A practice in place or under construction needs a link or a document.
          </p>
          {practices.map((section) => (
            <article key={section.id} className="card application-section" aria-labelledby={`section-${section.id}`}>
              <h3 id={`section-${section.id}`}>{section.title}</h3>
              <Evidence section={section} applicationId={application.id} canEdit={canEdit} onSaved={onSaved} />
              <Narrative section={section} live={live} />
            </article>
          ))}
        </section>
      )}
      {narratives.length > 0 && (
        <section aria-labelledby="narratives">
          <h2 id="narratives">Narratives</h2>
          {narratives.map((section) => (
            <article key={section.id} className="card application-section" aria-labelledby={`section-${section.id}`}>
              <h3 id={`section-${section.id}`}>{section.title}</h3>
              <Narrative section={section} live={live} />
              {section.updatedBy && <p className="meta">Last edited by {section.updatedBy.displayName}</p>}
            </article>
          ))}
        </section>
      )}
      <Commitments application={application} canEdit={canEdit} onSaved={onSaved} />
      {(application.zone === 'INNOVATIVE_LEARNING_DESIGN' || application.letterOfSupport.length > 0) && (
        <LetterOfSupport application={application} canEdit={canEdit} onSaved={onSaved} />
      )}
    </>
  );
}
