/**
 * Buttons for files behind the token: upload with a progress bar and download
 * a document (an export's "Print" and "Download PDF": shell/ExportActions.tsx).
 */
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useAuth } from '../shell/auth';
import { downloadWithToken, uploadFile } from '../shell/files';

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
