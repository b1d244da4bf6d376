/**
 * The text a PDF draws, read back from its content streams (inflated when
 * compressed): every string shown by `Tj`/`TJ`, joined per text object. Good
 * for pdfkit's output with the standard fonts (WinAnsi strings, hex-written).
 */
import { inflateSync } from 'node:zlib';

function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const pattern = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    out.push(match[1].includes('/FlateDecode') ? inflateSync(bytes).toString('latin1') : bytes.toString('latin1'));
  }
  return out;
}

function decodeString(token: string): string {
  if (token.startsWith('<')) return Buffer.from(token.slice(1, -1).replace(/\s+/g, ''), 'hex').toString('latin1');
  return token
    .slice(1, -1)
    .replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, c: string) =>
      /^[0-7]/.test(c) ? String.fromCharCode(parseInt(c, 8)) : (({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c),
    );
}

/** Each text object's text, in drawing order. */
export function pdfText(pdf: Buffer): string[] {
  const lines: string[] = [];
  for (const content of streams(pdf)) {
    for (const object of content.split(/\bBT\b/).slice(1)) {
      const body = object.split(/\bET\b/)[0];
      const strings = body.match(/<[0-9a-fA-F\s]*>|\((?:[^()\\]|\\.)*\)/g) ?? [];
      const line = strings.map(decodeString).join('');
      if (line) lines.push(line);
    }
  }
  return lines;
}
