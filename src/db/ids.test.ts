import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIdGenerator, timeOfId } from './ids.js';

const increasing = (ids: string[]) => ids.every((id, i) => i === 0 || BigInt(id) > BigInt(ids[i - 1]!));

describe('snowflake IDs', () => {
  it('sort in the order they were made within one millisecond, even when the keyed low bits start near the top', () => {
    const secret = 'a secret';
    // A millisecond whose keyed hash leaves fewer than 8 values before the 16 bits overflow.
    let ms = Date.UTC(2026, 10, 25);
    while (createHmac('sha256', secret).update(String(ms)).digest().readUInt16BE(0) < 0xfff8) ms++;
    const gen = createIdGenerator(secret);
    const ids = Array.from({ length: 32 }, () => gen.next(ms));
    expect(new Set(ids).size).toBe(32);
    expect(increasing(ids)).toBe(true);
  });

  it('keep increasing when the clock steps back', () => {
    const gen = createIdGenerator('a secret');
    const now = Date.UTC(2026, 10, 25);
    const ids = [gen.next(now), gen.next(now - 5000), gen.next(now - 1), gen.next(now)];
    expect(increasing(ids)).toBe(true);
    expect(timeOfId(ids[1]!)).toBe(now);
  });

  it('move to the next millisecond rather than leave a process its 1,024-wide window', () => {
    const gen = createIdGenerator('a secret', 7);
    const ms = Date.UTC(2026, 10, 25);
    const ids = Array.from({ length: 3000 }, () => gen.next(ms));
    expect(increasing(ids)).toBe(true);
    expect(timeOfId(ids.at(-1)!)).toBeGreaterThan(ms);
  });
});
