// `npm run bench`: the core benchmark (home, public, thread context, posting, against GET /api/v1/instance as the ceiling).
// Scale and duration: BENCH_ACCOUNTS, BENCH_POSTS, BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS (or --accounts=... flags),
// --only=home,instance to load some endpoints, --list for the other benchmark scripts.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENDPOINTS, runCoreBenchmark } from './core/bench.js';
import { DEFAULT_CACHE_DIR, DEFAULT_SEED } from './core/seed.js';

const here = dirname(fileURLToPath(import.meta.url));

function option(name: string, envName: string): string | undefined {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : process.env[envName];
}

function intOption(name: string, envName: string, fallback: number, min: number): number {
  const raw = option(name, envName);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`${envName} (--${name}) must be an integer >= ${min}, got "${raw}"`);
  return n;
}

function encodingOption(): 'gzip' | 'identity' {
  const raw = option('encoding', 'BENCH_ENCODING') ?? 'gzip';
  if (raw !== 'gzip' && raw !== 'identity') throw new Error(`BENCH_ENCODING (--encoding) must be gzip or identity, got "${raw}"`);
  return raw;
}

function otherBenchmarks(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'core') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.bench\.ts$|^run\.ts$/.test(e.name) && p !== join(here, 'run.ts')) out.push(relative(process.cwd(), p));
    }
  };
  walk(here);
  return out.sort();
}

async function main(): Promise<number> {
  if (process.argv.includes('--list') || process.argv.includes('--help')) {
    console.log('npm run bench  runs the core benchmark. Options (flag or environment):');
    console.log('  --accounts=N  BENCH_ACCOUNTS     accounts seeded (default 10000)');
    console.log('  --posts=N     BENCH_POSTS        posts seeded (default 1000000)');
    console.log('  --seconds=N   BENCH_SECONDS      measured seconds per endpoint (default 10)');
    console.log('  --warmup=N    BENCH_WARMUP       warm-up seconds per endpoint (default 2)');
    console.log('  --connections=N BENCH_CONNECTIONS concurrent connections (default 10)');
    console.log('  --encoding=gzip|identity BENCH_ENCODING  what requests accept (default gzip, as browsers and Mastodon apps send)');
    console.log(`  --only=a,b    endpoints among: ${ENDPOINTS.join(', ')}`);
    console.log('  --experiment=stmt-cache  BENCH_EXPERIMENT  load bench/core/experiments/<name>.mjs into the server (what-if)');
    console.log(`Seeded databases are cached in ${relative(process.cwd(), DEFAULT_CACHE_DIR)}/ (delete it to re-seed).`);
    const others = otherBenchmarks();
    if (others.length) console.log(`\nOther benchmarks (run with npx tsx <file>):\n${others.map((o) => `  ${o}`).join('\n')}`);
    return 0;
  }
  const seed = {
    ...DEFAULT_SEED,
    accounts: intOption('accounts', 'BENCH_ACCOUNTS', DEFAULT_SEED.accounts, 2),
    posts: intOption('posts', 'BENCH_POSTS', DEFAULT_SEED.posts, 10),
  };
  const load = {
    seconds: intOption('seconds', 'BENCH_SECONDS', 10, 1),
    warmupSeconds: intOption('warmup', 'BENCH_WARMUP', 2, 0),
    connections: intOption('connections', 'BENCH_CONNECTIONS', 10, 1),
    encoding: encodingOption(),
  };
  const onlyRaw = option('only', 'BENCH_ONLY');
  const only = onlyRaw
    ? onlyRaw.split(',').map((s) => {
        const name = ENDPOINTS.find((e) => e === s.trim() || e.startsWith(s.trim()));
        if (!name) throw new Error(`Unknown endpoint "${s}" in --only; choose among: ${ENDPOINTS.join(', ')}`);
        return name;
      })
    : undefined;
  const experiments = option('experiment', 'BENCH_EXPERIMENT')
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const log = (m: string) => console.error(m);
  log(
    `Core benchmark: ${seed.accounts.toLocaleString('en')} accounts, ${seed.posts.toLocaleString('en')} posts, ${load.seconds} s per endpoint, ${load.connections} connections, SQLite`,
  );
  const started = Date.now();
  if (experiments?.length) log(`Experiments loaded into the server: ${experiments.join(', ')}`);
  const out = await runCoreBenchmark({ seed, load, only, experiments, log });
  const m = out.meta;
  console.log(
    `\nCommunity: ${m.counts.accounts} accounts, ${m.counts.statuses} posts, ${m.counts.follows} follows (followers max ${m.followers.max}, p99 ${m.followers.p99}, median ${m.followers.median}), ${m.counts.feed_entries} home feed entries (newest ${m.params.feedCap} per home), seeded in ${m.seedSeconds} s`,
  );
  console.log(
    `${load.seconds} s per endpoint after ${load.warmupSeconds} s warm-up, ${load.connections} connections, Accept-Encoding: ${load.encoding}, 127.0.0.1\n`,
  );
  console.log(out.text);
  for (const u of out.unavailable) console.log(`Not measured: ${u.name} answered ${u.status} ${u.body}`);
  mkdirSync(DEFAULT_CACHE_DIR, { recursive: true });
  const file = join(DEFAULT_CACHE_DIR, 'last-core-run.json');
  writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), seed, load, experiments, results: out.results, unavailable: out.unavailable }, null, 1)}\n`,
  );
  console.log(`\nFigures saved to ${relative(process.cwd(), file)}; whole run ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  const failed = out.unavailable.length > 0 || out.results.some((r) => r.errors > 0);
  return failed ? 1 : 0;
}

if (!existsSync(join(here, '..', 'package.json'))) throw new Error('Run from the repository.');
main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
