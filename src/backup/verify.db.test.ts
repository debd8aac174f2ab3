import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/server.js';
import { generateKeyPair } from './encryption.js';
import { writeOffsiteBackup } from './schedule.js';
import type { BackupTarget } from './target.js';
import { createDirTarget } from './targets.js';

// The check after writing: a backup is read back from its target and decrypted; one that does not read back as
// written (a storage that corrupted or truncated it) is removed and the run fails, naming it.

describe('off-site backups are verified after writing', { timeout: 120_000 }, () => {
  let t: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'tribune-verify-'));

  beforeAll(async () => {
    const { recipient } = await generateKeyPair();
    t = await startTestServer({
      backup: { target: dir, recipients: [recipient], keepHourly: 24, keepDaily: 30, s3: { region: 'us-east-1', forcePathStyle: true } },
    });
    const ada = await t.createUser('ada');
    await t.postStatus(ada, 'one post to back up');
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const readingBack = (change: (bytes: Buffer) => Buffer): BackupTarget => {
    const target = createDirTarget(dir);
    return { ...target, open: async (name) => Readable.from([change(readFileSync(join(dir, name)))]) };
  };

  it('keeps a backup that reads back, and says where it is', async () => {
    const r = await writeOffsiteBackup(t.ctx, { target: createDirTarget(dir) });
    expect(r.rows).toBeGreaterThan(0);
    expect(r.where).toBe(`${dir}/`);
    expect(existsSync(join(dir, r.name))).toBe(true);
    expect(readFileSync(join(dir, r.name)).subarray(0, 21).toString('latin1')).toBe('age-encryption.org/v1');
    rmSync(join(dir, r.name));
  });

  it('removes a backup whose stored copy has a changed byte, and fails naming it', async () => {
    const flip = (b: Buffer) => {
      const c = Buffer.from(b);
      c[Math.floor(c.length / 2)]! ^= 0x40;
      return c;
    };
    await expect(writeOffsiteBackup(t.ctx, { target: readingBack(flip) })).rejects.toThrow(
      /tribune-backup-.*\.tar\.gz\.age did not read back as written .*it was removed/,
    );
    expect(readdirSync(dir).filter((n) => n.startsWith('tribune-backup-'))).toEqual([]);
  });

  it('removes a backup whose stored copy was cut short', async () => {
    await new Promise((r) => setTimeout(r, 1000)); // a new name: backups are named by the second
    await expect(writeOffsiteBackup(t.ctx, { target: readingBack((b) => b.subarray(0, b.length - 100)) })).rejects.toThrow(/did not read back as written/);
    expect(readdirSync(dir).filter((n) => n.startsWith('tribune-backup-'))).toEqual([]);
  });

  it('reads a stored copy back as a stream', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    const target = createDirTarget(dir);
    const r = await writeOffsiteBackup(t.ctx, { target: { ...target, open: async (name) => createReadStream(join(dir, name), { highWaterMark: 1024 }) } });
    expect(existsSync(join(dir, r.name))).toBe(true);
  });
});
