import { find } from 'linkifyjs';
import sanitizeHtml from 'sanitize-html';

// Profile notes and field values are typed as plain text and rendered to sanitised HTML, as Mastodon does.

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escapes text and turns web addresses into links (only http and https). */
export function linkifyText(text: string): string {
  let out = '';
  let at = 0;
  for (const link of find(text, 'url')) {
    if (!/^https?:\/\//i.test(link.href)) continue;
    out += escapeHtml(text.slice(at, link.start));
    const shown = link.value.replace(/^https?:\/\//i, '');
    out += `<a href="${escapeHtml(link.href)}" target="_blank" rel="nofollow noopener noreferrer">${escapeHtml(shown)}</a>`;
    at = link.end;
  }
  return out + escapeHtml(text.slice(at));
}

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'span'],
  allowedAttributes: { a: ['href', 'target', 'rel'], span: ['class'] },
  allowedSchemes: ['http', 'https'],
};

/** A note's HTML: paragraphs split on blank lines, line breaks kept, links made; sanitised as a last guard. */
export function renderNote(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const paragraphs = trimmed.split(/\n{2,}/).map((p) => `<p>${linkifyText(p).replace(/\n/g, '<br />')}</p>`);
  return sanitizeHtml(paragraphs.join(''), ALLOWED);
}

/** A profile field value: one line, links made. */
export function renderFieldValue(text: string): string {
  return sanitizeHtml(linkifyText(text), ALLOWED);
}
