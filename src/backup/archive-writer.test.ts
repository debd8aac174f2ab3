import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { extract } from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { createArchiveWriter } from './archive-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'tribune-archive-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the archive writer', () => {
  it('writes files and streams that tar reads back byte for byte, under long key names', async () => {
    writeFileSync(join(dir, 'rows.jsonl'), '{"id":"1"}\n');
    const file = join(dir, 'a.tar.gz');
    const writer = createArchiveWriter(file);
    const key = `media/original/ab/cd/${'ab'.repeat(32)}.jpg`;
    const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
    await writer.addFile('db/rows.jsonl', join(dir, 'rows.jsonl'), 0o600);
    await writer.addStream(key, bytes.length, Readable.from([bytes.subarray(0, 30_000), bytes.subarray(30_000)]));
    await writer.finish();
    const out = join(dir, 'out');
    mkdirSync(out);
    await extract({ file, cwd: out });
    expect(readFileSync(join(out, 'db/rows.jsonl'), 'utf8')).toBe('{"id":"1"}\n');
    expect(readFileSync(join(out, key)).equals(bytes)).toBe(true);
  });

  it('fails the entry whose source fails (a bucket connection dropped), and refuses to overwrite a file', async () => {
    const file = join(dir, 'b.tar.gz');
    const writer = createArchiveWriter(file);
    const broken = new Readable({
      read() {
        this.destroy(new Error('socket hang up'));
      },
    });
    await expect(writer.addStream('media/x', 10, broken)).rejects.toThrow(/socket hang up/);
    await writer.abort(new Error('stopped'));
    const again = createArchiveWriter(file);
    await expect(again.finish()).rejects.toThrow(/EEXIST/);
  });
});
