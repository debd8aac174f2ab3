import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTribune } from '../../tests/helpers/cli.js';
import { freshDatabase } from '../../tests/helpers/database.js';
import { startS3Server, type TestS3 } from '../../tests/helpers/s3-server.js';
import { startTestServer, type TestServer } from '../../tests/helpers/server.js';
import type { BackupConfig } from '../config/config.js';
import { createDb } from '../db/create-db.js';
import { generateKeyPair } from './encryption.js';
import { startBackupSchedule } from './schedule.js';
import { loadLastBackup } from './schedule.store.js';
import { buildCommunity, type Community, expectCommunityIntact } from './test-community.js';

// Scheduled off-site backups end to end: the running server's schedule (a short BACKUP_EVERY) writes encrypted
// backups into a directory and into a bucket of a local S3 server and prunes the expired ones; `tribune restore`
// as a process brings the newest back into a fresh host of each dialect, where the community is intact. A backup
// without the right identity, and one with a byte changed, are refused and leave the target empty.

const work = mkdtempSync(join(tmpdir(), 'tribune-offsite-'));
const dirs: string[] = [];
const drops: Array<() => Promise<void>> = [];

function tribune(args: string[], env: Record<string, string>) {
  return runTribune(args, env, { cwd: work });
}

const stamp = (t: Date) =>
  t
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
const backupName = (t: Date) => `tribune-backup-${stamp(t)}.tar.gz.age`;

/** A fresh host of either dialect a `tribune restore` process can reach. */
async function freshHost(dialect: 'sqlite' | 'pg'): Promise<{ env: Record<string, string>; url: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(work, `host-${dialect}-`));
  if (dialect === 'sqlite') return { env: { DATA_DIR: dataDir }, url: `sqlite:${join(dataDir, 'tribune.sqlite')}`, dataDir };
  if (process.env.DATABASE_URL) {
    const db = await freshDatabase('pg');
    drops.push(db.drop);
    return { env: { DATA_DIR: dataDir, DATABASE_URL: db.url }, url: db.url, dataDir };
  }
  const url = `pglite:${join(dataDir, 'pg')}`;
  return { env: { DATA_DIR: dataDir, DATABASE_URL: url }, url, dataDir };
}

async function statusCount(url: string): Promise<number> {
  const database = await createDb(url);
  try {
    const tables = await database.db.introspection.getTables();
    if (!tables.some((t) => t.name === 'statuses')) return 0;
    const row = await database.db
      .selectFrom('statuses')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await database.close();
  }
}

describe('scheduled encrypted off-site backups', { timeout: 240_000 }, () => {
  let s3: TestS3;
  let source: TestServer;
  let community: Community;
  let keys: { identity: string; recipient: string };
  let identityFile: string;
  const backups = join(work, 'backups');
  let base: BackupConfig;

  beforeAll(async () => {
    s3 = await startS3Server({ bucket: 'offsite' });
    keys = await generateKeyPair();
    identityFile = join(work, 'identity.txt');
    writeFileSync(identityFile, `# recipient: ${keys.recipient}\n${keys.identity}\n`, { mode: 0o600 });
    base = {
      target: backups,
      everyMs: 1500,
      recipients: [keys.recipient],
      keepHourly: 24,
      keepDaily: 30,
      s3: { endpoint: s3.endpoint, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true },
    };
    source = await startTestServer({ backup: base });
    community = await buildCommunity(source);
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    await s3?.stop();
    for (const d of drops) await d();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('writes encrypted backups into a directory on schedule and prunes the expired ones', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const old = backupName(new Date(now - 40 * day));
    const sameDayEarlier = backupName(new Date(Math.floor(now / day - 5) * day + 11 * 3_600_000));
    const sameDayLater = backupName(new Date(Math.floor(now / day - 5) * day + 12 * 3_600_000));
    mkdirSync(backups, { recursive: true });
    for (const n of [old, sameDayEarlier, sameDayLater, 'notes.txt']) writeFileSync(join(backups, n), 'not a real backup');

    const stop = startBackupSchedule(source.ctx);
    const fresh = () => readdirSync(backups).filter((n) => n.endsWith('.age') && ![old, sameDayEarlier, sameDayLater].includes(n));
    await expect.poll(fresh, { timeout: 60_000 }).toHaveLength(1);
    const first = fresh()[0]!;
    // The next period's backup replaces the first: both fall in this hour, whose newest alone is kept.
    await expect.poll(() => fresh()[0] !== first && fresh().length === 1, { timeout: 60_000 }).toBe(true);
    const left = readdirSync(backups).sort();
    expect(left).not.toContain(old);
    expect(left).not.toContain(sameDayEarlier);
    expect(left).toContain(sameDayLater);
    expect(left).toContain('notes.txt');
    stop();
    await source.ctx.jobs.drain();
    expect(readdirSync(backups).filter((n) => n.startsWith('.'))).toEqual([]);

    const newest = fresh()[0]!;
    const bytes = readFileSync(join(backups, newest));
    expect(bytes.subarray(0, 21).toString('latin1')).toBe('age-encryption.org/v1');
    // Encrypted: none of the community's text is readable in the file (it is compressed too, so look for the key).
    expect(bytes.includes(Buffer.from(source.ctx.config.secretKey))).toBe(false);
    const last = await loadLastBackup(source.ctx.db);
    expect(last?.where).toBe(`${backups}/`);
  });

  it('restores the newest backup with `tribune restore --latest` into a fresh host of either dialect', async () => {
    for (const dialect of ['sqlite', 'pg'] as const) {
      const host = await freshHost(dialect);
      const r = await tribune(['restore', '--latest', '--identity', identityFile], { ...host.env, BACKUP_TARGET: backups });
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/row counts match the manifest/);
      const restored = await startTestServer({
        databaseUrl: host.url,
        dataDir: host.dataDir,
        secretKey: readFileSync(join(host.dataDir, 'secret.key'), 'utf8').trim(),
      });
      try {
        await expectCommunityIntact(restored, community, source.url);
      } finally {
        await restored.close();
      }
    }
  });

  it('refuses a backup without its identity, or with another one, saying what to set', async () => {
    const host = await freshHost('sqlite');
    const none = await tribune(['restore', '--latest'], { ...host.env, BACKUP_TARGET: backups });
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/This backup is encrypted: pass --identity FILE .* or set BACKUP_IDENTITY/);
    const other = await generateKeyPair();
    const wrong = await tribune(['restore', '--latest'], { ...host.env, BACKUP_TARGET: backups, BACKUP_IDENTITY: other.identity });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/encrypted to another key/);
    expect(await statusCount(host.url)).toBe(0);
  });

  it('refuses a backup with one byte changed, and restores nothing', async () => {
    const newest = readdirSync(backups)
      .filter((n) => n.endsWith('.age'))
      .sort()
      .at(-1)!;
    const bytes = readFileSync(join(backups, newest));
    const tampered = join(work, newest);
    const changed = Buffer.from(bytes);
    const at = Math.floor(changed.length * 0.6);
    changed[at] = changed[at]! ^ 0x01;
    writeFileSync(tampered, changed);
    const host = await freshHost('sqlite');
    const r = await tribune(['restore', tampered, '--identity', identityFile], host.env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/failed authentication .* altered or damaged/);
    expect(await statusCount(host.url)).toBe(0);
  });

  it('writes them into an S3 bucket too, and restores from s3://bucket/key and --latest there', async () => {
    // The same running server, its target switched to the bucket (as an operator would by restarting with it).
    source.ctx.config.backup = { ...base, target: 's3://offsite/community/' };
    const stop = startBackupSchedule(source.ctx);
    const names = async () => (await s3.keys('offsite')).filter((k) => k.startsWith('community/tribune-backup-'));
    await expect.poll(names, { timeout: 60_000 }).toHaveLength(1);
    stop();
    await source.ctx.jobs.drain();
    expect(await names()).toHaveLength(1);
    const key = (await names())[0]!;
    const object = await s3.object(key, 'offsite');
    expect(object?.body.subarray(0, 21).toString('latin1')).toBe('age-encryption.org/v1');

    const env = { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_FORCE_PATH_STYLE: 'on' };
    const byKey = await freshHost('sqlite');
    const r = await tribune(['restore', `s3://offsite/${key}`], { ...byKey.env, ...env, BACKUP_IDENTITY: identityFile });
    expect(r.code, r.err).toBe(0);
    expect(await statusCount(byKey.url)).toBe(5);

    const latest = await freshHost('pg');
    const l = await tribune(['restore', '--latest', '--identity', identityFile], { ...latest.env, ...env, BACKUP_TARGET: 's3://offsite/community' });
    expect(l.code, l.err).toBe(0);
    expect(l.err).toContain(`s3://offsite/${key}`);
    expect(await statusCount(latest.url)).toBe(5);
  });

  it('refuses scheduled or off-site backups without a recipient, saying what to set', async () => {
    const host = await freshHost('sqlite');
    const serve = await tribune(['migrate'], { ...host.env, BACKUP_TARGET: backups, BACKUP_EVERY: '1h' });
    expect(serve.code).toBe(1);
    expect(serve.err).toMatch(/BACKUP_RECIPIENT is not set.*tribune backup keygen/);
    const now = await tribune(['backup', '--offsite'], { ...host.env, BACKUP_TARGET: backups });
    expect(now.code).toBe(2);
    expect(now.err).toMatch(/BACKUP_RECIPIENT is not set/);
  });
});
