/**
 * Files over plain HTTP with the bearer token: uploads to `POST /documents`
 * with progress (XMLHttpRequest's upload events; fetch has none), and
 * downloads (documents, export PDFs and pages) fetched with the token and
 * handed to the browser as a blob, since a plain link cannot carry it.
 */

export interface Uploaded {
  id: string;
  filename: string;
  byteSize: number;
}

/** The hub's message from an HTTP error body (`{ errors: [{ message }] }`), or the status. */
function messageOf(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ message?: string }> };
    if (parsed.errors?.[0]?.message) return parsed.errors[0].message;
  } catch {
    // not JSON: fall through
  }
  return `The hub answered ${status}`;
}

/** Uploads one file; `onProgress` gets the bytes sent so far and the total. */
export function uploadFile(file: File, token: string | null, onProgress: (sent: number, total: number) => void): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/documents?filename=${encodeURIComponent(file.name)}`);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        onProgress(file.size, file.size);
        resolve(JSON.parse(xhr.responseText) as Uploaded);
      } else reject(new Error(messageOf(xhr.status, xhr.responseText)));
    };
    xhr.onerror = () => reject(new Error('The upload did not reach the hub'));
    xhr.onabort = () => reject(new Error('The upload was cancelled'));
    xhr.send(file);
  });
}

/** GETs a hub path with the token; throws with the hub's message when refused. */
export async function fetchWithToken(path: string, token: string | null): Promise<Response> {
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(messageOf(response.status, await response.text()));
  return response;
}

/** The file name a Content-Disposition header gives (UTF-8 form first). */
function filenameOf(disposition: string | null, fallback: string): string {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (extended) return decodeURIComponent(extended[1]);
  const plain = /filename="([^"]+)"/i.exec(disposition ?? '');
  return plain ? plain[1] : fallback;
}

/** Downloads a hub path as a file the browser saves. */
export async function downloadWithToken(path: string, token: string | null, fallbackName: string): Promise<string> {
  const response = await fetchWithToken(path, token);
  const name = filenameOf(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
