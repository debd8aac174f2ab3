import { pick, randomInt } from './random.js';

// Plain-language words so that posts look like posts (and full-text search has something to index).
const WORDS = `the a to and of in is it that for on with this was you be are have at not but just about what from like so all
one get out new day time now today people really think know good more some back night week make see going great love want
still first work year need little way over post thread read home coffee music morning city train weather rain sun garden
book film game team friend family cat dog walk weekend lunch dinner photo picture idea project code release bug fix update
meeting talk news story question answer reason point place small big old long short quiet loud early late happy tired
busy free open local public slow fast hard easy better best right wrong true real sure nice fine strange funny simple
learned tried found made took saw heard watched wrote built shared started finished missed forgot remembered wondered
maybe probably actually honestly finally again always never often sometimes everyone anyone someone nobody something
tomorrow yesterday tonight soon already almost enough together instead though because while since until after before`
  .split(/\s+/)
  .filter(Boolean);

const OPENERS = ['', '', '', '', 'Honestly, ', 'Today ', 'PSA: ', 'Hot take: ', 'TIL ', 'Reminder: ', 'Question: ', 'Update: '];
const CLOSERS = ['.', '.', '.', '!', '?', '...', ' :)', '.', '!'];

/** Hashtag names with a long tail: the first ones are used far more often (see the Zipf sampler). */
export function tagVocabulary(count: number): string[] {
  const base = [
    'tribune',
    'photography',
    'music',
    'books',
    'gardening',
    'coffee',
    'cats',
    'dogs',
    'running',
    'cycling',
    'opensource',
    'typescript',
    'cooking',
    'travel',
    'art',
    'science',
    'weather',
    'news',
    'gaming',
    'film',
  ];
  const out = [...base];
  for (let i = 0; out.length < count; i++) out.push(`${WORDS[i % WORDS.length]}${WORDS[(i * 7 + 3) % WORDS.length]}${i}`);
  return out.slice(0, count);
}

export function sentence(rand: () => number, minWords = 4, maxWords = 18): string {
  const n = minWords + randomInt(rand, maxWords - minWords + 1);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(rand, WORDS));
  const s = words.join(' ');
  return pick(rand, OPENERS) + s.charAt(0).toUpperCase() + s.slice(1) + pick(rand, CLOSERS);
}

/** One to three sentences, about 40 to 300 characters, like most posts. */
export function postBody(rand: () => number): string {
  const parts = [sentence(rand)];
  if (rand() < 0.5) parts.push(sentence(rand));
  if (rand() < 0.2) parts.push(sentence(rand, 3, 10));
  return parts.join(rand() < 0.15 ? '\n\n' : ' ');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The same HTML shape as the app's renderer (src/domain/text/render.ts): paragraphs, mention and hashtag links. */
export function renderContent(opts: { publicUrl: string; mention?: string; body: string; tags: string[] }): string {
  let first = '';
  if (opts.mention)
    first += `<span class="h-card" translate="no"><a href="${opts.publicUrl}/@${opts.mention}" class="u-url mention">@<span>${opts.mention}</span></a></span> `;
  const paragraphs = opts.body.split('\n\n').map((p) => escapeHtml(p));
  paragraphs[0] = first + paragraphs[0];
  if (opts.tags.length) {
    const links = opts.tags.map((t) => `<a href="${opts.publicUrl}/tags/${t}" class="mention hashtag" rel="tag">#<span>${t}</span></a>`).join(' ');
    paragraphs[paragraphs.length - 1] += ` ${links}`;
  }
  return paragraphs.map((p) => `<p>${p}</p>`).join('');
}

/** The plain text the author would have typed for the same post. */
export function plainText(opts: { mention?: string; body: string; tags: string[] }): string {
  return (opts.mention ? `@${opts.mention} ` : '') + opts.body + (opts.tags.length ? ` ${opts.tags.map((t) => `#${t}`).join(' ')}` : '');
}
