/**
 * npm run bench:pdq: matching one image (its PDQ hash and its seven rotations and mirrors) against a hash list of
 * 1,000,000 PDQ hashes with the multi-index (src/media/hash-lists/pdq-index.ts), against a linear scan measured in
 * the same run. Target (issue 12): under 5 ms per image at p99 (aim: under 2 ms). Wall time per image and CPU time per
 * image (the process's, read before and after each image) are both reported: on a shared, loaded machine the wall
 * time's tail is other processes' turn on the core. Options: --size=N (1000000), --queries=N (2000),
 * --scan-queries=N (20), --distance=N (31).
 */

import { availableParallelism, loadavg } from 'node:os';
import { PdqIndex } from '../src/media/hash-lists/pdq-index.js';
import { HASH_WORDS, type Hash256 } from '../src/media/pdq/hash256.js';

const option = (name: string, fallback: number) => {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  return flag ? Number(flag.slice(name.length + 3).replace(/_/g, '')) : fallback;
};
const size = option('size', 1_000_000);
const queries = option('queries', 2_000);
const scanQueries = option('scan-queries', 20);
const maxDistance = option('distance', 31);
const VARIANTS = 8;

// xorshift32: a fixed seed, so runs are comparable.
let seed = 0x9e3779b9;
const next = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
};

function flipBits(h: Hash256, n: number): Hash256 {
  const out = h.slice();
  const bits = new Set<number>();
  while (bits.size < n) bits.add(next() % 256);
  for (const b of bits) out[b >> 5] = ((out[b >> 5] as number) ^ (1 << (b & 31))) >>> 0;
  return out;
}

const randomHash = (): Hash256 => Uint32Array.from({ length: HASH_WORDS }, next);

let t = performance.now();
const words = new Uint32Array(size * HASH_WORDS);
for (let i = 0; i < words.length; i++) words[i] = next();
const index = new PdqIndex(words);
const buildMs = performance.now() - t;
const mb = index.byteLength / 1024 / 1024;
console.log(
  `index of ${size.toLocaleString('en')} random PDQ hashes built in ${buildMs.toFixed(0)} ms, ~${mb.toFixed(0)} MB; match distance <= ${maxDistance}`,
);

// An image is 8 hashes (its symmetries). Half the images are planted near copies of a listed hash (one symmetry within
// 8..maxDistance bits of it), half match nothing.
interface Image {
  variants: Hash256[];
  planted: number | null;
  flips: number;
}
function image(i: number): Image {
  const variants = Array.from({ length: VARIANTS }, randomHash);
  if (i % 2) return { variants, planted: null, flips: 0 };
  const planted = next() % size;
  const flips = 8 + (next() % (maxDistance - 7));
  variants[next() % VARIANTS] = flipBits(index.hashAt(planted), flips);
  return { variants, planted, flips };
}

type Lookup = (q: Hash256, d: number) => { index: number; distance: number } | null;
function matchImage(img: Image, lookup: Lookup) {
  let best: { index: number; distance: number } | null = null;
  for (const v of img.variants) {
    const r = lookup(v, best ? best.distance - 1 : maxDistance);
    if (r) best = r;
  }
  return best;
}

function measure(label: string, images: Image[], lookup: Lookup) {
  for (const img of images.slice(0, Math.min(20, images.length))) matchImage(img, lookup);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const cpu0 = process.cpuUsage();
  let found = 0;
  let missed = 0;
  for (const img of images) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = matchImage(img, lookup);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
    if (img.planted !== null) {
      if (r && r.distance <= img.flips) found++;
      else missed++;
    } else if (r) missed++;
  }
  const cpu = process.cpuUsage(cpu0);
  // CPU time per image moves much less than wall time when other processes share the machine.
  const cpuMs = (cpu.user + cpu.system) / 1000 / images.length;
  const at = (xs: number[], q: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] as number;
  const res = {
    p50: at(times, 0.5),
    p99: at(times, 0.99),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    cpuMs,
    cpuP50: at(cpuTimes, 0.5),
    cpuP99: at(cpuTimes, 0.99),
  };
  const ms = (x: number) => `${x.toFixed(3).padStart(8)} ms`;
  console.log(
    `${label.padEnd(28)} ${String(images.length).padStart(5)} images  wall p50 ${ms(res.p50)} p99 ${ms(res.p99)} mean ${ms(res.mean)}  CPU p50 ${ms(res.cpuP50)} p99 ${ms(res.cpuP99)} mean ${ms(cpuMs)}  planted found ${found}, wrong ${missed}`,
  );
  return res;
}

const images = Array.from({ length: queries }, (_, i) => image(i));
t = performance.now();
const mih = measure('multi-index (16 x 16 bits)', images, (q, d) => index.nearest(q, d));
const scan = measure('linear scan (baseline)', images.slice(0, scanQueries), (q, d) => index.nearestByScan(q, d));
console.log(
  `ratio: the multi-index is x${(scan.p50 / mih.p50).toFixed(0)} faster at p50 than the linear scan (x${(scan.mean / mih.mean).toFixed(0)} on the mean, x${(scan.cpuMs / mih.cpuMs).toFixed(0)} in CPU time); load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
);
// With more runnable processes than cores, the wall time's tail is time spent waiting for a core: judge by CPU then.
const loaded = loadavg()[0]! > availableParallelism();
const ok = mih.cpuP99 < 5 && (mih.p99 < 5 || loaded);
console.log(
  `${ok ? 'OK' : 'OVER TARGET'}: p99 ${mih.p99.toFixed(2)} ms wall, ${mih.cpuP99.toFixed(2)} ms CPU per image of ${VARIANTS} hashes; target 5 ms${loaded && mih.p99 >= 5 ? ' (wall over it on a loaded machine: run again when idle)' : ''}`,
);
process.exitCode = ok ? 0 : 1;
