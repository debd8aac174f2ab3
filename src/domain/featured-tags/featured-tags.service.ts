import { lockRow } from '../../db/row-lock.js';
import { inTransaction } from '../../db/transaction.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { MAX_FEATURED_TAGS } from '../instance/instance.service.js';
import { nowIso } from '../time.js';
import { ensureTag, hashtagName, type TagView, tagViews } from '../trends/tags.service.js';
import {
  countFeaturedTags,
  deleteFeaturedTag,
  type FeaturedTagRow,
  featuredTagsOf,
  findFeaturedTagId,
  insertFeaturedTag,
  suggestedTags,
} from './featured-tags.store.js';

// Mastodon's featured tags: https://docs.joinmastodon.org/methods/featured_tags/ . Hashtags someone shows on
// their profile, with how many of their public posts carry each.

const SUGGESTION_WINDOW_MS = 60 * 86_400_000;

export type { FeaturedTagRow };

export async function listFeaturedTags(ctx: Pick<Infra, 'db' | 'ids'>, accountId: string): Promise<FeaturedTagRow[]> {
  return featuredTagsOf(ctx.db, accountId);
}

/** Features a hashtag (created if new); featuring one already featured answers it again. */
export async function featureTag(ctx: Pick<Infra, 'db' | 'ids'>, accountId: string, raw: string): Promise<FeaturedTagRow> {
  const name = hashtagName(raw);
  if (!name) throw new ValidationError('Validation failed: name is not a valid hashtag', 'name');
  const id = await inTransaction(ctx.db, async (trx) => {
    // One at a time per account, so two requests at once cannot pass the limit together.
    await lockRow(trx, 'accounts', accountId);
    const tag = await ensureTag(trx, () => ctx.ids.next(), raw, name);
    const existing = await findFeaturedTagId(trx, accountId, tag.id);
    if (existing) return existing;
    if ((await countFeaturedTags(trx, accountId)) >= MAX_FEATURED_TAGS)
      throw new ValidationError(`Validation failed: name: you can feature at most ${MAX_FEATURED_TAGS} hashtags`, 'name');
    const fid = ctx.ids.next();
    await insertFeaturedTag(trx, { id: fid, account_id: accountId, tag_id: tag.id, created_at: nowIso() });
    return fid;
  });
  const [row] = await featuredTagsOf(ctx.db, accountId, [id]);
  if (!row) throw new NotFoundError();
  return row;
}

export async function unfeatureTag(ctx: Pick<Infra, 'db' | 'ids'>, accountId: string, id: string): Promise<void> {
  if (!(await deleteFeaturedTag(ctx.db, accountId, id))) throw new NotFoundError();
}

/** Up to ten hashtags the person used lately and does not feature, most used first (Mastodon's suggestions). */
export async function featuredTagSuggestions(ctx: Pick<Infra, 'db' | 'ids'>, accountId: string): Promise<TagView[]> {
  const rows = await suggestedTags(ctx.db, accountId, new Date(Date.now() - SUGGESTION_WINDOW_MS).toISOString(), 10);
  return tagViews(ctx, rows, accountId);
}
