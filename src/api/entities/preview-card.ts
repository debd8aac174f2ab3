import type { PreviewCardRow } from '../../domain/cards/cards.store.js';

/** Mastodon's PreviewCard (https://docs.joinmastodon.org/entities/PreviewCard/), type `link` only. */
export interface PreviewCardEntity {
  url: string;
  title: string;
  description: string;
  type: 'link';
  author_name: string;
  author_url: string;
  provider_name: string;
  provider_url: string;
  html: string;
  width: number;
  height: number;
  /** The page's og:image as found there: not proxied or stored yet (Mastodon stores a copy). */
  image: string | null;
  image_description: string;
  embed_url: string;
  blurhash: string | null;
  language: string | null;
  published_at: string | null;
  authors: Array<{ name: string; url: string; account: null }>;
}

export function serializePreviewCard(row: PreviewCardRow): PreviewCardEntity {
  return {
    url: row.url,
    title: row.title,
    description: row.description,
    type: 'link',
    author_name: row.author_name,
    author_url: '',
    provider_name: row.provider_name,
    provider_url: '',
    html: '',
    width: row.width,
    height: row.height,
    image: row.image_url,
    image_description: '',
    embed_url: '',
    blurhash: null,
    language: row.language,
    published_at: null,
    authors: [],
  };
}
