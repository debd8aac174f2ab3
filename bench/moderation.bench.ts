/**
 * npm run bench:moderation: cost of screening one post with the shipped model,
 * on one core, against a baseline measured in the same run (normalisation only),
 * so the ratio holds across machines. Budget: under 1 ms per post at p50.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalise } from '../src/moderation/classifier/normalise.js';
import { ShippedClassifier } from '../src/moderation/classifier/shipped-classifier.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const short = readFileSync(`${root}moderation-data/heldout/pitfalls.jsonl`, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);
// Posts up to Tribune's default 1,000 characters, built from the short ones.
const long = short.map((_, i) =>
  Array.from({ length: 8 }, (_, k) => short[(i + k * 17) % short.length])
    .join(' ')
    .slice(0, 1000),
);
const posts = [...short, ...long];

function measure(label: string, fn: (t: string) => unknown, rounds: number): { p50: number; p99: number; perSecond: number } {
  for (let i = 0; i < 2000; i++) fn(posts[i % posts.length] as string);
  const times: number[] = [];
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const p of posts) {
      const t0 = process.hrtime.bigint();
      fn(p);
      times.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  const totalSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  const res = { p50: at(0.5), p99: at(0.99), perSecond: times.length / totalSeconds };
  console.log(
    `${label.padEnd(34)} p50 ${res.p50.toFixed(1).padStart(7)} µs   p99 ${res.p99.toFixed(1).padStart(7)} µs   ${Math.round(res.perSecond).toLocaleString('en').padStart(9)} posts/s`,
  );
  return res;
}

const loadStart = performance.now();
const classifier = ShippedClassifier.fromFile();
console.log(
  `model ${classifier.name} ${classifier.version} loaded in ${(performance.now() - loadStart).toFixed(0)} ms; ${posts.length} posts (${short.length} short, ${long.length} up to 1,000 chars)`,
);
const rounds = Number(process.argv[2] ?? 20);
const base = measure('baseline: normalise only', normalise, rounds);
const full = measure('screen: classify (shipped model)', (t) => classifier.classify(t), rounds);
console.log(`ratio to baseline: p50 ×${(full.p50 / base.p50).toFixed(1)}, throughput ×${(base.perSecond / full.perSecond).toFixed(1)} slower`);
console.log(full.p50 < 1000 ? `OK: p50 ${full.p50.toFixed(0)} µs is under the 1 ms budget` : `OVER BUDGET: p50 ${full.p50.toFixed(0)} µs`);
process.exitCode = full.p50 < 1000 ? 0 : 1;
