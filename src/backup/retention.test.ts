import { describe, expect, it } from 'vitest';
import { expiredBackups } from './retention.js';

const name = (iso: string) => `tribune-backup-${iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.tar.gz.age`;

describe('backup retention', () => {
  const now = new Date('2026-12-04T19:40:00Z');
  const keep = { keepHourly: 24, keepDaily: 30 };

  it('keeps the newest of each hour for a day and the newest of each day for a month', () => {
    const names = [
      name('2026-12-04T19:30:00Z'),
      name('2026-12-04T19:15:00Z'), // same hour as 19:30: goes
      name('2026-12-04T18:45:00Z'),
      name('2026-12-04T18:00:00Z'), // goes
      name('2026-12-03T10:00:00Z'), // 33 h old: newest of its day, kept
      name('2026-12-03T09:00:00Z'), // same day: goes
      name('2026-11-10T00:00:00Z'), // 24 days: kept
      name('2026-11-01T12:00:00Z'), // 33 days: goes
    ];
    expect(expiredBackups(names, now, keep).sort()).toEqual(
      [name('2026-12-04T19:15:00Z'), name('2026-12-04T18:00:00Z'), name('2026-12-03T09:00:00Z'), name('2026-11-01T12:00:00Z')].sort(),
    );
  });

  it('always keeps the newest backup, however old, and never touches other files', () => {
    expect(expiredBackups([name('2020-01-01T00:00:00Z'), name('2019-01-01T00:00:00Z'), 'notes.txt'], now, keep)).toEqual([name('2019-01-01T00:00:00Z')]);
  });

  it('keeps only the newest when both windows are 0', () => {
    expect(expiredBackups([name('2026-12-04T19:30:00Z'), name('2026-12-04T19:35:00Z')], now, { keepHourly: 0, keepDaily: 0 })).toEqual([
      name('2026-12-04T19:30:00Z'),
    ]);
  });
});
