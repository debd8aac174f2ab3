import { HASH_WORDS, type Hash256, popcount32 } from '../pdq/hash256.js';

// Multi-index hashing (Norouzi et al.) with a neighbour filter. The 256 bits are cut into 16 chunks of 16 bits, chunk
// c+1 (cyclic) the neighbour of chunk c. Two hashes at distance d have a chunk c that differs in at most
// r = floor(d/16) bits and, with its neighbour, in at most floor(d/8): otherwise each chunk within r would make, with
// its neighbour (then not within r), a disjoint pair of more than floor(d/8) bits, every other chunk more than r, and
// the 16 chunks would add up to more than d. So a query looks up, in each chunk's table, its own value and every value
// up to r bits away; each entry there carries its neighbour chunk, so a sequential read rejects nearly every
// candidate (a random one passes about one time in 400 at d = 31) before the random read of its whole hash.
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
  /** Per chunk c, where each chunk value's entries start: offsets[c*65537 + v] .. offsets[c*65537 + v + 1]. */
  private readonly offsets: Uint32Array;
  /**
   * Per chunk c, its entries grouped by chunk value: at c*size + k, the k-th entry's neighbour chunk (c+1), and its
   * hash's id apart, since the scan reads every entry's neighbour and the id of about one entry in 400.
   */
  private readonly neighbours: Uint16Array;
  private readonly ids: Uint32Array;
  /** The query's chunks, reused: a match allocates nothing but its answer. */
  private readonly queryChunks = new Uint32Array(CHUNKS);

  constructor(hashes: Hash256[] | Uint32Array) {
    this.words = hashes instanceof Uint32Array ? hashes : concat(hashes);
    this.size = this.words.length / HASH_WORDS;
    this.offsets = new Uint32Array(CHUNKS * (CHUNK_VALUES + 1));
    this.neighbours = new Uint16Array(CHUNKS * this.size);
    this.ids = new Uint32Array(CHUNKS * this.size);
    // Every hash's chunks once, rather than sixteen shifts per chunk table.
    const chunks = new Uint16Array(this.size * CHUNKS);
    for (let i = 0; i < this.size; i++) for (let c = 0; c < CHUNKS; c++) chunks[i * CHUNKS + c] = chunkOf(this.words, i * HASH_WORDS, c);
    const fill = new Uint32Array(CHUNK_VALUES);
    for (let c = 0; c < CHUNKS; c++) {
      const offsets = this.offsets.subarray(c * (CHUNK_VALUES + 1), (c + 1) * (CHUNK_VALUES + 1));
      for (let i = 0; i < this.size; i++) (offsets[(chunks[i * CHUNKS + c] as number) + 1] as number)++;
      for (let v = 0; v < CHUNK_VALUES; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
      fill.set(offsets.subarray(0, CHUNK_VALUES));
      const base = c * this.size;
      const right = (c + 1) % CHUNKS;
      for (let i = 0; i < this.size; i++) {
        const v = chunks[i * CHUNKS + c] as number;
        const at = base + (fill[v] as number);
        this.ids[at] = i;
        this.neighbours[at] = chunks[i * CHUNKS + right] as number;
        fill[v] = (fill[v] as number) + 1;
      }
    }
  }

  /** Bytes held by the index (hashes, tables and entries), for the operator's figures. */
  get byteLength(): number {
    return this.words.byteLength + this.offsets.byteLength + this.neighbours.byteLength + this.ids.byteLength;
  }

  /**
   * The closest hash within `maxDistance` (0..63), or null. A hash close in several chunks may be checked more than
   * once: after the neighbour filter that is rare, cheaper than remembering which ids were checked.
   */
  nearest(query: Hash256, maxDistance: number): Nearest | null {
    if (this.size === 0 || maxDistance < 0) return null;
    const radius = maxDistance >> 4;
    if (radius > 3) throw new RangeError('PDQ match distance above 63 is not supported by the index');
    const masks = MASKS[radius] as Uint32Array;
    const maskBits = MASK_BITS[radius] as Uint8Array;
    const { offsets, neighbours, ids, queryChunks } = this;
    for (let c = 0; c < CHUNKS; c++) queryChunks[c] = chunkOf(query, 0, c);
    let bestIndex = -1;
    let bound = maxDistance;
    for (let c = 0; c < CHUNKS; c++) {
      const own = queryChunks[c] as number;
      const neighbour = queryChunks[(c + 1) % CHUNKS] as number;
      const table = c * (CHUNK_VALUES + 1);
      const base = c * this.size;
      for (let m = 0; m < masks.length; m++) {
        const value = own ^ (masks[m] as number);
        // Bits the neighbour may still differ in: the pair within bound >> 3 (`bound` only shrinks, a sound filter).
        const slack = (bound >> 3) - (maskBits[m] as number);
        if (slack < 0) continue;
        const end = base + (offsets[table + value + 1] as number);
        for (let k = base + (offsets[table + value] as number); k < end; k++) {
          // Bits differing in the neighbour chunk (a 16-bit SWAR popcount).
          let x = (neighbours[k] as number) ^ neighbour;
          x -= (x >>> 1) & 0x5555;
          x = (x & 0x3333) + ((x >>> 2) & 0x3333);
          x = (x + (x >>> 4)) & 0x0f0f;
          if (((x + (x >>> 8)) & 0x1f) > slack) continue;
          const id = ids[k] as number;
          const d = this.distanceAtMost(query, id, bound);
          if (d <= bound && (bestIndex < 0 || d < bound)) {
            bestIndex = id;
            bound = d;
          }
        }
      }
    }
    return bestIndex < 0 ? null : { index: bestIndex, distance: bound };
  }

  /** The same answer by checking every hash: the baseline the index is measured and tested against. */
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
const MASK_BITS: Uint8Array[] = MASKS.map((masks) => Uint8Array.from(masks, (m) => popcount32(m)));
