import { describe, expect, it } from 'vitest';
import { progressPrinter } from './progress.js';

function sink(isTTY: boolean) {
  let text = '';
  const write = (s: string) => {
    text += s;
    return true;
  };
  const out = { isTTY, write } as unknown as NodeJS.WriteStream;
  return { out, text: () => text };
}

describe('progress bars', () => {
  it('prints a bar once per tenth in a log, and plain lines as they come', () => {
    const s = sink(false);
    const p = progressPrinter(s.out);
    for (let done = 1000; done <= 10_000; done += 500) p.progress('  statuses: ... rows...', { done, total: 10_000 });
    p.progress('  statuses: 10,000 row(s)');
    const lines = s.text().trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(`  statuses [###${'.'.repeat(27)}] 10% 1,000/10,000`);
    expect(lines[9]).toBe(`  statuses [${'#'.repeat(30)}] 100% 10,000/10,000`);
    expect(lines[10]).toBe('  statuses: 10,000 row(s)');
  });

  it('redraws one bar in place on a terminal and clears it before the next line', () => {
    const s = sink(true);
    const p = progressPrinter(s.out);
    p.progress('  accounts: 5 rows...', { done: 5, total: 10 });
    p.progress('  accounts: 10 rows...', { done: 10, total: 10 });
    p.line('done');
    expect(s.text()).toBe(`\r\x1b[2K  accounts [${'#'.repeat(15)}${'.'.repeat(15)}] 50% 5/10\r\x1b[2K  accounts [${'#'.repeat(30)}] 100% 10/10\r\x1b[2Kdone\n`);
  });
});
