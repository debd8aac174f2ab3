import { afterEach, describe, expect, it, vi } from 'vitest';
import { FreshCache } from './fresh-cache.js';
import { Versions } from './versions.js';

describe('FreshCache', () => {
  afterEach(() => vi.useRealTimers());

  it('serves a value until something it depends on changes', () => {
    const versions = new Versions();
    const cache = new FreshCache<string>(versions, { maxAgeMs: 60_000, budget: 10 });
    cache.set('page', 'v1', cache.stamp(), { home: 'a', statuses: ['1'] });
    versions.apply({ statuses: ['2'], homes: ['b'] });
    expect(cache.get('page')).toBe('v1');
    versions.apply({ statuses: ['1'] });
    expect(cache.get('page')).toBeUndefined();
  });

  it('treats a change made while the value was being read as making it stale', () => {
    const versions = new Versions();
    const cache = new FreshCache<string>(versions, { maxAgeMs: 60_000, budget: 10 });
    const stamp = cache.stamp();
    versions.apply({ accounts: ['7'] });
    cache.set('row', 'old', stamp, { accounts: ['7'] });
    expect(cache.get('row')).toBeUndefined();
  });

  it('forgets values older than maxAgeMs', () => {
    vi.useFakeTimers();
    const cache = new FreshCache<string>(new Versions(), { maxAgeMs: 1_000, budget: 10 });
    cache.set('k', 'v', cache.stamp(), {});
    vi.advanceTimersByTime(999);
    expect(cache.get('k')).toBe('v');
    vi.advanceTimersByTime(2);
    expect(cache.get('k')).toBeUndefined();
  });

  it('drops the least recently read values to stay within its budget, and refuses one above an eighth of it', () => {
    const cache = new FreshCache<number>(new Versions(), { maxAgeMs: 60_000, budget: 80, sizeOf: (v) => v });
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    for (const k of keys) cache.set(k, 10, cache.stamp(), {});
    expect(cache.get('a')).toBe(10);
    cache.set('i', 10, cache.stamp(), {});
    expect(cache.get('b')).toBeUndefined();
    expect([...keys.filter((k) => k !== 'b'), 'i'].map((k) => cache.get(k))).toEqual(Array(8).fill(10));
    cache.set('big', 11, cache.stamp(), {});
    expect(cache.get('big')).toBeUndefined();
  });
});
