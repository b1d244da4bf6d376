/**
 * Buttons for files behind the token: upload with a progress bar, download a
 * document, and an export's "Print" (the hub's printable page, shown in a
 * frame and sent to the printer) and "Download PDF".
 */
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useAuth } from '../shell/auth';
import { downloadWithToken, fetchWithToken, uploadFile } from './files';

const ACCEPT = '.pdf,.docx,.png,.jpg,.jpeg,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/png,image/jpeg';

/**
 * A file input that uploads what is chosen (progress shown and announced),
 * then hands the document id on. `closed`: nothing more may be uploaded (the
 * input goes; the last upload's progress and message stay).
 */
export function UploadField({
  label,
  onUploaded,
  closed = false,
}: {
  label: string;
  onUploaded(documentId: string, filename: string): Promise<string | null>;
  closed?: boolean;
}) {
  const { token } = useAuth();
  const id = useId();
  const [progress, setProgress] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [message, setMessage] = useState('');
  const [failed, setFailed] = useState('');
  const input = useRef<HTMLInputElement>(null);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFailed('');
    setMessage(`Uploading ${file.name}…`);
    setProgress({ name: file.name, sent: 0, total: file.size });
    try {
      const uploaded = await uploadFile(file, token, (sent, total) => setProgress({ name: file.name, sent, total }));
      const refused = await onUploaded(uploaded.id, uploaded.filename);
      if (refused) throw new Error(refused);
      setMessage(`Uploaded ${uploaded.filename}.`);
    } catch (error) {
      setMessage('');
      // No bar left at 100 % for a file the hub refused.
      setProgress(null);
      setFailed(`${file.name} was not added: ${(error as Error).message}`);
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const percent = progress && progress.total > 0 ? Math.round((progress.sent / progress.total) * 100) : 0;
  return (
    <div className="upload-field">
      {!closed && (
        <>
          <label htmlFor={id}>{label}</label>
          <input id={id} ref={input} type="file" accept={ACCEPT} onChange={(event) => void choose(event)} />
        </>
      )}
      {progress && (
        <p className="upload-progress">
          <progress max={100} value={percent} aria-label={`Upload of ${progress.name}`} /> <span>{percent}%</span>
        </p>
      )}
      <p className="meta" role="status" aria-live="polite">
        {message}
      </p>
      {failed && (
        <p className="state error" role="alert">
          {failed}
        </p>
      )}
    </div>
  );
}

/** A document behind the token, downloaded on click. */
export function DocumentLink({ url, filename }: { url: string; filename: string }) {
  const { token } = useAuth();
  const [failed, setFailed] = useState('');
  return (
    <>
      <button type="button" className="link-button" onClick={() => downloadWithToken(url, token, filename).catch((error: Error) => setFailed(error.message))}>
        {filename}
      </button>
      {failed && <span role="alert"> ({failed})</span>}
    </>
  );
}

/** "Print" and "Download PDF" for one export path, e.g. `/exports/applications/<id>`. */
export function ExportActions({ path, what }: { path: string; what: string }) {
  const { token } = useAuth();
  const [page, setPage] = useState<string | null>(null);
  const [failed, setFailed] = useState('');
  const [busy, setBusy] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  const printing = useRef(false);

  const print = async () => {
    setFailed('');
    setBusy(true);
    try {
      const html = await (await fetchWithToken(`${path}.html`, token)).text();
      // The page was escaped by the hub; in the frame it runs under this app's CSP (no script at all in it).
      if (html === page && frame.current?.contentWindow) frame.current.contentWindow.print();
      else {
        printing.current = true;
        setPage(html);
      }
    } catch (error) {
      setFailed((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const pdf = async () => {
    setFailed('');
    setBusy(true);
    try {
      await downloadWithToken(`${path}.pdf`, token, 'export.pdf');
    } catch (error) {
      setFailed((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export-actions">
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void print()} disabled={busy}>
          Print
        </button>
        <button type="button" className="secondary" onClick={() => void pdf()} disabled={busy}>
          Download PDF
        </button>
      </div>
      {failed && (
        <p className="state error" role="alert">
          The export failed: {failed}
        </p>
      )}
      {page !== null && (
        <section aria-label={`Printable ${what}`} className="print-preview">
          <div className="actions">
            <button type="button" onClick={() => frame.current?.contentWindow?.print()}>
              Print again
            </button>
            <button type="button" className="secondary" onClick={() => setPage(null)}>
              Close the printable page
            </button>
          </div>
          <iframe
            ref={frame}
            title={`Printable ${what}`}
            // No script may run in it; same origin so this page may call its print().
            sandbox="allow-same-origin allow-modals"
            srcDoc={page}
            onLoad={() => {
              if (!printing.current) return;
              printing.current = false;
              frame.current?.contentWindow?.print();
            }}
          />
        </section>
      )}
    </div>
  );
}
