/**
 * A 256-bit PDQ hash as eight 32-bit words in the order of its 64-hex form (word 0 is the first 8 hex digits).
 * PDQ numbers its bits by DCT cell: bit i*16+j is row i, column j; the hex form writes row 15 first.
 */
export type Hash256 = Uint32Array;

export const HASH_WORDS = 8;
const HEX64 = /^[0-9a-fA-F]{64}$/;

export function emptyHash(): Hash256 {
  return new Uint32Array(HASH_WORDS);
}

/** Sets bit `i*16+j` (DCT row i, column j). */
export function setBit(hash: Hash256, bit: number): void {
  const row = bit >> 4;
  const col = bit & 15;
  const slot = 15 - row;
  const word = slot >> 1;
  // Rows written first take the high half of their 32-bit word.
  const shift = slot & 1 ? col : 16 + col;
  hash[word] = ((hash[word] as number) | (1 << shift)) >>> 0;
}

export function getBit(hash: Hash256, bit: number): boolean {
  const slot = 15 - (bit >> 4);
  const shift = slot & 1 ? bit & 15 : 16 + (bit & 15);
  return (((hash[slot >> 1] as number) >>> shift) & 1) === 1;
}

export function isHex64(text: string): boolean {
  return HEX64.test(text);
}

export function hashFromHex(hex: string): Hash256 {
  if (!HEX64.test(hex)) throw new Error(`Not a PDQ hash (64 hex digits): "${hex.slice(0, 80)}"`);
  const out = emptyHash();
  for (let w = 0; w < HASH_WORDS; w++) out[w] = Number.parseInt(hex.slice(w * 8, w * 8 + 8), 16) >>> 0;
  return out;
}

export function hashToHex(hash: Hash256): string {
  let s = '';
  for (let w = 0; w < HASH_WORDS; w++) s += (hash[w] as number).toString(16).padStart(8, '0');
  return s;
}

/** Set bits in a 32-bit word (SWAR popcount). */
export function popcount32(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/** Number of set bits (PDQ's "norm"); a PDQ hash of a real image has about 128. */
export function hammingNorm(a: Hash256): number {
  let n = 0;
  for (let w = 0; w < HASH_WORDS; w++) n += popcount32(a[w] as number);
  return n;
}

export function hammingDistance(a: Hash256, b: Hash256): number {
  let n = 0;
  for (let w = 0; w < HASH_WORDS; w++) n += popcount32(((a[w] as number) ^ (b[w] as number)) >>> 0);
  return n;
}
