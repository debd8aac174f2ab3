import { constants, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type EndpointResult, type EndpointSpec, type LoadOptions, measure, probe, settle } from './load.js';
import { BARE, buildReport, CEILING, formatReport, HOME, HOME_BUSY, type Report } from './report.js';
import { DEFAULT_CACHE_DIR, ensureSeeded, type SeedMeta, type SeedParams } from './seed.js';
import { processCpuMs, startBenchServer } from './server.js';

const EXPERIMENTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'experiments');

export interface CoreBenchOptions {
  seed: SeedParams;
  load: LoadOptions;
  cacheDir?: string;
  /** Only these endpoint names (default: all). */
  only?: string[];
  /** Names of bench/core/experiments/*.mjs modules loaded into the server (what-if measurements). */
  experiments?: string[];
  log?: (message: string) => void;
}

export interface CoreBenchResult {
  meta: SeedMeta;
  results: EndpointResult[];
  /** Endpoints whose first request did not succeed: not loaded, with the answer they gave. */
  unavailable: Array<{ name: string; status: number; body: string }>;
  report: Report;
  text: string;
}

export const ENDPOINTS = [BARE, CEILING, HOME, HOME_BUSY, 'public timeline', 'thread context', 'create post'] as const;

/** The background activity of HOME_BUSY: posts by the sampled accounts (fanned out to their followers) and upvotes. */
export const BUSY_POSTS_PER_SECOND = 20;
export const BUSY_UPVOTES_PER_SECOND = 40;

/** The endpoints under test, cycling through the sampled accounts' tokens and thread ids. */
export function endpointSpecs(meta: SeedMeta): EndpointSpec[] {
  const tokens = meta.tokens;
  const threads = meta.threadStatusIds;
  const token = (i: number) => tokens[i % tokens.length]?.token;
  return [
    // The bare server (routing, middleware, a small JSON answer, no database): a reference below the ceiling.
    { name: BARE, method: 'GET', next: () => ({ path: '/health' }) },
    { name: CEILING, method: 'GET', next: () => ({ path: '/api/v1/instance' }) },
    { name: HOME, method: 'GET', next: (i) => ({ path: '/api/v1/timelines/home', token: token(i) }) },
    // The same reads while others post and upvote: pages whose posts, authors or homes change are rendered again.
    {
      name: HOME_BUSY,
      method: 'GET',
      next: (i) => ({ path: '/api/v1/timelines/home', token: token(i) }),
      background: [
        {
          perSecond: BUSY_POSTS_PER_SECOND,
          method: 'POST',
          next: (i) => ({
            path: '/api/v1/statuses',
            token: token(i * 7919 + 13),
            json: { status: `Busy benchmark post ${i}: people keep posting.`, visibility: 'public' },
          }),
        },
        {
          perSecond: BUSY_UPVOTES_PER_SECOND,
          method: 'POST',
          next: (i) => ({ path: `/api/v1/statuses/${threads[(i * 31) % threads.length]}/favourite`, token: token(i * 104729 + 7) }),
        },
      ],
    },
    { name: 'public timeline', method: 'GET', next: (i) => ({ path: '/api/v1/timelines/public', token: token(i) }) },
    { name: 'thread context', method: 'GET', next: (i) => ({ path: `/api/v1/statuses/${threads[i % threads.length]}/context`, token: token(i) }) },
    {
      name: 'create post',
      method: 'POST',
      next: (i) => ({
        path: '/api/v1/statuses',
        token: token(i * 7919),
        json: { status: `Benchmark post ${i}: still measuring how fast posting is${i % 5 === 0 ? ' #tribune' : ''}.`, visibility: 'public' },
      }),
    },
  ];
}

/**
 * Seeds (or reuses) the community, copies it for this run (the run writes posts), starts the real server
 * on it and loads each endpoint in turn, the ceiling first and post creation last.
 */
export async function runCoreBenchmark(opts: CoreBenchOptions): Promise<CoreBenchResult> {
  const log = opts.log ?? (() => {});
  const cacheDir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const seeded = await ensureSeeded(opts.seed, { cacheDir, log });
  const runDir = join(cacheDir, `run-${process.pid}-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  try {
    copyFileSync(seeded.dbPath, join(runDir, 'tribune.sqlite'), constants.COPYFILE_FICLONE);
    writeFileSync(join(runDir, 'secret.key'), 'bench-secret-'.padEnd(64, '0'), { mode: 0o600 });
    const imports = (opts.experiments ?? []).map((name) => {
      const file = join(EXPERIMENTS_DIR, `${name}.mjs`);
      if (!existsSync(file)) throw new Error(`No experiment "${name}" (looked for ${file})`);
      return pathToFileURL(file).href;
    });
    const server = await startBenchServer({ dataDir: runDir, publicUrl: seeded.meta.publicUrl, log, imports });
    log(`Server ${server.url} (pid ${server.pid}) on ${seeded.meta.counts.accounts} accounts and ${seeded.meta.counts.statuses} posts`);
    const results: EndpointResult[] = [];
    const unavailable: CoreBenchResult['unavailable'] = [];
    try {
      for (const spec of endpointSpecs(seeded.meta)) {
        if (opts.only && !opts.only.includes(spec.name)) continue;
        if (!(await settle(server.url))) log('  (the server is still busy with earlier requests)');
        const first = await probe(server.url, spec);
        if (!first.ok) {
          log(`  ${spec.name}: ${spec.method} ${spec.next(0).path} answered ${first.status || 'nothing'} ${first.body}; not measured`);
          unavailable.push({ name: spec.name, status: first.status, body: first.body });
          continue;
        }
        log(
          `  ${spec.name}: first request ${first.ms.toFixed(0)} ms; ${opts.load.warmupSeconds} s warm-up, ${opts.load.seconds} s with ${opts.load.connections} connections...`,
        );
        results.push(await measure(server.url, spec, opts.load, () => processCpuMs(server.pid)));
      }
    } finally {
      await server.stop();
    }
    const report = buildReport(results);
    return { meta: seeded.meta, results, unavailable, report, text: formatReport(report) };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}
