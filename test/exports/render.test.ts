/** The export layout on its own: Markdown read by marked's lexer into blocks, the HTML page, and the PDF's text. */
import { describe, expect, it } from 'vitest';
import { markdownBlocks, type ExportDocument } from '../../src/http/exports-document';
import { renderExportHtml } from '../../src/http/exports-html';
import { renderExportPdf, winAnsi } from '../../src/http/exports-pdf';
import { pdfText } from './pdf-text';

const MARKDOWN = [
  '# Plan',
  'Students *show* **mastery** with `portfolios` & more.',
  '1. Pilot',
  '2. Scale',
  '   - nested <b>point</b>',
  '> A quoted line',
  '```\nif (x < 1) return;\n```',
  '---',
  '[a link](https://example.org/a) and [a trap](javascript:alert(1)) and ![a picture](https://example.org/p.png)',
].join('\n\n');

const doc = (markdown: string): ExportDocument => ({ title: 'Test <export>', filename: 'test.pdf', blocks: markdownBlocks(markdown) });

describe('markdownBlocks', () => {
  it('reads headings (the top one placed at level 3), paragraphs with emphasis, lists, quotes, code and rules', () => {
    const blocks = markdownBlocks(MARKDOWN);
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'quote', 'code', 'rule', 'paragraph']);
    expect(blocks[0]).toEqual({ kind: 'heading', level: 3, runs: [{ text: 'Plan' }] });
    expect(blocks[1]).toMatchObject({
      runs: [
        { text: 'Students ' },
        { text: 'show', italic: true },
        { text: ' ' },
        { text: 'mastery', bold: true },
        { text: ' with ' },
        { text: 'portfolios', code: true },
        { text: ' & more.' },
      ],
    });
    const list = blocks[2] as Extract<(typeof blocks)[number], { kind: 'list' }>;
    expect(list.ordered).toBe(true);
    expect(list.items).toHaveLength(2);
    expect(list.items[1].map((b) => b.kind)).toEqual(['paragraph', 'list']);
    const links = (blocks[6] as Extract<(typeof blocks)[number], { kind: 'paragraph' }>).runs;
    expect(links.filter((r) => r.href).map((r) => r.href)).toEqual(['https://example.org/a']);
    expect(links.map((r) => r.text).join('')).toBe('a link and a trap and a picture');
  });
});

describe('renderExportHtml', () => {
  it('escapes every character of the source, raw HTML included, and keeps only safe links', () => {
    const html = renderExportHtml(doc(MARKDOWN));
    expect(html).toContain('<title>Test &lt;export&gt; · CNZ hub</title>');
    expect(html).toContain('nested &lt;b&gt;point&lt;/b&gt;');
    expect(html).toContain('<pre><code>if (x &lt; 1) return;</code></pre>');
    expect(html).toContain('<ol><li>');
    expect(html).toContain('<blockquote><p>A quoted line</p></blockquote>');
    expect(html).not.toMatch(/<b>|<img|javascript:|<script|<style/);
    expect(html.match(/<a /g)).toHaveLength(1);
  });
});

describe('renderExportPdf', () => {
  it('lays the blocks out as a PDF whose text reads back, characters beyond WinAnsi written plainly', async () => {
    const pdf = await renderExportPdf(doc(`${MARKDOWN}\n\nNext → then ≥ 3 😀 naïve “quotes”`), { compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Each run of a line is its own text object: read them together.
    const text = pdfText(pdf).join('');
    for (const expected of [
      'Plan',
      'mastery',
      'portfolios',
      'Pilot',
      'Scale',
      'nested <b>point</b>',
      'A quoted line',
      'if (x < 1) return;',
      'a link',
      'page 1 of 1',
    ])
      expect(text).toContain(expected);
    expect(winAnsi('Next → then ≥ 3 😀 naïve “quotes”')).toBe('Next -> then >= 3 ? naïve “quotes”');
  });
});
