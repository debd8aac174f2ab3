// Server-rendered public pages (/@username, /@username/:id): readable without JavaScript, with
// OpenGraph and Twitter card metadata, never personalised so the shield's micro-cache can keep them.

export interface ApiAccount {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  note: string;
  url: string;
  avatar: string;
  header?: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  created_at?: string;
  bot?: boolean;
  locked?: boolean;
  /** Mastodon shows a suspended account as an empty shell with this flag. */
  suspended?: boolean;
}

export interface ApiMedia {
  type: string;
  url: string;
  preview_url?: string | null;
  description?: string | null;
}

export interface ApiStatus {
  id: string;
  url?: string | null;
  uri?: string;
  created_at: string;
  edited_at?: string | null;
  content: string;
  spoiler_text: string;
  visibility: string;
  sensitive?: boolean;
  account: ApiAccount;
  reblog?: ApiStatus | null;
  media_attachments?: ApiMedia[];
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  in_reply_to_id?: string | null;
}

type CountWord = 'posts' | 'following' | 'followers' | 'replies' | 'echoes' | 'upvotes';

// The public pages' count words in each plural form, per language (Intl.PluralRules picks the form).
const COUNT_WORDS: Record<'en' | 'fr', Record<CountWord, { one: string; other: string }>> = {
  en: {
    posts: { one: 'post', other: 'posts' },
    following: { one: 'following', other: 'following' },
    followers: { one: 'follower', other: 'followers' },
    replies: { one: 'reply', other: 'replies' },
    echoes: { one: 'echo', other: 'echoes' },
    upvotes: { one: 'upvote', other: 'upvotes' },
  },
  fr: {
    posts: { one: 'publication', other: 'publications' },
    following: { one: 'abonnement', other: 'abonnements' },
    followers: { one: 'abonné·e', other: 'abonné·es' },
    replies: { one: 'réponse', other: 'réponses' },
    echoes: { one: 'partage', other: 'partages' },
    upvotes: { one: 'vote', other: 'votes' },
  },
};

/** The word for `n` things, in the language's plural form: "1 reply", "2 replies", "0 réponse". */
export function countWord(n: number, word: CountWord, lang: 'en' | 'fr' = 'en'): string {
  const forms = COUNT_WORDS[lang][word];
  return new Intl.PluralRules(lang).select(n) === 'one' ? forms.one : forms.other;
}

/** "3 replies" as text; as HTML (`html`, `strong`: the number in bold) the number and its word never part at a line end. */
export function countText(n: number, word: CountWord, opts: { lang?: 'en' | 'fr'; html?: boolean; strong?: boolean } = {}): string {
  const num = n.toLocaleString(opts.lang ?? 'en');
  const space = opts.html || opts.strong ? '&nbsp;' : ' ';
  return `${opts.strong ? `<strong>${num}</strong>` : num}${space}${esc(countWord(n, word, opts.lang))}`;
}

export function esc(s: string | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Plain text from the API's sanitised HTML, for meta descriptions. */
export function textOf(html: string, max = 200): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface PageMeta {
  title: string;
  description: string;
  url: string;
  image?: string | null;
  type: 'profile' | 'article' | 'website';
  siteName: string;
  card?: 'summary' | 'summary_large_image';
}

export function metaTags(m: PageMeta): string {
  const tags = [
    `<title>${esc(m.title)}</title>`,
    `<meta name="description" content="${esc(m.description)}">`,
    `<link rel="canonical" href="${esc(m.url)}">`,
    `<meta property="og:site_name" content="${esc(m.siteName)}">`,
    `<meta property="og:type" content="${esc(m.type)}">`,
    `<meta property="og:title" content="${esc(m.title)}">`,
    `<meta property="og:description" content="${esc(m.description)}">`,
    `<meta property="og:url" content="${esc(m.url)}">`,
    m.image ? `<meta property="og:image" content="${esc(m.image)}">` : '',
    `<meta name="twitter:card" content="${m.card ?? 'summary'}">`,
    `<meta name="twitter:title" content="${esc(m.title)}">`,
    `<meta name="twitter:description" content="${esc(m.description)}">`,
    m.image ? `<meta name="twitter:image" content="${esc(m.image)}">` : '',
  ];
  return tags.filter(Boolean).join('\n    ');
}

function dateText(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 16).replace('T', ' ');
}

function accountName(a: ApiAccount): string {
  return a.display_name || a.username;
}

function renderMedia(media: ApiMedia[] | undefined): string {
  if (!media?.length) return '';
  return `<div class="ssr-media">${media
    .map((m) =>
      m.type === 'image' || m.type === 'gifv'
        ? `<a href="${esc(m.url)}"><img src="${esc(m.preview_url || m.url)}" alt="${esc(m.description || '')}" loading="lazy"></a>`
        : `<a href="${esc(m.url)}">${esc(m.description || m.type)}</a>`,
    )
    .join('')}</div>`;
}

export function renderStatus(s: ApiStatus, opts: { main?: boolean } = {}): string {
  const a = s.account;
  const link = `/@${esc(a.acct)}/${esc(s.id)}`;
  const body = s.spoiler_text
    ? `<details><summary>${esc(s.spoiler_text)}</summary><div class="ssr-content">${s.content}</div>${renderMedia(s.media_attachments)}</details>`
    : `<div class="ssr-content">${s.content}</div>${renderMedia(s.media_attachments)}`;
  return `<article class="ssr-status${opts.main ? ' ssr-main' : ''}">
  <header><a class="ssr-author" href="/@${esc(a.acct)}"><img src="${esc(a.avatar)}" alt="" width="40" height="40"><span><strong>${esc(accountName(a))}</strong> <span class="ssr-handle">@${esc(a.acct)}</span></span></a></header>
  ${body}
  <footer><a href="${link}"><time datetime="${esc(s.created_at)}">${esc(dateText(s.created_at))}</time></a> · ${countText(s.replies_count, 'replies', { html: true })} · ${countText(s.reblogs_count, 'echoes', { html: true })} · ${countText(s.favourites_count, 'upvotes', { html: true })}</footer>
</article>`;
}

export function renderProfile(a: ApiAccount, statuses: ApiStatus[], opts: { domain: string }): string {
  const posts = statuses.map((s) => (s.reblog ? renderStatus(s.reblog) : renderStatus(s))).join('\n');
  return `<main class="ssr-page">
<section class="ssr-profile">
  ${a.header && !a.header.endsWith('/missing.png') ? `<img class="ssr-header" src="${esc(a.header)}" alt="">` : ''}
  <img class="ssr-avatar" src="${esc(a.avatar)}" alt="" width="96" height="96">
  <h1>${esc(accountName(a))}</h1>
  <p class="ssr-handle">@${esc(a.username)}@${esc(opts.domain)}</p>
  <div class="ssr-note">${a.note}</div>
  <p class="ssr-counts">${countText(a.statuses_count, 'posts', { strong: true })} · ${countText(a.following_count, 'following', { strong: true })} · ${countText(a.followers_count, 'followers', { strong: true })}</p>
</section>
<section aria-label="Posts">
${posts || '<p>No public posts yet.</p>'}
</section>
</main>`;
}

export function renderThread(ancestors: ApiStatus[], status: ApiStatus, descendants: ApiStatus[]): string {
  return `<main class="ssr-page">
${ancestors.map((s) => renderStatus(s)).join('\n')}
${renderStatus(status, { main: true })}
${descendants.length ? `<section aria-label="Replies">${descendants.map((s) => renderStatus(s)).join('\n')}</section>` : ''}
</main>`;
}

/** The server-rendered pages' own style, inline (its hash is in their Content-Security-Policy, src/web/csp.ts). */
export const SSR_CSS = `
.ssr-top{max-width:640px;margin:0 auto;padding:12px 16px 0;font:700 1.2rem system-ui,sans-serif}.ssr-top a{color:inherit;text-decoration:none}
.ssr-page{max-width:640px;margin:0 auto;padding:16px;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a}
.ssr-status{border-bottom:1px solid #ddd;padding:12px 0}.ssr-main{font-size:1.1em}
.ssr-author{display:flex;gap:8px;align-items:center;color:inherit;text-decoration:none}.ssr-author img{border-radius:8px}
.ssr-handle{color:#555}.ssr-status footer{color:#555;font-size:.9em}.ssr-status footer a{color:#555}
.ssr-avatar{border-radius:12px}.ssr-header{width:100%;max-height:200px;object-fit:cover}
.ssr-media img{max-width:100%;border-radius:8px}
@media (prefers-color-scheme:dark){body{background:#15171c}.ssr-page,.ssr-top{color:#eee}.ssr-page a{color:#93b3ff}.ssr-handle,.ssr-status footer,.ssr-status footer a{color:#b8bcc6}}
`;
export const SSR_STYLE = `<style>${SSR_CSS}</style>`;

/** Fills the built app shell (so the app boots over the page when JavaScript runs), or a bare page. */
export function wrapPage(shell: string | null, head: string, main: string, site = 'Tribune', lang = 'en'): string {
  const body = `<header class="ssr-top"><a href="/">${esc(site)}</a></header>${main}`;
  if (!shell) {
    return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${head}${SSR_STYLE}</head><body>${body}</body></html>`;
  }
  return shell
    .replace(/<title>[^<]*<\/title>/, '')
    .replace('<!--ssr-head-->', `${head}\n    ${SSR_STYLE}`)
    .replace(/<noscript>[\s\S]*?<\/noscript>/, '')
    .replace('<div id="app"></div>', `<div id="app" data-ssr="1">${body}</div>`);
}
