/**
 * What an upload's bytes must be: the allowed media types, each recognized
 * by its leading bytes (and a DOCX by the `word/` part every Word file
 * holds), and a file name stripped of folders and control characters.
 */
import { DOCUMENT_MEDIA_TYPES } from '../../config';
import { BadUserInputError } from '../../errors';

export const { pdf: PDF, docx: DOCX, png: PNG, jpeg: JPEG } = DOCUMENT_MEDIA_TYPES;

/** The leading bytes of each type the hub can recognize. */
const SIGNATURES: Record<string, Buffer> = {
  [PDF]: Buffer.from('%PDF-', 'latin1'),
  [DOCX]: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  [PNG]: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  [JPEG]: Buffer.from([0xff, 0xd8, 0xff]),
};

const EXTENSIONS: Record<string, string> = { [PDF]: 'pdf', [DOCX]: 'docx', [PNG]: 'png', [JPEG]: 'jpg' };

/** The bytes are not the type the upload declared: answered 415. */
export class DocumentTypeError extends BadUserInputError {
  readonly status = 415;
  constructor(message: string) {
    super(message, [{ path: 'body', message }]);
  }
}

/** The media type of a `Content-Type` value, lower-case, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

const WORD_PART = Buffer.from('word/', 'latin1');

/**
 * Watches the bytes of an upload go by: refuses them as soon as their first
 * bytes are not `type`'s signature, and at the end when a DOCX named no
 * `word/` part (an Excel or any other zip file). Keeps only a few bytes.
 */
export class ByteInspector {
  private head = Buffer.alloc(0);
  private signed = false;
  private wordPartSeen: boolean;
  private tail = Buffer.alloc(0);

  constructor(private readonly type: string) {
    this.wordPartSeen = type !== DOCX;
  }

  feed(chunk: Buffer): void {
    const signature = SIGNATURES[this.type];
    if (!this.signed) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, signature.length - this.head.length)]);
      if (!signature.subarray(0, this.head.length).equals(this.head)) throw this.refusal();
      this.signed = this.head.length === signature.length;
    }
    if (!this.wordPartSeen) {
      // Local file headers carry their part names uncompressed; a name may straddle two chunks.
      const window = Buffer.concat([this.tail, chunk]);
      this.wordPartSeen = window.includes(WORD_PART);
      this.tail = window.subarray(Math.max(0, window.length - (WORD_PART.length - 1)));
    }
  }

  /** The upload ended: throws unless the bytes were the declared type. */
  finish(): void {
    if (!this.signed || !this.wordPartSeen) throw this.refusal();
  }

  private refusal(): DocumentTypeError {
    return new DocumentTypeError(`The file's content is not ${this.type} (the type it was sent as)`);
  }
}

const MAX_NAME = 200;

/**
 * A file name a client sent, made safe to store and to send back: the last
 * part of a path (either slash), no control or bidi-override characters,
 * no leading dots, at most 200 characters with the extension kept; a name
 * left empty becomes `document.<ext>`.
 */
export function cleanFilename(raw: string | undefined, type: string): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  const chars = [...name];
  if (chars.length > MAX_NAME) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = chars.slice(0, MAX_NAME - [...extension].length).join('') + extension;
  }
  return name || `document.${EXTENSIONS[type] ?? 'bin'}`;
}
