import { Parser } from 'htmlparser2';

/** What a page says about itself, for a PreviewCard. */
export interface ParsedCard {
  title: string;
  description: string;
  authorName: string;
  providerName: string;
  imageUrl: string | null;
  width: number;
  height: number;
  language: string | null;
}

const TITLE_MAX = 250;
const DESCRIPTION_MAX = 1000;

/**
 * Reads OpenGraph, then Twitter card tags, then <title> and <meta name="description">, as Mastodon's
 * LinkDetailsExtractor does. The image stays a URL (absolute, http or https only).
 */
export function parseCard(html: string, pageUrl: string): ParsedCard {
  const meta = new Map<string, string>();
  let lang: string | null = null;
  let title = '';
  let inTitle = false;
  let titleDone = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'html' && attrs.lang) lang = attrs.lang;
        if (name === 'title' && !titleDone) inTitle = true;
        if (name === 'meta') {
          const key = (attrs.property ?? attrs.name ?? '').trim().toLowerCase();
          // The first value wins, as for og:image when a page lists several.
          if (key && attrs.content !== undefined && !meta.has(key)) meta.set(key, attrs.content);
        }
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          titleDone = true;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

  const first = (...keys: string[]) => {
    for (const k of keys) {
      const v = clean(meta.get(k) ?? '');
      if (v) return v;
    }
    return '';
  };
  const image = absoluteHttpUrl(first('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'), pageUrl);
  return {
    title: cut(first('og:title', 'twitter:title') || clean(title), TITLE_MAX),
    description: cut(first('og:description', 'twitter:description', 'description'), DESCRIPTION_MAX),
    authorName: cut(first('author'), TITLE_MAX),
    providerName: cut(first('og:site_name', 'application-name'), TITLE_MAX),
    imageUrl: image,
    width: image ? dimension(first('og:image:width')) : 0,
    height: image ? dimension(first('og:image:height')) : 0,
    language: languageCode(lang ?? first('og:locale')),
  };
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function dimension(v: string): number {
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n > 0 && n < 100_000 ? n : 0;
}

function absoluteHttpUrl(v: string, base: string): string | null {
  if (!v) return null;
  try {
    const u = new URL(v, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** `en-US`, `en_GB` -> `en` (Mastodon answers an ISO 639-1 code). */
function languageCode(v: string | null): string | null {
  const m = v ? /^([a-z]{2,3})(?:[-_]|$)/i.exec(v.trim()) : null;
  return m ? m[1]!.toLowerCase() : null;
}
