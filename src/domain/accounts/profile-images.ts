import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import type { Infra } from '../../infra/infra.js';
import { randomToken } from '../auth/secrets.js';
import { mediaFile } from './media-paths.js';

export const MAX_PROFILE_IMAGE_BYTES = 8 * 1024 * 1024;

const SIZES = { avatar: { width: 400, height: 400 }, header: { width: 1500, height: 500 } } as const;

export class ImageError extends Error {}

/**
 * Resizes an uploaded avatar or header (cropped to fill, EXIF orientation applied, metadata dropped) and stores
 * it under DATA_DIR/media/accounts/<kind>s/<account id>/. Returns the path relative to DATA_DIR/media.
 */
export async function storeProfileImage(ctx: Pick<Infra, 'config'>, accountId: string, kind: 'avatar' | 'header', data: Uint8Array): Promise<string> {
  if (data.byteLength > MAX_PROFILE_IMAGE_BYTES) throw new ImageError('is too big (maximum is 8 MB)');
  let output: { buffer: Buffer; ext: string };
  try {
    const image = sharp(data, { limitInputPixels: 50_000_000 });
    const meta = await image.metadata();
    if (!meta.format || !['jpeg', 'png', 'webp', 'gif', 'avif', 'heif'].includes(meta.format))
      throw new ImageError('must be a JPEG, PNG, WebP, GIF or AVIF image');
    const resized = image.rotate().resize({ ...SIZES[kind], fit: 'cover', withoutEnlargement: false });
    output = meta.hasAlpha ? { buffer: await resized.png().toBuffer(), ext: 'png' } : { buffer: await resized.jpeg({ quality: 85 }).toBuffer(), ext: 'jpg' };
  } catch (err) {
    if (err instanceof ImageError) throw err;
    throw new ImageError('is not a readable image');
  }
  const relative = `accounts/${kind}s/${accountId}/${randomToken(12)}.${output.ext}`;
  const file = mediaFile(ctx, relative);
  if (!file) throw new ImageError('could not be stored');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, output.buffer);
  return relative;
}

export async function deleteProfileImage(ctx: Pick<Infra, 'config'>, relative: string | null): Promise<void> {
  if (!relative) return;
  const file = mediaFile(ctx, relative);
  if (file) await rm(file, { force: true });
}

let missing: Promise<{ avatar: Buffer; header: Buffer }> | null = null;

/** The default avatar and header, drawn once: a grey silhouette-free square and a plain banner. */
export function missingImages(): Promise<{ avatar: Buffer; header: Buffer }> {
  missing ??= (async () => {
    const avatarSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="#d9dde3"/><circle cx="200" cy="160" r="80" fill="#aab1bb"/><ellipse cx="200" cy="370" rx="140" ry="110" fill="#aab1bb"/></svg>`;
    const avatar = await sharp(Buffer.from(avatarSvg)).png().toBuffer();
    const header = await sharp({ create: { width: 1500, height: 500, channels: 3, background: '#c9ced6' } })
      .png()
      .toBuffer();
    return { avatar, header };
  })();
  return missing;
}
