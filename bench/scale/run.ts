// `npm run bench:scale`: a synthetic community at a chosen size, measured (a) on SQLite in one process and (b) on
// PostgreSQL + Redis with `tribune serve --workers 2` (JOBS=off) and one `tribune worker`, all real processes over
// HTTP. Prints a table and writes bench/results/scale-<accounts>-<posts>.json. See docs/scaling.md.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../core/server.js';
import { ensureScaleCommunity } from './community.js';
import { type MeasureOptions, measureSetup, preparePublicPages, type SetupResult } from './measure.js';
import { preparePostgres } from './pg-load.js';
import { healthy, startTribune, treeCpuMs } from './processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECRET = 'scale-bench-'.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a');
const log = (m: string) => console.error(m);

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: process.env.BENCH_ACCOUNTS ?? '100000' },
    posts: { type: 'string', default: process.env.BENCH_POSTS ?? '2000000' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    'timed-posts': { type: 'string', default: '10' },
    postgres: { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    redis: { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    only: { type: 'string' },
  },
});
const accounts = Number(values.accounts);
const posts = Number(values.posts);
const opts: MeasureOptions = {
  seconds: Number(values.seconds),
  warmupSeconds: Number(values.warmup),
  connections: Number(values.connections),
  timedPosts: Number(values['timed-posts']),
};
for (const [k, v] of Object.entries({ accounts, posts, ...opts }))
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${k} must be a whole number, got ${String(v)}`);

function reachable(url: string, fallbackPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((ok) => {
    const socket = createConnection({ host: u.hostname, port: Number(u.port || fallbackPort) });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.end();
      ok(true);
    });
    socket.once('error', () => ok(false));
    socket.once('timeout', () => {
      socket.destroy();
      ok(false);
    });
  });
}

async function runSqlite(community: Awaited<ReturnType<typeof ensureScaleCommunity>>): Promise<SetupResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tribune-scale-sqlite-'));
  try {
    copyFileSync(community.dbPath, join(dataDir, 'tribune.sqlite'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await startTribune(
      ['serve'],
      { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: community.meta.publicUrl, SECRET_KEY: SECRET },
      healthy(url),
      log,
    );
    try {
      await preparePublicPages(url, (community.meta.tokens[0] as { token: string }).token);
      return await measureSetup('sqlite, 1 process', url, community, opts, log, 1, () => treeCpuMs([server.pid]));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function runPostgres(community: Awaited<ReturnType<typeof ensureScaleCommunity>>): Promise<SetupResult | string> {
  if (!(await reachable(values.postgres, 5432))) return `PostgreSQL is not reachable at ${values.postgres}: setup (b) not run`;
  if (!(await reachable(values.redis, 6379))) return `Redis is not reachable at ${values.redis}: setup (b) not run`;
  log('Preparing the PostgreSQL database tribune_bench...');
  const started = Date.now();
  const databaseUrl = await preparePostgres(community.dbPath, community.meta.key, values.postgres, 'tribune_bench', log);
  log(`  loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const dataDir = mkdtempSync(join(tmpdir(), 'tribune-scale-pg-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REDIS_URL: values.redis,
    PUBLIC_URL: community.meta.publicUrl,
    SECRET_KEY: SECRET,
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  const web = await startTribune(['serve', '--workers', '2'], { ...env, JOBS: 'off' }, healthy(url), log);
  try {
    const worker = await startTribune(['worker'], env, async (out) => out.includes('running jobs'), log);
    try {
      await preparePublicPages(url, (community.meta.tokens[0] as { token: string }).token);
      return await measureSetup('pg+redis, 2 web + 1 worker', url, community, opts, log, 4, () => treeCpuMs([web.pid, worker.pid]));
    } finally {
      await worker.stop();
    }
  } finally {
    await web.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (x: number | null, d = 1) => (x === null || Number.isNaN(x) ? '-' : x.toFixed(d));

function table(results: SetupResult[]): string {
  const lines = [
    '| setup | measure | req/s | p50 ms | p99 ms | errors | loop p99 ms | CPU ms/req |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results)
    for (const t of r.throughput)
      lines.push(
        `| ${r.setup} | ${t.name} | ${fmt(t.requestsPerSecond, 0)} | ${fmt(t.p50)} | ${fmt(t.p99)} | ${t.errors} | ${fmt(t.loopP99Ms)} | ${fmt(t.cpuMsPerRequest, 2)} |`,
      );
  lines.push(
    '',
    '| setup | author (followers) | POST p50 ms | last home p50 ms | last home p99 ms | loop p99 ms | CPU ms/post |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of results)
    for (const p of r.propagation)
      lines.push(
        `| ${r.setup} | ${p.author} (${p.followers}) | ${fmt(p.postP50Ms)} | ${fmt(p.lastHomeP50Ms)} | ${fmt(p.lastHomeP99Ms)} | ${fmt(p.loopP99Ms)} | ${fmt(p.cpuMsPerPost, 0)} |`,
      );
  return lines.join('\n');
}

async function main(): Promise<void> {
  log(`bench:scale: ${accounts} accounts, ${posts} posts`);
  const community = await ensureScaleCommunity(accounts, posts, log);
  log(
    `Community: ${community.meta.counts.follows} follows, ${community.meta.counts.feed_entries} home rows; most followed ${community.big.followers}, ordinary author ${community.ordinary.followers}`,
  );
  const results: SetupResult[] = [];
  const skipped: string[] = [];
  if (values.only !== 'pg') results.push(await runSqlite(community));
  if (values.only !== 'sqlite') {
    const pg = await runPostgres(community);
    if (typeof pg === 'string') {
      log(pg);
      skipped.push(pg);
    } else results.push(pg);
  }
  const out = table(results);
  console.log(`\n${accounts} accounts, ${posts} posts, ${opts.connections} connections, ${opts.seconds} s per measure\n\n${out}`);
  for (const s of skipped) console.log(`\n${s}`);
  const dir = resolve(here, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `scale-${accounts}-${posts}${values.only ? `-${values.only}` : ''}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ ranAt: new Date().toISOString(), accounts, posts, options: opts, community: { counts: community.meta.counts, followers: community.meta.followers, big: community.big.followers, ordinary: community.ordinary.followers }, results, skipped }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${file}`);
}

await main();
