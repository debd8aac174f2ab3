// The eight symmetries of the square, applied to the 16x16 DCT block instead of the pixels: a mirror negates the
// odd-or-even frequencies along its axis and a quarter turn transposes, so one hashing pass gives all eight hashes.

export const DIHEDRAL_VARIANTS = ['original', 'rotate90', 'rotate180', 'rotate270', 'flipX', 'flipY', 'flipPlus1', 'flipMinus1'] as const;
export type DihedralVariant = (typeof DIHEDRAL_VARIANTS)[number];

interface Symmetry {
  transpose: boolean;
  /** Whether cell (row, col) of the original changes sign. */
  negate: (row: number, col: number) => boolean;
}

// rotate90 is a quarter turn counter-clockwise, flipX swaps top and bottom, flipY is the left-right mirror,
// flipPlus1 keeps the top-left corner in place (a transpose), flipMinus1 keeps the top-right corner.
const SYMMETRIES: Record<DihedralVariant, Symmetry> = {
  original: { transpose: false, negate: () => false },
  rotate90: { transpose: true, negate: (_r, c) => (c & 1) === 0 },
  rotate180: { transpose: false, negate: (r, c) => ((r + c) & 1) === 1 },
  rotate270: { transpose: true, negate: (r) => (r & 1) === 0 },
  flipX: { transpose: false, negate: (r) => (r & 1) === 0 },
  flipY: { transpose: false, negate: (_r, c) => (c & 1) === 0 },
  flipPlus1: { transpose: true, negate: () => false },
  flipMinus1: { transpose: true, negate: (r, c) => ((r + c) & 1) === 1 },
};

/** The DCT block the image would have after the symmetry `variant`. */
export function transformDct(dct: Float32Array, variant: DihedralVariant): Float32Array {
  const s = SYMMETRIES[variant];
  const out = new Float32Array(256);
  for (let r = 0; r < 16; r++) {
    for (let c = 0; c < 16; c++) {
      const v = dct[r * 16 + c] as number;
      out[s.transpose ? c * 16 + r : r * 16 + c] = s.negate(r, c) ? -v : v;
    }
  }
  return out;
}
