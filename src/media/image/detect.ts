import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { ValidationError } from '../../errors.js';

/** What an upload is, read from its bytes: a still image, a GIF (animated or not is known once decoded), or a video. */
export type UploadFamily = 'image' | 'gif' | 'video';

/** The formats accepted, by the type their bytes show (HEIC only where sharp's libvips reads it). */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/heic', 'image/heif'] as const;
export const GIF_TYPE = 'image/gif';
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm', 'video/x-m4v'] as const;

/**
 * Whether this server's sharp decodes HEIC (HEVC-coded HEIF): libvips lists `.heic` for its HEIF loader only when
 * libheif has an HEVC decoder. The npm build of sharp has none (it reads AVIF only); a libvips built with libde265 has.
 */
export const HEIC_READABLE = (sharp.format.heif?.input.fileSuffix ?? []).includes('.heic');

/** The refusal of a HEIC image on a server whose sharp cannot decode it (seen in its header), rather than libheif's words. */
export function heicUnreadable(): ValidationError {
  return new ValidationError(
    'Validation failed: file is a HEIC image, which this server cannot read (its image library has no HEVC decoder); send it as JPEG, PNG, WebP or AVIF',
    'file',
  );
}

/** What the instance document lists: the formats this server reads, so apps convert the others (HEIC) before sending. */
export const ACCEPTED_MIME_TYPES: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  ...(HEIC_READABLE ? ['image/heic', 'image/heif'] : []),
  'video/mp4',
  'video/quicktime',
  'video/webm',
];

// Declared types that name the same format as the detected one (browsers and phones disagree on spelling).
const SAME: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/heif': 'image/heic',
  'image/heic-sequence': 'image/heic',
  'image/heif-sequence': 'image/heic',
  'video/quicktime': 'video/mp4',
  'video/x-m4v': 'video/mp4',
  'video/x-matroska': 'video/webm',
};
const canonical = (type: string) => SAME[type] ?? type;
// Declared types that say nothing about the content.
const UNSPECIFIC = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/x-www-form-urlencoded']);

export interface DetectedUpload {
  family: UploadFamily;
  /** The type the bytes show, e.g. image/png. */
  mime: string;
}

/**
 * Reads the upload's real type from its bytes and refuses, naming the problem, a format Tribune does not take or a
 * file whose bytes are not what its declared type (the multipart part's Content-Type) says.
 */
export async function detectUpload(bytes: Uint8Array, declaredType: string): Promise<DetectedUpload> {
  const declared = declaredType.split(';')[0]!.trim().toLowerCase();
  const found = await fileTypeFromBuffer(bytes);
  const mime = found?.mime as string | undefined;
  if (!mime) {
    throw new ValidationError(
      `Validation failed: file is not in a supported format (its content is not a JPEG, PNG, WebP, GIF, AVIF, HEIC, MP4, MOV or WebM file)`,
      'file',
    );
  }
  if (!UNSPECIFIC.has(declared) && canonical(declared) !== canonical(mime)) {
    throw new ValidationError(`Validation failed: file was sent as ${declared} but its content is ${mime}`, 'file');
  }
  if (mime === GIF_TYPE) return { family: 'gif', mime };
  if ((IMAGE_TYPES as readonly string[]).includes(mime)) return { family: 'image', mime };
  if ((VIDEO_TYPES as readonly string[]).includes(mime) || mime === 'video/x-matroska') return { family: 'video', mime };
  throw new ValidationError(`Validation failed: file type ${mime} is not supported`, 'file');
}
