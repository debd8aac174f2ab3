import sharp, { type Metadata, type Sharp } from 'sharp';
import type { MediaConfig } from '../../config/config.js';
import { ValidationError } from '../../errors.js';
import { blurhashOf } from './blurhash.js';
import { HEIC_READABLE, heicUnreadable } from './detect.js';

/** Mastodon's preview size: an area of 640x360 pixels, whatever the shape. */
export const SMALL_PIXELS = 230_400;

export interface ImageFile {
  data: Buffer;
  /** File extension of the stored file: jpg, png or webp. */
  ext: 'jpg' | 'png' | 'webp';
  contentType: string;
  width: number;
  height: number;
}

export interface ProcessedImage {
  original: ImageFile;
  small: ImageFile;
  blurhash: string;
}

export interface ImageHeader {
  width: number;
  height: number;
  /** Frames: more than one for an animated GIF, WebP or AVIF. */
  pages: number;
  hasAlpha: boolean;
}

function unreadable(err: unknown): ValidationError {
  const reason = err instanceof Error ? err.message.split('\n')[0]!.replace(/^Input buffer /, '') : 'unknown error';
  return new ValidationError(`Validation failed: file could not be read as an image (${reason})`, 'file');
}

/**
 * The image's size from its header alone, refused when its pixels pass the matrix limit: a small file that claims
 * 50,000x50,000 pixels (a decompression bomb) is refused before anything is decoded.
 */
export async function readImageHeader(input: Buffer, limits: Pick<MediaConfig, 'imageMatrixLimit'>): Promise<ImageHeader> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw unreadable(err);
  }
  // HEVC pixels (a phone's .heic, or a HEIF branded `mif1`): the header reads without a decoder, the pixels would not.
  if (meta.compression === 'hevc' && !HEIC_READABLE) throw heicUnreadable();
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new ValidationError('Validation failed: file has no width or height', 'file');
  if (width * height > limits.imageMatrixLimit)
    throw new ValidationError(
      `Validation failed: file is too large (${width}x${height} pixels; the limit is ${limits.imageMatrixLimit.toLocaleString('en')} pixels)`,
      'file',
    );
  return { width, height, pages: meta.pages ?? 1, hasAlpha: meta.hasAlpha ?? false };
}

// Formats kept as they are: PNG and WebP when they have transparency (a JPEG would lose it); JPEG for the rest,
// as Mastodon does. AVIF, HEIC and still GIFs are converted, since not every browser shows them.
function outputFormat(mime: string, hasAlpha: boolean): Pick<ImageFile, 'ext' | 'contentType'> {
  if (hasAlpha && mime === 'image/webp') return { ext: 'webp', contentType: 'image/webp' };
  if (hasAlpha) return { ext: 'png', contentType: 'image/png' };
  return { ext: 'jpg', contentType: 'image/jpeg' };
}

function encode(img: Sharp, ext: ImageFile['ext']): Sharp {
  if (ext === 'png') return img.png({ compressionLevel: 9, adaptiveFiltering: true });
  if (ext === 'webp') return img.webp({ quality: 90 });
  return img.jpeg({ quality: 90, mozjpeg: true });
}

/** Width and height scaled to hold at most `pixels`, never enlarged. */
function boundedSize(width: number, height: number, pixels: number): { width: number; height: number } | null {
  if (width * height <= pixels) return null;
  const scale = Math.sqrt(pixels / (width * height));
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

/**
 * Decodes a still image (the first frame), applies its EXIF orientation, bounds it to `imageStoredPixels` and
 * re-encodes it with no metadata at all but its ICC colour profile (EXIF, GPS, XMP, IPTC, comments are gone), then
 * makes the preview and the blurhash from that. A truncated or corrupt file is refused.
 */
export async function processImage(input: Buffer, mime: string, header: ImageHeader, limits: MediaConfig): Promise<ProcessedImage> {
  const open = (buf: Buffer, limit: number | false) => sharp(buf, { limitInputPixels: limit, failOn: 'truncated', pages: 1 });
  try {
    // An alpha channel that is opaque everywhere (common in AVIF and WebP) needs no PNG.
    const transparent = header.hasAlpha && !(await open(input, limits.imageMatrixLimit).stats()).isOpaque;
    const format = outputFormat(mime, transparent);
    let img = open(input, limits.imageMatrixLimit).rotate().keepIccProfile();
    // Orientation 5-8 turns the picture a quarter: the stored size is the turned one.
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    const turned = (meta.orientation ?? 1) >= 5;
    const w = turned ? header.height : header.width;
    const h = turned ? header.width : header.height;
    const bound = boundedSize(w, h, limits.imageStoredPixels);
    if (bound) img = img.resize(bound.width, bound.height, { fit: 'fill' });
    const original = await encode(img, format.ext).toBuffer({ resolveWithObject: true });
    const smallBound = boundedSize(original.info.width, original.info.height, SMALL_PIXELS);
    let smallImg = open(original.data, false).keepIccProfile();
    if (smallBound) smallImg = smallImg.resize(smallBound.width, smallBound.height, { fit: 'fill' });
    const small = await encode(smallImg, format.ext).toBuffer({ resolveWithObject: true });
    return {
      original: { data: original.data, ...format, width: original.info.width, height: original.info.height },
      small: { data: small.data, ...format, width: small.info.width, height: small.info.height },
      blurhash: await blurhashOf(small.data),
    };
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw unreadable(err);
  }
}
