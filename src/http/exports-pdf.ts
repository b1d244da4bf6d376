/**
 * An export as a PDF, laid out with pdfkit from the export's blocks
 * (headings, paragraphs, lists, quotes, code, facts; bold, italic, code and
 * links within a line). The standard PDF fonts (Helvetica, Courier) keep the
 * file small and need no font files; they cover the WinAnsi characters, and
 * anything else is written as its nearest plain form or "?".
 */
import PDFDocument from 'pdfkit';
import type { Block, ExportDocument, Inline } from './exports-document';

const MARGIN = 56;
const BODY = 10.5;
const HEADING_SIZES = { 1: 19, 2: 14.5, 3: 12, 4: 11 } as const;
const LIST_INDENT = 16;
const QUOTE_INDENT = 14;

// WinAnsi beyond Latin-1's printable range.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const NEAREST: Record<string, string> = { '→': '->', '←': '<-', '≤': '<=', '≥': '>=', '✓': 'x', '\u2011': '-', '\u2212': '-', '\u00ad': '' };

/** Text the standard fonts can draw. */
export function winAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (char === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)) out += char;
    else if (char === '\t') out += '    ';
    else if (char in NEAREST) out += NEAREST[char];
    else {
      const plain = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += /^[\x20-\x7e]+$/.test(plain) ? plain : '?';
    }
  }
  return out;
}

function fontOf(run: Inline): string {
  if (run.code) return 'Courier';
  if (run.bold && run.italic) return 'Helvetica-BoldOblique';
  if (run.bold) return 'Helvetica-Bold';
  if (run.italic) return 'Helvetica-Oblique';
  return 'Helvetica';
}

class Layout {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private get width(): number {
    return this.doc.page.width - MARGIN * 2;
  }

  /** One line-wrapped paragraph of runs, `indent` points in from the margin. */
  runs(runs: Inline[], indent: number, size = BODY, color = '#1a1a1a', bold = false): void {
    const { doc } = this;
    const visible = runs.filter((run) => run.text.length > 0);
    if (visible.length === 0) return;
    doc.fillColor(color).fontSize(size);
    doc.x = MARGIN + indent;
    visible.forEach((run, index) => {
      const last = index === visible.length - 1;
      doc.font(fontOf(bold ? { ...run, bold: true } : run)).fontSize(run.code ? size - 1 : size);
      if (run.href) doc.fillColor('#0b4f8a');
      doc.text(winAnsi(run.text), { width: this.width - indent, continued: !last, link: run.href ?? null, underline: Boolean(run.href), lineGap: 2 });
      if (run.href) doc.fillColor(color);
    });
    doc.x = MARGIN;
  }

  blocks(blocks: Block[], indent: number, color = '#1a1a1a'): void {
    for (const block of blocks) this.block(block, indent, color);
  }

  block(block: Block, indent: number, color: string): void {
    const { doc } = this;
    switch (block.kind) {
      case 'heading':
        doc.moveDown(block.level <= 2 ? 0.9 : 0.5);
        this.runs(block.runs, indent, HEADING_SIZES[block.level], '#111111', true);
        if (block.level <= 2) {
          const y = doc.y + 1;
          doc
            .moveTo(MARGIN + indent, y)
            .lineTo(MARGIN + this.width, y)
            .lineWidth(block.level === 1 ? 1 : 0.5)
            .strokeColor('#999999')
            .stroke();
        }
        doc.moveDown(0.4);
        break;
      case 'paragraph':
        this.runs(block.runs, indent, BODY, color);
        doc.moveDown(0.5);
        break;
      case 'list':
        block.items.forEach((item, index) => {
          const marker = block.ordered ? `${block.start + index}.` : '•';
          const y = doc.y;
          doc.font('Helvetica').fontSize(BODY).fillColor(color);
          doc.text(marker, MARGIN + indent, y, { width: LIST_INDENT, lineBreak: false });
          doc.y = y;
          this.blocks(item, indent + LIST_INDENT, color);
        });
        doc.moveDown(0.2);
        break;
      case 'quote': {
        const top = doc.y;
        this.blocks(block.blocks, indent + QUOTE_INDENT, '#333333');
        const bottom = doc.y - 6;
        if (doc.y > top)
          doc
            .moveTo(MARGIN + indent + 3, top)
            .lineTo(MARGIN + indent + 3, Math.max(top + 6, bottom))
            .lineWidth(2)
            .strokeColor('#777777')
            .stroke();
        doc.moveDown(0.3);
        break;
      }
      case 'code': {
        const code = winAnsi(block.text);
        const options = { width: this.width - indent - 12, lineGap: 1 };
        doc.font('Courier').fontSize(BODY - 1.5);
        const height = doc.heightOfString(code, options);
        const top = doc.y;
        // A light panel behind the code, when it fits on this page (pdfkit breaks long code across pages).
        if (top + height + 8 < doc.page.height - doc.page.margins.bottom)
          doc
            .rect(MARGIN + indent, top - 3, this.width - indent, height + 6)
            .fillColor('#f1f1f1')
            .fill();
        doc.fillColor(color).text(code, MARGIN + indent + 6, top, options);
        doc.x = MARGIN;
        doc.moveDown(0.6);
        break;
      }
      case 'rule': {
        const y = doc.y + 4;
        doc
          .moveTo(MARGIN + indent, y)
          .lineTo(MARGIN + this.width, y)
          .lineWidth(0.5)
          .strokeColor('#999999')
          .stroke();
        doc.moveDown(1);
        break;
      }
      case 'facts':
        for (const [term, value] of block.rows) this.runs([{ text: `${term}: `, bold: true }, { text: value }], indent, BODY, color);
        doc.moveDown(0.5);
        break;
    }
  }
}

export interface PdfOptions {
  /** Uncompressed content streams (for reading the text back in tests and by hand). */
  compress?: boolean;
}

/** The export as PDF bytes. */
export function renderExportPdf(document: ExportDocument, options: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    compress: options.compress ?? true,
    info: { Title: winAnsi(document.title), Creator: 'CNZ hub', Producer: 'CNZ hub (pdfkit)' },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new Layout(doc).blocks(document.blocks, 0);
  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555555')
      .text(`${winAnsi(document.title)} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - 36, {
        width: doc.page.width - MARGIN * 2,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
