import { HASH_WORDS, type Hash256, popcount32 } from '../pdq/hash256.js';

// Multi-index hashing (Norouzi et al.): the 256 bits cut into 16 chunks of 16 bits. Two hashes within distance d
// differ by at most floor(d/16) bits in at least one chunk (pigeonhole), so a query looks up, in each chunk's table,
// its own chunk value and every value that many bits away, and checks only the hashes found there.
const CHUNKS = 16;
const CHUNK_VALUES = 1 << 16;

/** Chunk c (0..15) of a hash: the high or low half of word c >> 1. */
const chunkOf = (words: Uint32Array, base: number, c: number) => ((words[base + (c >> 1)] as number) >>> (c & 1 ? 0 : 16)) & 0xffff;

export interface Nearest {
  /** Position of the hash in the order it was added. */
  index: number;
  distance: number;
}

export class PdqIndex {
  readonly size: number;
  private readonly words: Uint32Array;
  /** Per chunk c, the entries grouped by chunk value v: ids[c*size + offsets[c*65537 + v] ..  + offsets[.. v+1]). */
  private readonly offsets: Uint32Array;
  private readonly ids: Uint32Array;
  /** Words 0 and 1 of every hash, packed: a quarter of the hashes' memory, so it stays in cache more often. */
  private readonly heads: Uint32Array;

  constructor(hashes: Hash256[] | Uint32Array) {
    this.words = hashes instanceof Uint32Array ? hashes : concat(hashes);
    this.size = this.words.length / HASH_WORDS;
    this.heads = new Uint32Array(this.size * 2);
    for (let i = 0; i < this.size; i++) {
      this.heads[2 * i] = this.words[i * HASH_WORDS] as number;
      this.heads[2 * i + 1] = this.words[i * HASH_WORDS + 1] as number;
    }
    this.offsets = new Uint32Array(CHUNKS * (CHUNK_VALUES + 1));
    this.ids = new Uint32Array(CHUNKS * this.size);
    for (let c = 0; c < CHUNKS; c++) {
      const offsets = this.offsets.subarray(c * (CHUNK_VALUES + 1), (c + 1) * (CHUNK_VALUES + 1));
      for (let i = 0; i < this.size; i++) (offsets[chunkOf(this.words, i * HASH_WORDS, c) + 1] as number)++;
      for (let v = 0; v < CHUNK_VALUES; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
      const fill = offsets.slice(0, CHUNK_VALUES);
      const ids = this.ids.subarray(c * this.size, (c + 1) * this.size);
      for (let i = 0; i < this.size; i++) {
        const v = chunkOf(this.words, i * HASH_WORDS, c);
        ids[fill[v] as number] = i;
        fill[v] = (fill[v] as number) + 1;
      }
    }
  }

  /**
   * The closest hash within `maxDistance` (0..63), or null. A hash close in several chunks is checked more than once:
   * rarer and cheaper than remembering which were checked, a random memory access per candidate.
   */
  nearest(query: Hash256, maxDistance: number): Nearest | null {
    if (this.size === 0 || maxDistance < 0) return null;
    const radius = Math.floor(maxDistance / CHUNKS);
    if (radius > 3) throw new RangeError('PDQ match distance above 63 is not supported by the index');
    const masks = MASKS[radius]!;
    let best: Nearest | null = null;
    let bound = maxDistance;
    const q0 = query[0] as number;
    const q1 = query[1] as number;
    for (let c = 0; c < CHUNKS; c++) {
      const own = ((query[c >> 1] as number) >>> (c & 1 ? 0 : 16)) & 0xffff;
      const table = c * (CHUNK_VALUES + 1);
      const idBase = c * this.size;
      for (let m = 0; m < masks.length; m++) {
        const value = own ^ (masks[m] as number);
        for (let k = idBase + (this.offsets[table + value] as number), end = idBase + (this.offsets[table + value + 1] as number); k < end; k++) {
          const id = this.ids[k] as number;
          // Most candidates differ in more than `bound` of their first 64 bits already.
          if (popcount32((q0 ^ (this.heads[2 * id] as number)) >>> 0) + popcount32((q1 ^ (this.heads[2 * id + 1] as number)) >>> 0) > bound) continue;
          const d = this.distanceAtMost(query, id, bound);
          if (d <= bound && (!best || d < best.distance)) {
            best = { index: id, distance: d };
            bound = d;
          }
        }
      }
    }
    return best;
  }

  /** The same answer by checking every hash: the baseline the index is measured against. */
  nearestByScan(query: Hash256, maxDistance: number): Nearest | null {
    let best: Nearest | null = null;
    let bound = maxDistance;
    for (let id = 0; id < this.size; id++) {
      const d = this.distanceAtMost(query, id, bound);
      if (d <= bound && (!best || d < best.distance)) {
        best = { index: id, distance: d };
        bound = d;
      }
    }
    return best;
  }

  hashAt(index: number): Hash256 {
    return this.words.slice(index * HASH_WORDS, (index + 1) * HASH_WORDS);
  }

  /** Hamming distance to entry `id`, or any value above `bound` once it is sure to exceed it. */
  private distanceAtMost(query: Hash256, id: number, bound: number): number {
    const base = id * HASH_WORDS;
    let d = 0;
    for (let w = 0; w < HASH_WORDS; w++) {
      d += popcount32(((query[w] as number) ^ (this.words[base + w] as number)) >>> 0);
      if (d > bound) return d;
    }
    return d;
  }
}

function concat(hashes: Hash256[]): Uint32Array {
  const out = new Uint32Array(hashes.length * HASH_WORDS);
  hashes.forEach((h, i) => {
    out.set(h, i * HASH_WORDS);
  });
  return out;
}

/** XOR masks of up to `radius` bits among 16, per radius 0..3: a chunk value and its neighbours. */
const MASKS: Uint32Array[] = [0, 1, 2, 3].map((radius) => {
  const out = [0];
  if (radius >= 1) for (let a = 0; a < 16; a++) out.push(1 << a);
  if (radius >= 2) for (let a = 0; a < 16; a++) for (let b = a + 1; b < 16; b++) out.push((1 << a) | (1 << b));
  if (radius >= 3) for (let a = 0; a < 16; a++) for (let b = a + 1; b < 16; b++) for (let e = b + 1; e < 16; e++) out.push((1 << a) | (1 << b) | (1 << e));
  return Uint32Array.from(out);
});
