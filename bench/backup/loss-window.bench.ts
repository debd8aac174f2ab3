// How many seconds of posts a crash loses with scheduled off-site backups on SQLite, measured: the real server
// (`tribune serve`, BACKUP_EVERY, BACKUP_TARGET a directory) takes posts at 4/s while it backs up on schedule; it is
// killed with SIGKILL at a random moment once its second backup is stored (the host vanishes), the newest backup is restored with
// `tribune restore --latest` into a fresh DATA_DIR, and the acknowledged posts missing there are counted.
// Two modes, each `--trials` crashes: full backups only (BACKUP_WAL_EVERY=off), and with WAL shipping every
// `--wal-every` seconds beside them (restore --latest then replays the segments shipped since the backup).
// `npx tsx bench/backup/loss-window.bench.ts --every=30 --wal-every=10 --trials=3 [--accounts=1000 --posts=100000] [--modes=full,wal]`
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateKeyPair } from '../../src/backup/encryption.js';
import { BACKUP_NAME } from '../../src/backup/target.js';
import { runTribune } from '../../tests/helpers/cli.js';
import { DEFAULT_SEED, ensureSeeded } from '../core/seed.js';
import { startBenchServer } from '../core/server.js';

const arg = (name: string, fallback: number) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};

function run(args: string[], env: Record<string, string>) {
  return runTribune(args, env, { logLevel: 'warn' });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main() {
  const every = arg('every', 30);
  const walEvery = arg('wal-every', 10);
  const trials = arg('trials', 3);
  const modes = (process.argv.find((a) => a.startsWith('--modes='))?.split('=')[1] ?? 'full,wal').split(',') as Array<'full' | 'wal'>;
  const seed = { ...DEFAULT_SEED, accounts: arg('accounts', 1000), posts: arg('posts', 100_000) };
  const seeded = await ensureSeeded(seed, { log: console.error });
  const token = seeded.meta.tokens[0]!.token;
  const keys = await generateKeyPair();
  const work = mkdtempSync(join(tmpdir(), 'tribune-loss-'));
  const identity = join(work, 'identity.txt');
  writeFileSync(identity, `${keys.identity}\n`);
  console.log(`BACKUP_EVERY=${every}s on ${seeded.meta.counts.statuses} posts; ${trials} crash(es) at a random moment per mode`);
  const summary: string[] = [];
  try {
    for (const mode of modes) {
      const results: Array<{ lostSeconds: number; lost: number; acked: number }> = [];
      for (let trial = 0; trial < trials; trial++) {
        const dataDir = mkdtempSync(join(work, 'old-'));
        copyFileSync(seeded.dbPath, join(dataDir, 'tribune.sqlite'));
        const target = join(work, `backups-${mode}-${trial}`);
        Object.assign(process.env, {
          BACKUP_TARGET: target,
          BACKUP_EVERY: `${every}s`,
          BACKUP_RECIPIENT: keys.recipient,
          BACKUP_WAL_EVERY: mode === 'wal' ? `${walEvery}s` : 'off',
        });
        const server = await startBenchServer({ dataDir, publicUrl: seeded.meta.publicUrl, log: console.error, timeoutMs: 300_000 });
        const acked: Array<{ id: string; at: number }> = [];
        // Steady state: once the second backup (the first taken while posts arrive) is stored, a moment anywhere in
        // the next two periods.
        let crashAt = Number.POSITIVE_INFINITY;
        const started = Date.now();
        while (Date.now() < crashAt) {
          if (crashAt === Number.POSITIVE_INFINITY && existsSync(target) && readdirSync(target).filter((n) => BACKUP_NAME.test(n)).length >= 2) {
            crashAt = Date.now() + Math.random() * 2 * every * 1000;
            console.error(`second backup stored after ${((Date.now() - started) / 1000).toFixed(1)} s`);
          }
          if (Date.now() - started > 600_000) throw new Error('no backup stored within 10 minutes');
          const res = await fetch(`${server.url}/api/v1/statuses`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ status: `loss window probe ${acked.length}` }),
          }).catch(() => null);
          if (res?.ok) acked.push({ id: ((await res.json()) as { id: string }).id, at: Date.now() });
          await new Promise((r) => setTimeout(r, 250));
        }
        process.kill(server.pid, 'SIGKILL');
        const crashed = Date.now();
        await server.stop().catch(() => {});
        const fresh = mkdtempSync(join(work, 'new-'));
        const r = await run(['restore', '--latest', '--identity', identity], { DATA_DIR: fresh, BACKUP_TARGET: target });
        if (r.code !== 0) throw new Error(r.err);
        const replayed = /Replayed .*/.exec(r.out)?.[0];
        if (replayed) console.error(replayed);
        const db = new Database(join(fresh, 'tribune.sqlite'), { readonly: true });
        const present = new Set(
          // As text: ids pass 2^53, which a JavaScript number does not hold exactly.
          (
            db.prepare(`SELECT CAST(id AS TEXT) AS id FROM statuses WHERE id IN (${acked.map(() => '?').join(',')})`).all(...acked.map((a) => a.id)) as Array<{
              id: string;
            }>
          ).map((row) => row.id),
        );
        db.close();
        const missing = acked.filter((a) => !present.has(a.id));
        const lostSeconds = missing.length ? (crashed - missing[0]!.at) / 1000 : 0;
        results.push({ lostSeconds, lost: missing.length, acked: acked.length });
        console.log(
          `${mode} crash ${trial + 1}: ${missing.length} of ${acked.length} acknowledged posts lost, the last ${lostSeconds.toFixed(1)} s before the crash`,
        );
      }
      const lost = results.map((r) => r.lostSeconds);
      summary.push(
        `${mode === 'wal' ? `full backups every ${every}s + WAL shipping every ${walEvery}s` : `full backups every ${every}s only`}: worst ${Math.max(...lost).toFixed(1)} s, median ${median(lost).toFixed(1)} s of posts lost over ${lost.length} crash(es)`,
      );
    }
    for (const line of summary) console.log(line);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
