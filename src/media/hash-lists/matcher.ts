import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB } from '../../db/schema.js';
import { readSetting } from '../../domain/instance/instance.store.js';
import type { DihedralVariant } from '../pdq/dihedral.js';
import { DIHEDRAL_VARIANTS } from '../pdq/dihedral.js';
import { hashFromHex, hashToHex } from '../pdq/hash256.js';
import { pdqDihedralOfImage } from '../pdq/image.js';
import { HASH_LISTS_VERSION_KEY } from './hash-lists.service.js';
import { entriesAfter } from './hash-lists.store.js';
import type { HashKind } from './parse.js';
import { PdqIndex } from './pdq-index.js';

/** How often a process asks the database whether a list changed (an import elsewhere reaches it within this). */
export const HASH_LISTS_REFRESH_MS = 1_000;
const PAGE = 20_000;

export type HashMatchConfig = Config['hashMatch'];

export interface HashMatch {
  kind: HashKind;
  /** The listed hash. */
  hash: string;
  label: string;
  source: string;
  /** 0 for md5 and sha256. */
  distance: number;
  /** Which symmetry of the image matched (a PDQ match of a rotated or mirrored copy). */
  variant?: DihedralVariant;
  /** For a video: the second of the upload whose frame matched. */
  second?: number;
}

export interface ImageMatch {
  /** The closest listed entry: an exact md5/sha256 match first, else the nearest PDQ hash; null when none. */
  match: HashMatch | null;
  md5: string;
  sha256: string;
  /** Null when the bytes are not an image sharp decodes. */
  pdq: { hash: string; quality: number } | null;
}

interface Entry {
  source: string;
  label: string;
  hash: string;
}

/** The lists in memory: a multi-index over the PDQ hashes, maps for exact hashes. */
interface BuiltIndex {
  pdq: PdqIndex;
  pdqEntries: Entry[];
  exact: Map<string, Entry[]>;
}

/** This process's copy of the hash lists (ctx.hashLists), rebuilt when the lists' version setting moves. */
export class HashListState {
  private built: BuiltIndex | null = null;
  private version: string | null = null;
  private checkedAt = 0;
  private building: Promise<BuiltIndex> | null = null;

  /** A list changed in this process: look again before the next match. */
  invalidate(): void {
    this.checkedAt = 0;
  }

  async current(db: Kysely<DB>): Promise<BuiltIndex> {
    if (this.built && Date.now() - this.checkedAt < HASH_LISTS_REFRESH_MS) return this.built;
    if (this.building) return this.building;
    const build = async () => {
      const version = (await readSetting(db, HASH_LISTS_VERSION_KEY)) ?? '';
      this.checkedAt = Date.now();
      if (!this.built || version !== this.version) {
        this.built = await loadIndex(db);
        this.version = version;
      }
      return this.built;
    };
    this.building = build().finally(() => {
      this.building = null;
    });
    return this.building;
  }
}

export function createHashListState(): HashListState {
  return new HashListState();
}

async function loadIndex(db: Kysely<DB>): Promise<BuiltIndex> {
  const pdqEntries: Entry[] = [];
  const pdqHashes = [];
  const exact = new Map<string, Entry[]>();
  let after: { source: string; kind: HashKind; hash: string } | null = null;
  for (;;) {
    const page = await entriesAfter(db, after, PAGE);
    for (const r of page) {
      const e = { source: r.source, label: r.label, hash: r.hash };
      if (r.kind === 'pdq') {
        pdqEntries.push(e);
        pdqHashes.push(hashFromHex(r.hash));
      } else {
        const key = `${r.kind}:${r.hash}`;
        exact.set(key, [...(exact.get(key) ?? []), e]);
      }
    }
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    after = { source: last.source, kind: last.kind, hash: last.hash };
  }
  return { pdq: new PdqIndex(pdqHashes), pdqEntries, exact };
}

/**
 * Matches an upload against the hash lists: its md5 and sha256 exactly, and its PDQ hash and those of its seven
 * rotations and mirrors within `maxDistance`, when its quality is above the threshold. Uploads call this before
 * an attachment can be posted.
 */
export async function matchImage(
  ctx: { db: Kysely<DB>; hashLists: HashListState; config: { hashMatch: HashMatchConfig } },
  bytes: Uint8Array,
): Promise<ImageMatch> {
  const md5 = createHash('md5').update(bytes).digest('hex');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const [index, pdq] = await Promise.all([ctx.hashLists.current(ctx.db), pdqDihedralOfImage(bytes).catch(() => null)]);
  const result: ImageMatch = { match: null, md5, sha256, pdq: pdq ? { hash: hashToHex(pdq.hash), quality: pdq.quality } : null };
  for (const [kind, hash] of [
    ['sha256', sha256],
    ['md5', md5],
  ] as const) {
    const hit = index.exact.get(`${kind}:${hash}`)?.[0];
    if (hit) {
      result.match = { kind, hash, label: hit.label, source: hit.source, distance: 0 };
      return result;
    }
  }
  const { maxDistance, qualityThreshold } = ctx.config.hashMatch;
  if (!pdq || pdq.quality <= qualityThreshold) return result;
  const asked = new Set<string>();
  for (const variant of DIHEDRAL_VARIANTS) {
    // A symmetric image has equal variants: each distinct hash is looked up once.
    const hex = hashToHex(pdq.variants[variant]);
    if (asked.has(hex)) continue;
    asked.add(hex);
    const near = index.pdq.nearest(pdq.variants[variant], result.match ? result.match.distance - 1 : maxDistance);
    if (!near) continue;
    const e = index.pdqEntries[near.index]!;
    result.match = { kind: 'pdq', hash: e.hash, label: e.label, source: e.source, distance: near.distance, variant };
    if (near.distance === 0) break;
  }
  return result;
}

/** A video frame's PDQ hash, as processVideo samples them (one a second), with its left-right mirror if known. */
export interface FrameHashInput {
  hash: string;
  quality: number;
  mirror?: string;
}

/**
 * Matches a video against the lists' PDQ hashes, frame by frame: the nearest listed hash within `maxDistance` of
 * any frame above the quality threshold (or of its mirror), or null. Hash-sharing programmes list videos as the
 * PDQ hashes of their frames, so a re-encoded, resized or trimmed copy still has frames near listed ones.
 */
export async function matchVideoFrames(
  ctx: { db: Kysely<DB>; hashLists: HashListState; config: { hashMatch: HashMatchConfig } },
  frames: FrameHashInput[],
): Promise<HashMatch | null> {
  const { maxDistance, qualityThreshold } = ctx.config.hashMatch;
  const index = await ctx.hashLists.current(ctx.db);
  if (index.pdq.size === 0) return null;
  let best: HashMatch | null = null;
  for (const [second, frame] of frames.entries()) {
    if (frame.quality <= qualityThreshold) continue;
    const queries = [['original', frame.hash] as const, ...(frame.mirror ? [['flipY', frame.mirror] as const] : [])];
    for (const [variant, hex] of queries) {
      const near = index.pdq.nearest(hashFromHex(hex), best ? best.distance - 1 : maxDistance);
      if (!near) continue;
      const e = index.pdqEntries[near.index]!;
      best = { kind: 'pdq', hash: e.hash, label: e.label, source: e.source, distance: near.distance, variant, second };
      if (near.distance === 0) return best;
    }
  }
  return best;
}
