import sharp from 'sharp';
import { ApiError, NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import type { HashMatchDeps, MatchRefusalDeps, MediaFilesDeps } from '../../media/deps.js';
import { matchImage } from '../../media/hash-lists/matcher.js';
import { detectUpload } from '../../media/image/detect.js';
import { readImageHeader } from '../../media/image/process-image.js';
import { MATCH_REFUSAL } from '../../media/match-refusal.js';
import { releaseFiles, storeFile } from '../../media/media-files.js';
import { writeAudit } from '../../moderation/audit.js';
import { nowIso } from '../time.js';
import {
  type CustomEmojiRow,
  customEmojisByShortcode,
  deleteCustomEmoji,
  findCustomEmoji,
  insertCustomEmoji,
  listCustomEmojis,
} from './custom-emojis.store.js';
import { SHORTCODE_PATTERN } from './shortcodes.js';

/** Mastodon's limits: https://docs.joinmastodon.org/admin/config/ (custom emoji images up to 256 KB). */
export const EMOJI_SIZE_LIMIT = 256 * 1024;
const EMOJI_TYPES: Record<string, string> = { 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };

/** What adding and deleting custom emojis uses: the media area's files, hash lists and refusals, and ids for the audit log. */
export type CustomEmojisDeps = MediaFilesDeps & HashMatchDeps & MatchRefusalDeps;

export interface AddEmojiInput {
  shortcode: string;
  image: { bytes: Buffer; declaredType: string };
  category?: string | null;
  visibleInPicker?: boolean;
}

// The media pipeline names the multipart field `file`; here it is `image`.
function asImageError(err: unknown): unknown {
  if (err instanceof ValidationError) return new ValidationError(err.message.replace(/\bfile\b/, 'image'), 'image');
  return err;
}

/**
 * Adds a custom emoji: its shortcode checked, its image's real type read from its bytes (PNG, GIF or WebP), its
 * size and pixels against the limits and its bytes against the hash lists (through src/media), then stored under
 * its content's key with a still PNG for an animated one; the row and its audit entry commit together.
 */
export async function addCustomEmoji(ctx: CustomEmojisDeps, actorId: string | null, input: AddEmojiInput): Promise<CustomEmojiRow> {
  const shortcode = input.shortcode.trim();
  if (!SHORTCODE_PATTERN.test(shortcode)) throw new ValidationError('Validation failed: shortcode must be 2 to 30 letters, digits or underscores', 'shortcode');
  const category = input.category?.trim() || null;
  if (category && [...category].length > 64) throw new ValidationError('Validation failed: category is too long (maximum is 64 characters)', 'category');
  const { bytes } = input.image;
  if (bytes.length === 0) throw new ValidationError("Validation failed: image can't be blank", 'image');
  if (bytes.length > EMOJI_SIZE_LIMIT)
    throw new ValidationError(`Validation failed: image is too large (${Math.ceil(bytes.length / 1024)} KB; the limit is 256 KB)`, 'image');
  let ext: string;
  let pages: number;
  try {
    const detected = await detectUpload(bytes, input.image.declaredType);
    ext = EMOJI_TYPES[detected.mime] ?? '';
    if (!ext) throw new ValidationError(`Validation failed: image must be a PNG, GIF or WebP file (its content is ${detected.mime})`, 'image');
    pages = (await readImageHeader(bytes, ctx.config.media)).pages;
  } catch (err) {
    throw asImageError(err);
  }
  if ((await customEmojisByShortcode(ctx.db, [shortcode])).length > 0)
    throw new ValidationError(`Validation failed: shortcode :${shortcode}: is already taken`, 'shortcode');
  const { match } = await matchImage(ctx, bytes);
  if (match) {
    // Staff adding an emoji are not reported to themselves: the refusal is logged, no moderation case is opened.
    ctx.logger.warn({ actorId, list: match.source, hash: match.hash, distance: match.distance }, 'custom emoji matched a hash list: refused');
    throw new ValidationError(MATCH_REFUSAL.replace(/\bfile\b/, 'image'), 'image');
  }

  const contentType = `image/${ext}`;
  let still: Buffer | null;
  try {
    still = pages > 1 ? await sharp(bytes, { pages: 1, limitInputPixels: ctx.config.media.imageMatrixLimit }).png().toBuffer() : null;
  } catch (err) {
    throw new ValidationError(`Validation failed: image could not be read (${(err as Error).message.split('\n')[0]})`, 'image');
  }
  const filePath = await storeFile(ctx, 'original', bytes, ext, contentType);
  const staticPath = still ? await storeFile(ctx, 'small', still, 'png', 'image/png') : filePath;
  const row: CustomEmojiRow = {
    id: ctx.ids.next(),
    shortcode,
    category,
    visible_in_picker: input.visibleInPicker === false ? 0 : 1,
    file_path: filePath,
    static_path: staticPath,
    content_type: contentType,
    created_at: nowIso(),
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await insertCustomEmoji(trx, row);
      await writeAudit(ctx, trx, {
        actorId,
        action: 'custom_emoji.create',
        targetType: 'instance',
        targetId: row.id,
        after: { shortcode, category, visible_in_picker: row.visible_in_picker === 1 },
      });
    });
  } catch (err) {
    await releaseFiles(ctx, [filePath, staticPath]);
    // Two adds of one shortcode at once: the unique index refuses the second.
    if (!(err instanceof ApiError) && (await customEmojisByShortcode(ctx.db, [shortcode])).length > 0)
      throw new ValidationError(`Validation failed: shortcode :${shortcode}: is already taken`, 'shortcode');
    throw err;
  }
  return row;
}

export async function allCustomEmojis(ctx: Pick<Infra, 'db'>): Promise<CustomEmojiRow[]> {
  return listCustomEmojis(ctx.db);
}

/** Deletes an emoji (by shortcode or id) and, once the row is gone, its files no other emoji or attachment names. */
export async function removeCustomEmoji(ctx: MediaFilesDeps & Pick<Infra, 'ids'>, actorId: string | null, key: string): Promise<CustomEmojiRow> {
  const row = await findCustomEmoji(ctx.db, key.replace(/^:|:$/g, ''));
  if (!row) throw new NotFoundError();
  const gone = await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteCustomEmoji(trx, row.id))) return false;
    await writeAudit(ctx, trx, {
      actorId,
      action: 'custom_emoji.delete',
      targetType: 'instance',
      targetId: row.id,
      before: { shortcode: row.shortcode, category: row.category },
    });
    return true;
  });
  if (!gone) throw new NotFoundError();
  await releaseFiles(ctx, [row.file_path, row.static_path]);
  return row;
}
