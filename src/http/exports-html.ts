/**
 * An export as a printable HTML page: every character of the record escaped
 * (no markup of the source passes through), only http(s)/mailto links, no
 * script, styles from `/exports/print.css` (so the page also renders under
 * the web app's own `style-src 'self'` when the app shows it in a frame).
 */
import type { Block, ExportDocument, Inline } from './exports-document';

/** Served with the page: nothing but styles, nothing inline. */
export const EXPORT_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function runs(list: Inline[]): string {
  return list
    .map((run) => {
      let html = escapeHtml(run.text).replace(/\n/g, '<br>');
      if (run.code) html = `<code>${html}</code>`;
      if (run.italic) html = `<em>${html}</em>`;
      if (run.bold) html = `<strong>${html}</strong>`;
      if (run.href) html = `<a href="${escapeHtml(run.href)}" rel="noopener noreferrer">${html}</a>`;
      return html;
    })
    .join('');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${runs(b.runs)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${runs(b.runs)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
      return `<${tag}${start}>${b.items.map((item) => `<li>${item.map(block).join('')}</li>`).join('')}</${tag}>`;
    }
    case 'quote':
      return `<blockquote>${b.blocks.map(block).join('')}</blockquote>`;
    case 'code':
      return `<pre><code>${escapeHtml(b.text)}</code></pre>`;
    case 'rule':
      return '<hr>';
    case 'facts':
      return `<dl class="facts">${b.rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
  }
}

/** The whole page (a standalone document). */
export function renderExportHtml(document: ExportDocument): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(document.title)} · CNZ hub</title>`,
    '<link rel="stylesheet" href="/exports/print.css">',
    '</head>',
    '<body>',
    '<main class="export">',
    ...document.blocks.map(block),
    `<footer><p>Exported from the CNZ hub on ${new Date().toISOString().slice(0, 10)}.</p></footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The page's stylesheet: plain type for screen and paper. */
export const PRINT_CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1a1a1a; font: 16px/1.5 Georgia, "Times New Roman", serif; }
main.export { max-width: 48rem; margin: 0 auto; padding: 1.5rem; }
h1, h2, h3, h4 { font-family: Helvetica, Arial, sans-serif; line-height: 1.25; color: #111; }
h1 { font-size: 1.7rem; margin: 0 0 1rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #999; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.3rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: bold; font-family: Helvetica, Arial, sans-serif; }
dl.facts dd { margin: 0; }
blockquote { margin: 0.5rem 0; padding-left: 1rem; border-left: 3px solid #777; color: #333; }
pre { white-space: pre-wrap; background: #f3f3f3; padding: 0.5rem; }
a { color: #0b4f8a; }
footer { margin-top: 3rem; color: #555; font-size: 0.85rem; }
@media print {
  main.export { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  a::after { content: " (" attr(href) ")"; font-size: 0.85em; }
  footer { position: static; }
}
`;
