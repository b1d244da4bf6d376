/**
 * Markdown from users, rendered safely: marked turns it into HTML, DOMPurify
 * keeps only inert HTML (no script, no event handlers, no javascript: or
 * other non-http links), and links open without handing over the page.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';

const SAFE_LINK = /^(https?:|mailto:|#|\/(?!\/))/i;

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href');
    if (href !== null && !SAFE_LINK.test(href.trim())) node.removeAttribute('href');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
  if (node.tagName === 'IMG') {
    const src = node.getAttribute('src');
    if (src !== null && !/^(https?:|\/(?!\/))/i.test(src.trim())) node.removeAttribute('src');
  }
});

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'] });
}
