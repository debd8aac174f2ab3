// How long a move and an off-site backup take on the benchmark's seeded community (bench/core/seed.ts), each step run
// as the operator runs it (`node bin/tribune.js ...` as a process):
//   1. tribune backup --offsite (encrypted, read back and checked) into a directory: the full backup's duration and
//      size, which bound how small BACKUP_EVERY can be;
//   2. tribune move --to DIR (SQLite -> SQLite);
//   3. tribune move --to postgres://... (SQLite -> PostgreSQL), when BENCH_PG_URL names a server to create a database on.
// `npx tsx bench/backup/move.bench.ts --accounts=1000 --posts=100000` (defaults: the full 10,000 / 1,000,000).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '../../src/backup/encryption.js';
import { type CliRun, runTribune } from '../../tests/helpers/cli.js';
import { DEFAULT_SEED, ensureSeeded } from '../core/seed.js';

const arg = (name: string, fallback: number) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};

async function run(args: string[], env: Record<string, string>): Promise<CliRun & { seconds: number }> {
  const started = Date.now();
  const r = await runTribune(args, env, { logLevel: 'warn' });
  return { ...r, seconds: (Date.now() - started) / 1000 };
}

async function main() {
  const seed = { ...DEFAULT_SEED, accounts: arg('accounts', DEFAULT_SEED.accounts), posts: arg('posts', DEFAULT_SEED.posts) };
  const seeded = await ensureSeeded(seed, { log: console.error });
  const work = mkdtempSync(join(tmpdir(), 'tribune-move-bench-'));
  const fresh = () => {
    const dir = mkdtempSync(join(work, 'old-'));
    copyFileSync(seeded.dbPath, join(dir, 'tribune.sqlite'));
    return dir;
  };
  const SECRET_KEY = randomBytes(32).toString('hex');
  const { recipient } = await generateKeyPair();
  const rows: string[] = [];
  const report = (what: string, seconds: number, extra = '') => {
    const line = `${what.padEnd(44)} ${seconds.toFixed(1).padStart(7)} s ${extra}`;
    rows.push(line);
    console.log(line);
  };
  console.log(
    `${seeded.meta.counts.accounts} accounts, ${seeded.meta.counts.statuses} posts; SQLite file ${(statSync(seeded.dbPath).size / 1e6).toFixed(0)} MB`,
  );
  try {
    const old = fresh();
    const b = await run(['backup', '--offsite'], { DATA_DIR: old, SECRET_KEY, BACKUP_TARGET: join(work, 'backups'), BACKUP_RECIPIENT: recipient });
    if (b.code !== 0) throw new Error(b.err);
    report('backup --offsite (encrypted, verified)', b.seconds, b.out.split('\n')[1]?.trim() ?? '');

    const m1 = await run(['move', '--to', join(work, 'new-sqlite'), '--new-address', 'https://new.example', '--settle', '5'], {
      DATA_DIR: fresh(),
      SECRET_KEY,
    });
    if (m1.code !== 0) throw new Error(m1.err);
    report('move SQLite -> SQLite (5 s settle included)', m1.seconds);
    for (const l of m1.out.split('\n').filter((l) => /^\s+\S.*: [\d.]+ s$/.test(l))) console.log(`    ${l.trim()}`);

    const pg = process.env.BENCH_PG_URL;
    if (pg) {
      const name = `tribune_move_bench_${randomBytes(4).toString('hex')}`;
      execFileSync('psql', [pg, '-qc', `CREATE DATABASE ${name}`]);
      const url = new URL(pg);
      url.pathname = `/${name}`;
      try {
        const m2 = await run(['move', '--to', url.toString(), '--data-dir', join(work, 'new-pg'), '--new-address', 'https://new.example', '--settle', '5'], {
          DATA_DIR: fresh(),
          SECRET_KEY,
        });
        if (m2.code !== 0) throw new Error(m2.err);
        report('move SQLite -> PostgreSQL (5 s settle included)', m2.seconds);
        for (const l of m2.out.split('\n').filter((l) => /^\s+\S.*: [\d.]+ s$/.test(l))) console.log(`    ${l.trim()}`);
      } finally {
        execFileSync('psql', [pg, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
