import { describe, expect, it } from 'vitest';
import { parseHashList } from './parse.js';

const PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';

describe('parseHashList', () => {
  it('reads PDQ, md5 and sha256 lines with labels, skipping comments and blank lines', () => {
    const text = `\uFEFF# a list\r\n\r\n${PDQ.toUpperCase()},Attack video, frame 3\npdq:${PDQ},again\nmd5:${'a'.repeat(32)},exact\n  sha256:${'b'.repeat(64)} , spaced  \n${PDQ}\n`;
    const { entries, bad } = parseHashList(text);
    expect(bad).toEqual([]);
    expect(entries).toEqual([
      { kind: 'pdq', hash: PDQ, label: 'Attack video, frame 3', line: 3 },
      { kind: 'pdq', hash: PDQ, label: 'again', line: 4 },
      { kind: 'md5', hash: 'a'.repeat(32), label: 'exact', line: 5 },
      { kind: 'sha256', hash: 'b'.repeat(64), label: 'spaced', line: 6 },
      { kind: 'pdq', hash: PDQ, label: '', line: 7 },
    ]);
  });

  it('names each bad line by its number and says what is wrong', () => {
    const { entries, bad } = parseHashList(
      `${PDQ},ok\n${PDQ.slice(2)},short\nmd5:${'a'.repeat(64)},long\nsha1:${'c'.repeat(40)},kind\nnot a hash\n${PDQ},${'x'.repeat(501)}`,
    );
    expect(entries).toHaveLength(1);
    expect(bad.map((b) => b.line)).toEqual([2, 3, 4, 5, 6]);
    expect(bad[0]!.error).toMatch(/64 hex digits, got 62/);
    expect(bad[1]!.error).toMatch(/md5 hash is 32 hex digits/);
    expect(bad[2]!.error).toMatch(/unknown hash kind "sha1"/);
    expect(bad[3]!.error).toMatch(/hex digits/);
    expect(bad[4]!.error).toMatch(/label longer/);
  });
});
