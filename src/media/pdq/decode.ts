import sharp from 'sharp';

const f = Math.fround;
// Rec. 601 luma weights, as 32-bit floats like the reference's.
const R = f(0.299);
const G = f(0.587);
const B = f(0.114);

export interface Luma {
  luma: Float32Array;
  rows: number;
  cols: number;
}

/** Refuses images with more pixels than this before decoding them (a decompression bomb). */
export const MAX_HASH_PIXELS = 100_000_000;

export interface DecodeOptions {
  /**
   * Apply the EXIF orientation (default), hashing the image as people see it. The reference hashes the stored
   * pixels; matching tries all eight symmetries, so either way a listed image is found.
   */
  orient?: boolean;
}

/**
 * Decodes an image's first frame to one float per pixel (0..255 luminance): the colour profile ignored (the
 * reference hashes the stored values, unconverted), alpha dropped, greys used as they are, 16-bit samples scaled
 * to 8 bits (PIL clips them instead, so python-threatexchange's hash of a 16-bit grey PNG differs).
 */
export async function decodeLuma(input: Uint8Array | string, opts: DecodeOptions = {}): Promise<Luma> {
  const { data, info } = await sharp(input, { autoOrient: opts.orient !== false, ignoreIcc: true, limitInputPixels: MAX_HASH_PIXELS })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return lumaFromPixels(data, info.width, info.height, info.channels);
}

/** 8-bit interleaved pixels (grey, grey+alpha, RGB or RGBA) to luminance. */
export function lumaFromPixels(data: Uint8Array, cols: number, rows: number, channels: number): Luma {
  const n = rows * cols;
  const luma = new Float32Array(n);
  if (channels <= 2) {
    for (let p = 0, k = 0; p < n; p++, k += channels) luma[p] = data[k] as number;
  } else {
    for (let p = 0, k = 0; p < n; p++, k += channels)
      luma[p] = f(f(f(R * (data[k] as number)) + f(G * (data[k + 1] as number))) + f(B * (data[k + 2] as number)));
  }
  return { luma, rows, cols };
}
