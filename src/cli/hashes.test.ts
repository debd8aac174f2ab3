import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeClip, TEST_CARD } from '../../tests/media/video-clips.js';
import type { MediaConfig } from '../config/config.js';
import { PDQ_IMAGES } from '../media/pdq/reference-dir.js';
import { processVideo } from '../media/video/process-video.js';

// Runs `tribune hashes` as a real process, against a SQLite database in a temp DATA_DIR for the list commands.
const dataDir = mkdtempSync(join(tmpdir(), 'tribune-hashes-'));
const bin = join(import.meta.dirname, '../../bin/tribune.js');
const IMAGES = PDQ_IMAGES;
const PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';

function hashes(...args: string[]) {
  const res = spawnSync(process.execPath, [bin, 'hashes', ...args], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SECRET_KEY: 'x'.repeat(64) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

function file(name: string, text: string): string {
  const p = join(dataDir, name);
  writeFileSync(p, text);
  return p;
}

describe('tribune hashes', { timeout: 90_000 }, () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints the PDQ hash, quality and name of each image', () => {
    const bridge = join(IMAGES, 'reg-test-input/dih/bridge-1-original.jpg');
    const small = join(IMAGES, 'misc-images/small.jpg');
    const r = hashes('pdq', bridge, small);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${PDQ} 100 ${bridge}\n0007001f003f003f007f00ff00ff00ff01ff01ff01ff03ff03ff03ff03ff03ff 0 ${small}\n`);
    const dih = hashes('pdq', '--dihedral', bridge);
    expect(dih.out.trim().split('\n')).toHaveLength(8);
    expect(dih.out).toMatch(/ rotate90\n/);
  });

  it('says what to do about an unreadable file, hashes the others and exits 1', () => {
    const notImage = file('notes.jpg', 'not an image');
    const small = join(IMAGES, 'misc-images/small.jpg');
    const r = hashes('pdq', notImage, join(dataDir, 'missing.png'), small);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${notImage}: neither an image sharp can read (JPEG, PNG, WebP, GIF, AVIF, TIFF, HEIF) nor a video ffmpeg can`);
    expect(r.err).toMatch(/missing\.png: no such file; check the path/);
    expect(r.out).toContain(` 0 ${small}`);
    expect(hashes('pdq').code).toBe(2);
  });

  it('prints one line per second of a video, the same hashes an upload of it is matched on', async () => {
    const clip = await makeClip([...TEST_CARD, '-t', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac'], 'mp4');
    const path = join(dataDir, 'clip.mp4');
    writeFileSync(path, clip);
    const r = hashes('pdq', path);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const limits = { videoLimitBytes: 1e8, videoMatrixLimit: 8_294_400, videoFrameRateLimit: 120, videoMaxSeconds: 600 } as MediaConfig;
    const uploaded = (await processVideo(clip, { kind: 'video', limits })).frameHashes;
    expect(r.out).toBe(uploaded.map((f, second) => `${f.hash} ${f.quality} ${path}@${second}\n`).join(''));
    // An animated GIF is an image (its first frame) unless --video asks for its frames.
    const gif = join(dataDir, 'anim.gif');
    writeFileSync(gif, await makeClip(['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-t', '2'], 'gif'));
    expect(hashes('pdq', gif).out).toMatch(new RegExp(`^[0-9a-f]{64} \\d+ ${gif}\n$`));
    expect(hashes('pdq', '--video', gif).out).toMatch(new RegExp(`^[0-9a-f]{64} \\d+ ${gif}@0\n[0-9a-f]{64} \\d+ ${gif}@1\n$`));
  });

  it('imports a list, counting what was added, skipped as duplicates and refused', () => {
    const list = file('gifct-sample.csv', `# sample\n${PDQ},bridge\nmd5:${'a'.repeat(32)},exact\n${PDQ},twice\n`);
    const r = hashes('import', list);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/gifct-sample: added 2, skipped 1 duplicate, refused 0\./);
    expect(hashes('import', list, '--source', 'other').out).toMatch(/other: added 2, skipped 1 duplicate/);
    const db = new Database(join(dataDir, 'tribune.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT source, kind, label FROM hash_list_entries ORDER BY source, kind').all();
    db.close();
    expect(rows).toEqual([
      { source: 'gifct-sample', kind: 'md5', label: 'exact' },
      { source: 'gifct-sample', kind: 'pdq', label: 'bridge' },
      { source: 'other', kind: 'md5', label: 'exact' },
      { source: 'other', kind: 'pdq', label: 'bridge' },
    ]);
    expect(hashes('sources').out).toMatch(/gifct-sample: 2 \(pdq 1, md5 1, sha256 0\)/);
  });

  it('refuses a file with bad lines, naming each, unless told to skip them', () => {
    const list = file('bad.csv', `${PDQ.replace('f8', 'ff')},fine\n${PDQ.slice(4)},short\nsha1:abc,kind\n`);
    const r = hashes('import', list);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${list}:2: a pdq hash is 64 hex digits, got 60`);
    expect(r.err).toContain(`${list}:3: unknown hash kind "sha1"`);
    expect(r.err).toMatch(/Nothing imported: 2 bad lines.*--skip-bad-lines/);
    const skipped = hashes('import', list, '--skip-bad-lines');
    expect(skipped.code).toBe(0);
    expect(skipped.out).toMatch(/bad: added 1, skipped 0 duplicates, refused 2\./);
    expect(hashes('delete-source', 'bad').out).toMatch(/Removed 1 entries of "bad"/);
    expect(hashes('delete-source', 'bad').err).toMatch(/No hash list named "bad"/);
    expect(hashes('import', join(dataDir, 'nope.csv')).err).toMatch(/no such file/);
  });
});
