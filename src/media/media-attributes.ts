import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { ValidationError } from '../errors.js';
import { findMedia, updateMediaFields } from './media.store.js';
import { parseFocus, parseMeta } from './media-meta.js';
import { checkDescription } from './upload.js';

/** Mastodon's `media_attributes[]` on an edit: new alt text or focal point for attachments the post keeps. */
export interface MediaAttribute {
  id: string;
  description?: string;
  focus?: string;
}

export interface MediaPatch {
  id: string;
  description?: string | null;
  meta?: string;
}

/**
 * Checks the attributes against the attachments the edited post will have (anything else is a 422 naming
 * `media_attributes`) and turns them into the row changes `applyMediaPatches` writes in the edit's transaction.
 */
export async function prepareMediaAttributes(db: Kysely<DB>, attributes: MediaAttribute[], mediaIds: string[]): Promise<MediaPatch[]> {
  const out: MediaPatch[] = [];
  for (const a of attributes) {
    if (!mediaIds.includes(a.id))
      throw new ValidationError(`Validation failed: media_attributes names ${a.id}, which is not one of the post's attachments`, 'media_attributes');
    const patch: MediaPatch = { id: a.id };
    if (a.description !== undefined) patch.description = checkDescription(a.description);
    if (a.focus !== undefined) {
      const meta = parseMeta((await findMedia(db, a.id))?.meta ?? null);
      if (a.focus === '') delete meta.focus;
      else meta.focus = parseFocus(a.focus);
      patch.meta = JSON.stringify(meta);
    }
    out.push(patch);
  }
  return out;
}

export async function applyMediaPatches(trx: Transaction<DB>, patches: MediaPatch[]): Promise<void> {
  for (const { id, ...patch } of patches) if (Object.keys(patch).length > 0) await updateMediaFields(trx, id, patch);
}
