/**
 * An export's "Print" (the hub's printable page, shown in a frame and sent to
 * the printer) and "Download PDF", fetched with the token: used by the
 * applications, the facilitation and review desks and the waiver editor.
 */
import { useRef, useState } from 'react';
import { useAuth } from './auth';
import { downloadWithToken, fetchWithToken } from './files';
import './exports.css';

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
