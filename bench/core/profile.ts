// Where a request's time goes: runs each benchmark endpoint in-process on a copy of the seeded database,
// counting and timing every SQL statement, and prints each endpoint's slowest statements with their plans.
//   npx tsx bench/core/profile.ts [--accounts=N --posts=N] [--requests=50] [--only=home] [--cpu=dir]
// --cpu=dir also writes a V8 CPU profile of each endpoint's measured requests (open it in Chrome's DevTools).
import { constants, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createContext } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { endpointSpecs } from './bench.js';
import { DEFAULT_CACHE_DIR, DEFAULT_SEED, ensureSeeded } from './seed.js';

interface QueryStat {
  sql: string;
  count: number;
  ms: number;
  params: unknown[];
}

let current: Map<string, QueryStat> | null = null;
const plans = new Map<string, string[]>();

// Times every statement that Kysely runs through better-sqlite3 (bench code only).
const proto = SQLite.prototype as unknown as { prepare: (sql: string) => SQLite.Statement };
const originalPrepare = proto.prepare;
// --stmt-cache: what a prepared-statement cache in src/db/create-db.ts would save (Kysely prepares every query anew).
const stmtCache = process.argv.includes('--stmt-cache') ? new Map<string, SQLite.Statement>() : null;
proto.prepare = function prepare(this: SQLite.Database, sql: string) {
  const cached = stmtCache?.get(sql);
  if (cached && !cached.busy) return cached;
  const stmt = originalPrepare.call(this, sql) as SQLite.Statement & Record<string, unknown>;
  if (stmtCache) {
    if (stmtCache.size >= 1000) stmtCache.clear();
    stmtCache.set(sql, stmt);
  }
  for (const method of ['all', 'get', 'run', 'iterate'] as const) {
    const fn = stmt[method] as (...args: unknown[]) => unknown;
    stmt[method] = ((...args: unknown[]) => {
      const started = performance.now();
      try {
        return fn.apply(stmt, args);
      } finally {
        const ms = performance.now() - started;
        if (current) {
          const s = current.get(sql) ?? { sql, count: 0, ms: 0, params: args };
          s.count++;
          s.ms += ms;
          current.set(sql, s);
          if (!plans.has(sql) && /^\s*select/i.test(sql)) {
            try {
              const rows = originalPrepare.call(this, `EXPLAIN QUERY PLAN ${sql}`).all(...(args as [])) as Array<{ detail: string }>;
              plans.set(
                sql,
                rows.map((r) => r.detail),
              );
            } catch {
              plans.set(sql, ['(no plan)']);
            }
          }
        }
      }
    }) as never;
  }
  return stmt;
};

function arg(name: string, fallback: number): number {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : fallback;
}

async function main() {
  const seed = { ...DEFAULT_SEED, accounts: arg('accounts', DEFAULT_SEED.accounts), posts: arg('posts', DEFAULT_SEED.posts) };
  const n = arg('requests', 50);
  const only = process.argv.find((x) => x.startsWith('--only='))?.slice(7);
  const seeded = await ensureSeeded(seed, { log: console.error });
  const dir = join(DEFAULT_CACHE_DIR, `profile-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(seeded.dbPath, join(dir, 'tribune.sqlite'), constants.COPYFILE_FICLONE);
  writeFileSync(join(dir, 'secret.key'), 'bench-secret-'.padEnd(64, '0'));
  const config = loadConfig({}, { dataDir: dir, logLevel: 'silent', publicUrl: seeded.meta.publicUrl, shieldEnabled: false });
  const ctx = await createContext(config, { logger: createLogger('silent') });
  const app = createApp(ctx);
  const cpuDir = process.argv.find((x) => x.startsWith('--cpu='))?.slice(6);
  const inspector = cpuDir ? new Session() : null;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
  }
  try {
    for (const spec of endpointSpecs(seeded.meta)) {
      if (only && !only.split(',').some((o) => spec.name.startsWith(o))) continue;
      const call = async (i: number) => {
        const r = spec.next(i);
        const res = await app.request(r.path, {
          method: spec.method,
          headers: { ...(r.token ? { authorization: `Bearer ${r.token}` } : {}), ...(r.json !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: r.json !== undefined ? JSON.stringify(r.json) : undefined,
        });
        await res.arrayBuffer();
        return res.status;
      };
      for (let i = 0; i < 10; i++) await call(1000 + i);
      if (inspector) await inspector.post('Profiler.start');
      current = new Map();
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      const statuses = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const st = await call(i);
        statuses.set(st, (statuses.get(st) ?? 0) + 1);
      }
      const total = performance.now() - started;
      const cpu = process.cpuUsage(cpuStarted);
      // CPU time is steadier than wall time on a shared machine.
      const cpuMs = (cpu.user + cpu.system) / 1000;
      if (inspector && cpuDir) {
        const { profile } = await inspector.post('Profiler.stop');
        mkdirSync(cpuDir, { recursive: true });
        writeFileSync(join(cpuDir, `${spec.name.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
      }
      const stats = [...current.values()].sort((a, b) => b.ms - a.ms);
      current = null;
      const sqlMs = stats.reduce((s, q) => s + q.ms, 0);
      const queries = stats.reduce((s, q) => s + q.count, 0);
      console.log(
        `\n== ${spec.name}: ${(total / n).toFixed(2)} ms per request, ${(cpuMs / n).toFixed(2)} ms CPU (${(sqlMs / n).toFixed(2)} ms in SQL, ${(queries / n).toFixed(1)} statements), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      for (const q of stats.slice(0, arg('top', 6))) {
        console.log(`  ${(q.ms / n).toFixed(2)} ms/request, ${(q.count / n).toFixed(1)}x: ${q.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
        for (const p of plans.get(q.sql) ?? []) console.log(`      plan: ${p}`);
      }
    }
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
