import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { lumaFromPixels } from './decode.js';
import type { DihedralVariant } from './dihedral.js';
import { type PdqResult, pdqFromLuma } from './hash.js';
import { hammingDistance, hammingNorm, hashFromHex, hashToHex } from './hash256.js';
import { pdqDihedralOfImage, pdqOfImage } from './image.js';
import { PDQ_REFERENCE } from './reference-dir.js';

// The reference vectors in ../shared/pdq (SOURCE.md says where each row comes from).
const REF = PDQ_REFERENCE ?? '/nonexistent-pdq-reference';
const tsv = (name: string) =>
  readFileSync(join(REF, name), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));

const cache = new Map<string, Promise<PdqResult>>();
const hashOf = (path: string, orient = true) => {
  const key = `${orient}:${path}`;
  if (!cache.has(key)) cache.set(key, pdqOfImage(join(REF, path), { orient }));
  return cache.get(key)!;
};

async function hashPixels(img: Sharp): Promise<PdqResult> {
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  const l = lumaFromPixels(data, info.width, info.height, info.channels);
  return pdqFromLuma(l.luma, l.rows, l.cols);
}

const expected = tsv('expected.tsv').map(([path, hex, quality, source, , preprocessing]) => ({
  path: path!,
  hex: hex!,
  quality: quality ? Number(quality) : undefined,
  source: source!,
  preprocessing: preprocessing!,
}));
// The EXIF-rotated files: the reference hashes the stored pixels, before orientation.
const unoriented = (path: string) => /exif-rotn-[368]/.test(path);
// SOURCE.md: every source gives the same hash for these files.
const AGREED = /misc-images\/small\.jpg|q0291|q1050|q2821|shrink-a-lot|square-\d+x\d+/;

describe('PDQ against the reference vectors', { timeout: 120_000 }, () => {
  it('gives the exact hash where every source agrees', async () => {
    const rows = expected.filter((r) => AGREED.test(r.path));
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect(hashToHex((await hashOf(r.path)).hash), `${r.path} (${r.source})`).toBe(r.hex);
  });

  it('gives the C++ reference hash of its --int64 listing, the Java unit test and python-threatexchange exactly on photos', async () => {
    // The implementations built on the C++ core or ported from it, decoding with libjpeg/libpng as sharp does.
    const rows = expected.filter(
      (r) => /int64|PDQHasherTest|python-threatexchange/.test(r.source) && r.preprocessing === 'none' && !/I16|labelme|wee\.jpg/.test(r.path),
    );
    expect(rows.length).toBeGreaterThan(30);
    for (const r of rows) expect(hashToHex((await hashOf(r.path, !unoriented(r.path))).hash), `${r.path} (${r.source})`).toBe(r.hex);
  });

  it('lands within distance 10 of every reference hash of an image of quality >= 80 (16 for the pure-Python port)', async () => {
    let checked = 0;
    for (const r of expected) {
      if (r.preprocessing !== 'none') continue;
      const got = await hashOf(r.path, !unoriented(r.path));
      if ((r.quality ?? got.quality) < 80) continue;
      const bar = r.source.startsWith('pdq/python/') ? 16 : 10;
      expect(hammingDistance(got.hash, hashFromHex(r.hex)), `${r.path} (${r.source})`).toBeLessThanOrEqual(bar);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('gives the reference quality score', async () => {
    for (const r of expected) {
      if (r.quality === undefined || r.preprocessing !== 'none' || r.path.includes('I16')) continue;
      expect((await hashOf(r.path, !unoriented(r.path))).quality, r.path).toBe(r.quality);
    }
  });

  it('scales 16-bit greys to 8 bits where PIL clips them, so a 16-bit copy hashes like its 8-bit original', async () => {
    const path = 'images/python-threatexchange/threatexchange/tests/hashing/resources/I16.png';
    const clipped = await sharp(join(REF, path)).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    const words = new Uint16Array(clipped.data.buffer, clipped.data.byteOffset, clipped.data.length / 2);
    const asPil = pdqFromLuma(
      Float32Array.from(words, (v) => Math.min(255, v)),
      clipped.info.height,
      clipped.info.width,
    );
    const row = expected.find((r) => r.path === path)!;
    expect(hashToHex(asPil.hash)).toBe(row.hex);
    expect(asPil.quality).toBe(row.quality);
    expect((await hashOf(path)).quality).toBe(100);
  });

  it('hashes an EXIF-rotated photo as shown, and one of its eight symmetries is the reference hash of the stored pixels', async () => {
    for (const n of [3, 6, 8]) {
      const path = `images/pdq/data/reg-test-input/exif-rotn/exif-rotn-${n}.jpg`;
      const want = hashFromHex(expected.find((r) => r.path === path && r.source.includes('int64'))!.hex);
      const shown = await pdqDihedralOfImage(join(REF, path));
      expect(hammingDistance(shown.hash, want)).toBeGreaterThan(64);
      expect(Math.min(...Object.values(shown.variants).map((v) => hammingDistance(v, want)))).toBeLessThanOrEqual(10);
    }
  });
});

describe('PDQ dihedral variants', { timeout: 60_000 }, () => {
  const rows = tsv('expected_dihedral.tsv');
  const NAMES: Record<string, DihedralVariant> = {
    orig: 'original',
    rot90: 'rotate90',
    rot180: 'rotate180',
    rot270: 'rotate270',
    flipx: 'flipX',
    flipy: 'flipY',
    flipp: 'flipPlus1',
    flipm: 'flipMinus1',
  };

  it('gives the reference DCT-domain hashes of the eight symmetries of bridge-1-original.jpg', async () => {
    const mine = await pdqDihedralOfImage(join(REF, 'images/pdq/data/reg-test-input/dih/bridge-1-original.jpg'));
    const bridge = rows.filter((r) => r[0]!.includes('bridge-1'));
    expect(bridge).toHaveLength(8);
    // The reference's 2019 Java output is 8 bits from the current C++ on the original; each variant keeps that distance.
    for (const [, xform, hex] of bridge) expect(hammingDistance(mine.variants[NAMES[xform!]!], hashFromHex(hex!)), xform).toBe(8);
    expect(hammingDistance(mine.variants.original, mine.hash)).toBe(0);
  });

  it('gives python-threatexchange hashes of LA.png rotated and mirrored in pixels', async () => {
    // PIL's ROTATE_90 turns counter-clockwise, sharp's rotate(90) clockwise.
    const ops: Record<string, (s: Sharp) => Sharp> = {
      ORIGINAL: (s) => s,
      ROTATE90: (s) => s.rotate(270),
      ROTATE180: (s) => s.rotate(180),
      ROTATE270: (s) => s.rotate(90),
      FLIPX: (s) => s.flip(),
      FLIPY: (s) => s.flop(),
      FLIPPLUS1: (s) => s.rotate(90).flip(),
      FLIPMINUS1: (s) => s.rotate(90).flop(),
    };
    const la = rows.filter((r) => r[0]!.includes('LA.png'));
    expect(la).toHaveLength(8);
    for (const [path, xform, hex] of la) expect(hashToHex((await hashPixels(ops[xform!]!(sharp(join(REF, path!))))).hash), xform).toBe(hex);
  });
});

describe('PDQ distances', { timeout: 60_000 }, () => {
  const dir = 'images/pdq/data/reg-test-input/';
  const bridge = join(REF, dir, 'dih/bridge-1-original.jpg');

  it('gives the distances the Java unit test asserts', async () => {
    const original = (await hashOf(`${dir}dih/bridge-1-original.jpg`)).hash;
    expect(hammingDistance(original, (await hashOf(`${dir}dih/bridge-2-rotate-90.jpg`)).hash)).toBe(120);
    expect(hammingDistance(original, (await hashOf(`${dir}pen-and-coaster.png`)).hash)).toBe(138);
    expect(hammingDistance(original, (await hashPixels(sharp(bridge).greyscale())).hash)).toBe(0);
    // Graphics2D redraws at half size with nearest-neighbour sampling by default.
    expect(hammingDistance(original, (await hashPixels(sharp(bridge).resize(800, 502, { kernel: 'nearest' }))).hash)).toBe(4);
  });

  it('gives the distances between the dih files of the 2019 regression output within the 8 bits its hashes differ by', async () => {
    const rows = tsv('expected_distances.tsv').filter((r) => r[3]!.startsWith("'delta'"));
    expect(rows).toHaveLength(7);
    for (const [a, b, d] of rows) {
      const got = hammingDistance((await hashOf(a!)).hash, (await hashOf(b!)).hash);
      expect(Math.abs(got - Number(d)), `${a} ${b}`).toBeLessThanOrEqual(8);
      expect(got).toBeGreaterThan(100);
    }
  });

  it('computes the norms and distances of hash_arithmetic.tsv', () => {
    for (const [kind, a, b, value] of tsv('hash_arithmetic.tsv')) {
      const got = kind === 'hamming_norm' ? hammingNorm(hashFromHex(a!)) : hammingDistance(hashFromHex(a!), hashFromHex(b!));
      expect(got, `${kind} ${a} ${b}`).toBe(Number(value));
    }
  });

  it('round-trips hex and refuses what is not 64 hex digits', () => {
    const hex = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
    expect(hashToHex(hashFromHex(hex.toUpperCase()))).toBe(hex);
    expect(() => hashFromHex(hex.slice(1))).toThrow(/64 hex/);
  });

  it('gives an all-zero hash of quality 0 to an image smaller than 5 pixels a side', async () => {
    const tiny = await sharp({ create: { width: 4, height: 40, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    const r = await pdqOfImage(tiny);
    expect(r.quality).toBe(0);
    expect(hammingNorm(r.hash)).toBe(0);
  });
});
