import { find } from 'linkifyjs';
import sanitizeHtml from 'sanitize-html';

// Profile notes and field values are typed as plain text and rendered to sanitised HTML, as Mastodon does.

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface LinkContext {
  /** The server's public URL, for links to local profiles and hashtags. */
  baseUrl?: string;
}

// A local @mention or a #hashtag, not in the middle of a word or an e-mail address.
const TOKEN = /(^|[^\p{L}\p{N}_@#&/])(@([A-Za-z0-9_]{1,30})|#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*))(?![\p{L}\p{N}_@])/gu;

function linkTokens(text: string, ctx: LinkContext): string {
  if (!ctx.baseUrl) return escapeHtml(text);
  let out = '';
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index + m[1]!.length;
    out += escapeHtml(text.slice(at, start));
    if (m[3]) {
      out += `<span class="h-card"><a href="${escapeHtml(`${ctx.baseUrl}/@${m[3]}`)}" class="u-url mention">@<span>${escapeHtml(m[3])}</span></a></span>`;
    } else {
      out += `<a href="${escapeHtml(`${ctx.baseUrl}/tags/${encodeURIComponent(m[4]!.toLowerCase())}`)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(m[4]!)}</span></a>`;
    }
    at = start + m[2]!.length;
  }
  return out + escapeHtml(text.slice(at));
}

/** Escapes text and turns web addresses (http and https only), local @mentions and #hashtags into links. */
export function linkifyText(text: string, ctx: LinkContext = {}): string {
  let out = '';
  let at = 0;
  for (const link of find(text, 'url')) {
    if (!/^https?:\/\//i.test(link.href)) continue;
    out += linkTokens(text.slice(at, link.start), ctx);
    const shown = link.value.replace(/^https?:\/\//i, '');
    out += `<a href="${escapeHtml(link.href)}" target="_blank" rel="nofollow noopener noreferrer">${escapeHtml(shown)}</a>`;
    at = link.end;
  }
  return out + linkTokens(text.slice(at), ctx);
}

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'span'],
  allowedAttributes: { a: ['href', 'target', 'rel', 'class'], span: ['class'] },
  allowedSchemes: ['http', 'https'],
};

/** A note's HTML: paragraphs split on blank lines, line breaks kept, links made; sanitised as a last guard. */
export function renderNote(text: string, ctx: LinkContext = {}): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const paragraphs = trimmed.split(/\n{2,}/).map((p) => `<p>${linkifyText(p, ctx).replace(/\n/g, '<br />')}</p>`);
  return sanitizeHtml(paragraphs.join(''), ALLOWED);
}

/** A profile field value: one line, links made. */
export function renderFieldValue(text: string, ctx: LinkContext = {}): string {
  return sanitizeHtml(linkifyText(text, ctx), ALLOWED);
}
