import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../db/ids.js';

// Several Tribune processes share one secret and one database: their snowflakes must not meet.
describe('IDs made by several processes', () => {
  it('stay distinct across 64 process numbers, 1,024 IDs each in one millisecond', () => {
    const ms = Date.UTC(2026, 10, 25);
    const seen = new Set<string>();
    for (let node = 0; node < 64; node++) {
      const ids = createIdGenerator('one shared secret', node);
      for (let i = 0; i < 1024; i++) seen.add(ids.next(ms));
    }
    expect(seen.size).toBe(64 * 1024);
  });

  it('collide when two processes have the same number (why each process needs its own)', () => {
    const ms = Date.UTC(2026, 10, 25);
    expect(createIdGenerator('one shared secret', 5).next(ms)).toBe(createIdGenerator('one shared secret', 5).next(ms));
  });
});
