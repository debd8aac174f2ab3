import { type DecodeOptions, decodeLuma } from './decode.js';
import { type PdqDihedralResult, type PdqResult, pdqDihedralFromLuma, pdqFromLuma } from './hash.js';

/** PDQ hash and quality of an image file or its bytes (first frame of an animation). */
export async function pdqOfImage(input: Uint8Array | string, opts?: DecodeOptions): Promise<PdqResult> {
  const { luma, rows, cols } = await decodeLuma(input, opts);
  return pdqFromLuma(luma, rows, cols);
}

/** The same, with the hashes of the image's eight symmetries (rotations and mirrors), from one pass. */
export async function pdqDihedralOfImage(input: Uint8Array | string, opts?: DecodeOptions): Promise<PdqDihedralResult> {
  const { luma, rows, cols } = await decodeLuma(input, opts);
  return pdqDihedralFromLuma(luma, rows, cols);
}
