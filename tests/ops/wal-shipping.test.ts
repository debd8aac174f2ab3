import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decrypter, Encrypter } from 'age-encryption';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/backup/encryption.js';
import { BACKUP_NAME, backupTime, parseWalName, stampTime, type WalFile } from '../../src/backup/target.js';
import { FRAME_HEADER_BYTES, WAL_HEADER_BYTES } from '../../src/backup/wal-format.js';
import { runTribune } from '../helpers/cli.js';
import { seedUsers, startServeProcess, tempDataDir } from './serve-process.js';

// WAL shipping end to end: `tribune serve` on SQLite with BACKUP_TARGET takes its full backup, then ships its log
// every second (emptying it past 1 MB, so the chain spans several logs). It is killed with SIGKILL; `tribune restore
// --latest` in a fresh DATA_DIR brings back every post acknowledged before the last shipped segment, although all were
// made after the full backup. A last segment cut in the middle of a frame, or cut as a file, stops the replay at the
// last complete commit before it: every earlier post is there, the torn one is not, and the restore says so.

const work = mkdtempSync(join(tmpdir(), 'tribune-wal-'));
afterAll(() => (process.env.KEEP_WAL_TEST ? console.log(work) : rmSync(work, { recursive: true, force: true })));

type Segment = Extract<WalFile, { kind: 'segment' }>;
const walFiles = (dir: string) =>
  readdirSync(dir)
    .map((n) => parseWalName(n))
    .filter((w): w is WalFile => w !== null);
const segments = (dir: string) => walFiles(dir).filter((w): w is Segment => w.kind === 'segment');

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 240_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function postsIn(dataDir: string, ids: string[]): Set<string> {
  const db = new Database(join(dataDir, 'tribune.sqlite'), { readonly: true });
  try {
    // As text: ids pass 2^53, past what a JavaScript number holds exactly.
    const rows = db.prepare(`SELECT CAST(id AS TEXT) AS id FROM statuses WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as Array<{ id: string }>;
    return new Set(rows.map((r) => r.id));
  } finally {
    db.close();
  }
}

describe('WAL shipping on SQLite', { timeout: 900_000 }, () => {
  it('restores the posts shipped after the last full backup, and stops cleanly at a torn last segment', async () => {
    const keys = await generateKeyPair();
    const identity = join(work, 'identity.txt');
    writeFileSync(identity, `${keys.identity}\n`);
    const dataDir = tempDataDir();
    const target = join(work, 'target');
    const [author] = await seedUsers(dataDir, ['author']);
    const server = await startServeProcess(dataDir, {
      BACKUP_TARGET: target,
      BACKUP_EVERY: '1h',
      BACKUP_RECIPIENT: keys.recipient,
      BACKUP_WAL_EVERY: '1s',
      BACKUP_WAL_MAX_MB: '1',
    });
    const acked: Array<{ id: string; at: number }> = [];
    const post = async (text: string) => {
      const res = await fetch(`${server.url}/api/v1/statuses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${author!.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: text, visibility: 'public' }),
      });
      expect(res.status).toBe(200);
      acked.push({ id: ((await res.json()) as { id: string }).id, at: Date.now() });
    };
    try {
      // The full backup taken at start, then the chain it starts (its base copy of the database).
      const backup = await until('the full backup', () => readdirSync(target).find((n) => BACKUP_NAME.test(n)));
      const backupAt = backupTime(backup)!.getTime();
      await until('a WAL chain after the backup', () => walFiles(target).find((w) => w.kind === 'base' && stampTime(w.chain).getTime() >= backupAt));
      // Posts until the log was emptied at least once (1 MB), so the replay crosses logs.
      for (let i = 0; i < 600 && !segments(target).some((s) => s.log >= 1); i++) await post(`shipped post ${i} ${'words '.repeat(60)}`);
      expect(segments(target).some((s) => s.log >= 1)).toBe(true);
      const before = acked[acked.length - 1]!.at;
      await until('the posts before the last one shipped', () => segments(target).some((s) => s.shippedAt.getTime() > before));
      await post('the last post before the crash');
      const last = acked[acked.length - 1]!;
      // Its segment: the first one read after it was acknowledged (its commit came before the answer).
      const lastSegment = await until('the last post shipped', () => segments(target).find((s) => s.shippedAt.getTime() > last.at));
      server.child.kill('SIGKILL');
      await server.exited();
      const chainOf = lastSegment.chain;
      // One chain since the backup, never broken.
      expect(server.output()).not.toMatch(/WAL chain broken/);
      expect(walFiles(target).filter((w) => w.kind === 'base' && w.chain > chainOf)).toEqual([]);

      // 1. Everything shipped comes back, although every post was made after the full backup.
      const whole = mkdtempSync(join(work, 'whole-'));
      const r = await runTribune(['restore', '--latest', '--identity', identity], { DATA_DIR: whole, BACKUP_TARGET: target });
      expect(r.code, r.err + r.out).toBe(0);
      expect(r.out).toMatch(/Replayed (\d+) of \1 WAL segment\(s\)/);
      expect(acked.every((a) => a.at > backupAt)).toBe(true);
      const ids = acked.map((a) => a.id);
      expect(ids.filter((id) => !postsIn(whole, ids).has(id))).toEqual([]);

      // A last segment torn (as a crash in its upload leaves it): without the segments after it, cut (a) inside
      // its first frame, before any commit; (b) as a file, so it no longer decrypts.
      const plain = Buffer.from(
        await (() => {
          const d = new Decrypter();
          d.addIdentity(keys.identity);
          return d.decrypt(readFileSync(join(target, lastSegment.name)));
        })(),
      );
      const pageSize = plain.readUInt32BE(8);
      expect(plain.length).toBeGreaterThan(WAL_HEADER_BYTES + FRAME_HEADER_BYTES + pageSize);
      const torn = async (tear: (file: string) => Promise<void>) => {
        const copy = mkdtempSync(join(work, 'torn-target-'));
        cpSync(target, copy, { recursive: true });
        for (const s of segments(copy))
          if (s.chain === chainOf && (s.log > lastSegment.log || (s.log === lastSegment.log && s.firstFrame > lastSegment.firstFrame)))
            rmSync(join(copy, s.name));
        await tear(join(copy, lastSegment.name));
        const into = mkdtempSync(join(work, 'torn-'));
        const t = await runTribune(['restore', '--latest', '--identity', identity], { DATA_DIR: into, BACKUP_TARGET: copy });
        expect(t.code, t.err + t.out).toBe(0);
        const present = postsIn(into, ids);
        // Every post before the torn segment is there; the one only in it is not.
        expect(ids.slice(0, -1).filter((id) => !present.has(id))).toEqual([]);
        expect(present.has(last.id)).toBe(false);
        return t.err;
      };
      const cutFrame = await torn(async (file) => {
        const e = new Encrypter();
        e.addRecipient(keys.recipient);
        writeFileSync(file, await e.encrypt(plain.subarray(0, WAL_HEADER_BYTES + FRAME_HEADER_BYTES + pageSize / 2)));
      });
      expect(cutFrame).toMatch(/stopped early: segment .* is torn/);
      const cutFile = await torn(async (file) => {
        const bytes = readFileSync(file);
        writeFileSync(file, bytes.subarray(0, bytes.length - 100));
      });
      expect(cutFile).toMatch(/stopped early: segment .* cannot be read/);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
