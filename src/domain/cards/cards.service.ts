import type { Infra } from '../../infra/infra.js';
import type { ChangeDeps } from '../../infra/versions.js';
import { changed } from '../../infra/versions.js';
import { TRIBUNE_VERSION } from '../instance/instance.service.js';
import { mediaIdsOf } from '../statuses/status-content.store.js';
import { findStatus } from '../statuses/statuses.store.js';
import { tokenize } from '../text/tokenize.js';
import { nowIso } from '../time.js';
import { findCardByUrl, linkCard, type PreviewCardRow, saveCard, unlinkCard } from './cards.store.js';
import { fetchPage } from './fetch-page.js';
import { parseCard } from './parse-card.js';

export type CardsDeps = Pick<Infra, 'db' | 'ids' | 'config' | 'jobs' | 'logger'> & ChangeDeps & { cardFetches: Map<string, Promise<PreviewCardRow | null>> };

// Link previews (Mastodon's PreviewCard, https://docs.joinmastodon.org/entities/PreviewCard/): after a post is
// published or edited, its first link is fetched once per URL and the card attached to the post.

/** A card fetched this recently is reused; a failed fetch is not tried again for a day. */
export const CARD_FRESH_MS = 14 * 24 * 3600_000;
export const FAILURE_RETRY_MS = 24 * 3600_000;

export function registerCardJobs(ctx: CardsDeps): void {
  ctx.jobs.register('statuses.card', (p) => attachCard(ctx, p.statusId));
}

/** The link a post's card is made from: its first http(s) link (mentions and hashtags are not links here). */
export function cardUrlOf(text: string): string | null {
  for (const t of tokenize(text)) if (t.type === 'url' && /^https?:\/\//i.test(t.href)) return t.href;
  return null;
}

/** Gives the post the card of its first link, or takes it away (edited out, content warning, media). */
export async function attachCard(ctx: CardsDeps, statusId: string): Promise<void> {
  const s = await findStatus(ctx.db, statusId);
  if (s?.state !== 'published' || s.reblog_of_id) return;
  // As Mastodon: no card on a post with a content warning or media.
  const url = s.spoiler_text === '' && (await mediaIdsOf(ctx.db, s.id)).length === 0 ? cardUrlOf(s.text) : null;
  const card = url ? await cardFor(ctx, url) : null;
  const moved = card ? await linkCard(ctx.db, s.id, card.id) : await unlinkCard(ctx.db, s.id);
  if (moved) await changed(ctx, { statuses: [s.id] });
}

/** The card for a URL: stored and fresh, or fetched now (a failure is stored too). Null when there is none. */
export async function cardFor(ctx: CardsDeps, url: string): Promise<PreviewCardRow | null> {
  const known = await findCardByUrl(ctx.db, url);
  if (known) {
    const age = Date.now() - Date.parse(known.fetched_at);
    if (age < (known.error ? FAILURE_RETRY_MS : CARD_FRESH_MS)) return known.error ? null : { ...known, id: String(known.id) };
  }
  // One fetch at a time per URL in this process: posts linking the same page at once share it.
  const running = ctx.cardFetches;
  const pending = running.get(url);
  if (pending) return pending;
  const p = fetchCard(ctx, url, known?.id ?? null).finally(() => running.delete(url));
  running.set(url, p);
  return p;
}

async function fetchCard(ctx: CardsDeps, url: string, existingId: string | null): Promise<PreviewCardRow | null> {
  const row: PreviewCardRow = {
    id: existingId ? String(existingId) : ctx.ids.next(),
    url,
    title: '',
    description: '',
    type: 'link',
    author_name: '',
    provider_name: '',
    image_url: null,
    width: 0,
    height: 0,
    language: null,
    fetched_at: nowIso(),
    error: null,
  };
  try {
    const page = await fetchPage(url, {
      timeoutMs: ctx.config.previewCards.timeoutMs,
      allowLoopback: ctx.config.previewCards.allowLoopback,
      userAgent: `Tribune/${TRIBUNE_VERSION} (link preview; +${ctx.config.publicUrl}/)`,
    });
    const parsed = parseCard(page.html, page.url);
    // Mastodon makes no card of a page without a title.
    if (!parsed.title) row.error = 'no title';
    else
      Object.assign(row, {
        title: parsed.title,
        description: parsed.description,
        author_name: parsed.authorName,
        provider_name: parsed.providerName,
        image_url: parsed.imageUrl,
        width: parsed.width,
        height: parsed.height,
        language: parsed.language,
      });
  } catch (err) {
    row.error = (err instanceof Error ? err.message : String(err)).slice(0, 500) || 'failed';
    ctx.logger.debug({ url, err: row.error }, 'link preview failed');
  }
  row.fetched_at = nowIso();
  row.id = await saveCard(ctx.db, row);
  return row.error ? null : row;
}
