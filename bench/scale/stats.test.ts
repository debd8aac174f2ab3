import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.js';
import { bigAccountFollowers, percentile, pickNewFollowers } from './stats.js';

describe('bench:scale helpers', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('gives the big account 50,000 followers, or half of a smaller community', () => {
    expect(bigAccountFollowers(100_000)).toBe(50_000);
    expect(bigAccountFollowers(1_000_000)).toBe(50_000);
    expect(bigAccountFollowers(10_000)).toBe(5_000);
  });

  it('picks distinct new followers, never the account itself nor one already following', () => {
    const already = new Set([1, 2, 3]);
    const picked = pickNewFollowers(1_000, 0, already, 500, createRandom(7));
    expect(picked).toHaveLength(500);
    expect(new Set(picked).size).toBe(500);
    expect(picked.some((i) => i === 0 || already.has(i))).toBe(false);
    expect(pickNewFollowers(1_000, 0, already, 500, createRandom(7))).toEqual(picked);
    expect(pickNewFollowers(10, 0, already, 50, createRandom(7))).toHaveLength(6);
  });
});
