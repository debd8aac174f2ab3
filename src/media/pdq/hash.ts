import { dct64To16 } from './dct.js';
import { DIHEDRAL_VARIANTS, type DihedralVariant, transformDct } from './dihedral.js';
import { emptyHash, type Hash256, setBit } from './hash256.js';
import { decimate, jaroszFilter, jaroszWindow, PDQ_JAROSZ_PASSES } from './jarosz.js';

/** Smaller images are not hashed (their hash is all zeros, quality 0), as in the reference. */
export const MIN_HASHABLE_SIDE = 5;

export interface PdqResult {
  hash: Hash256;
  /** 0..100: how much gradient the image has; hashes under ~50 are too unreliable to match on. */
  quality: number;
}

export interface PdqDihedralResult extends PdqResult {
  /** The hash of each symmetry of the image (`original` is `hash`). */
  variants: Record<DihedralVariant, Hash256>;
}

/**
 * Counts strong gradients between neighbouring cells of the 64x64 image: each difference scaled to 0..100 and
 * truncated, summed, divided by 90 and capped at 100 (the reference's tuned constants).
 */
export function qualityOf(img64: Float32Array): number {
  const f = Math.fround;
  let sum = 0;
  const step = (u: number, v: number) => Math.abs(Math.trunc(f(f(f(u - v) * 100) / 255)));
  for (let i = 0; i < 63; i++) for (let j = 0; j < 64; j++) sum += step(img64[i * 64 + j] as number, img64[(i + 1) * 64 + j] as number);
  for (let i = 0; i < 64; i++) for (let j = 0; j < 63; j++) sum += step(img64[i * 64 + j] as number, img64[i * 64 + j + 1] as number);
  return Math.min(100, Math.floor(sum / 90));
}

/** Bit i is set when coefficient i is above the median (the 128th smallest of 256), so about half the bits are set. */
export function dctToHash(dct: Float32Array): Hash256 {
  const median = Float32Array.from(dct).sort()[127] as number;
  const hash = emptyHash();
  for (let i = 0; i < 256; i++) if ((dct[i] as number) > median) setBit(hash, i);
  return hash;
}

/**
 * The 16x16 DCT block and the quality of a luminance image (row-major, `rows` x `cols`); `luma` is blurred in place.
 * A 64x64 input (e.g. a video frame already scaled) is used as it is.
 */
export function dctOfLuma(luma: Float32Array, rows: number, cols: number): { dct: Float32Array; quality: number } | null {
  if (rows < MIN_HASHABLE_SIDE || cols < MIN_HASHABLE_SIDE) return null;
  let img64 = luma;
  if (rows !== 64 || cols !== 64) {
    jaroszFilter(luma, new Float32Array(luma.length), rows, cols, jaroszWindow(cols, 64), jaroszWindow(rows, 64), PDQ_JAROSZ_PASSES);
    img64 = decimate(luma, rows, cols, 64);
  }
  return { dct: dct64To16(img64), quality: qualityOf(img64) };
}

export function pdqFromLuma(luma: Float32Array, rows: number, cols: number): PdqResult {
  const r = dctOfLuma(luma, rows, cols);
  return r ? { hash: dctToHash(r.dct), quality: r.quality } : { hash: emptyHash(), quality: 0 };
}

export function pdqDihedralFromLuma(luma: Float32Array, rows: number, cols: number): PdqDihedralResult {
  const r = dctOfLuma(luma, rows, cols);
  const variants = Object.fromEntries(
    DIHEDRAL_VARIANTS.map((v) => [v, r ? dctToHash(v === 'original' ? r.dct : transformDct(r.dct, v)) : emptyHash()]),
  ) as Record<DihedralVariant, Hash256>;
  return { hash: variants.original, quality: r?.quality ?? 0, variants };
}
