import { encode } from 'blurhash';
import sharp from 'sharp';

/** Mastodon's blurhash of an image: 4x3 components over a copy at most 32 pixels wide or high. */
export async function blurhashOf(image: Buffer): Promise<string> {
  const { data, info } = await sharp(image, { limitInputPixels: false, pages: 1 })
    .resize(32, 32, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return encode(new Uint8ClampedArray(data), info.width, info.height, 4, 3);
}
