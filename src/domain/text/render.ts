import sanitizeHtml from 'sanitize-html';
import { normalizeTag, type Token } from './tokenize.js';

export interface RenderOptions {
  publicUrl: string;
  localDomain: string;
  /**
   * Lower-cased username (`user@domain` for another server's) -> the account's username as spelled, for mentions
   * that resolved to stored accounts; `url` is a remote account's own profile page.
   */
  accounts: Map<string, { username: string; url?: string | null }>;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Renders a post's plain text as Mastodon does: paragraphs, line breaks, and links for URLs, known
 * mentions and hashtags. Everything the author typed is escaped; the result passes sanitize-html too.
 */
export function renderPost(tokens: Token[], opts: RenderOptions): string {
  let html = '';
  for (const t of tokens) {
    if (t.type === 'text') html += escapeText(t.value);
    else if (t.type === 'url') html += renderLink(t.href);
    else if (t.type === 'hashtag') {
      const href = `${opts.publicUrl}/tags/${encodeURIComponent(normalizeTag(t.name))}`;
      html += `<a href="${escapeHtml(href)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(t.name)}</span></a>`;
    } else {
      const local = t.domain === null || t.domain === opts.localDomain.toLowerCase();
      const account = opts.accounts.get(local ? t.username.toLowerCase() : `${t.username}@${t.domain}`.toLowerCase());
      if (!account) html += escapeText(t.value);
      else {
        const href = account.url ?? `${opts.publicUrl}/@${account.username}`;
        html += `<span class="h-card" translate="no"><a href="${escapeHtml(href)}" class="u-url mention">@<span>${escapeHtml(account.username)}</span></a></span>`;
      }
    }
  }
  const paragraphs = html
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p !== '');
  const out = paragraphs.map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`).join('');
  return sanitizePostHtml(out);
}

// Newlines pass through escapeHtml untouched; paragraphs are cut afterwards.
function escapeText(s: string): string {
  return escapeHtml(s);
}

// Mastodon shows a link without its scheme, cut to 30 characters with the rest hidden.
function renderLink(href: string): string {
  const m = /^(https?:\/\/(?:www\.)?)(.*)$/i.exec(href);
  const prefix = m?.[1] ?? '';
  const rest = m?.[2] ?? href;
  const shown = rest.slice(0, 30);
  const hidden = rest.slice(30);
  return (
    `<a href="${escapeHtml(href)}" target="_blank" rel="nofollow noopener" translate="no">` +
    `<span class="invisible">${escapeHtml(prefix)}</span>` +
    `<span class="${hidden ? 'ellipsis' : ''}">${escapeHtml(shown)}</span>` +
    `<span class="invisible">${escapeHtml(hidden)}</span></a>`
  );
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'span'],
  allowedAttributes: { a: ['href', 'rel', 'class', 'target', 'translate'], span: ['class', 'translate'] },
  allowedSchemes: ['http', 'https'],
  allowProtocolRelative: false,
};

export function sanitizePostHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}
