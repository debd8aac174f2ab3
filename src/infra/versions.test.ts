import { describe, expect, it } from 'vitest';
import { Versions } from './versions.js';

// versions.ts forgets every remembered id past this many (its MAX_TRACKED), moving the epoch instead.
const MAX_TRACKED = 200_000;

describe('Versions', () => {
  it('says a post changed after a stamp, and no other post', () => {
    const v = new Versions();
    const stamp = v.now();
    v.apply({ statuses: ['s1'] });
    expect(v.changedSince(stamp, { statuses: ['s1'] })).toBe(true);
    expect(v.changedSince(stamp, { statuses: ['s2', 's3'] })).toBe(false);
    expect(v.changedSince(stamp, { statuses: ['s2', 's1'] })).toBe(true);
    // A stamp taken after the change: the page was rendered from the changed post.
    expect(v.changedSince(v.now(), { statuses: ['s1'] })).toBe(false);
  });

  it('keeps each kind apart: the same id changed as one kind leaves the others fresh', () => {
    const kinds = [
      ['statuses', { statuses: ['x'] }],
      ['accounts', { accounts: ['x'] }],
      ['homes', { home: 'x' }],
      ['tokens', { tokens: ['x'] }],
    ] as const;
    for (const [kind] of kinds) {
      const v = new Versions();
      const stamp = v.now();
      v.apply({ [kind]: ['x'] });
      for (const [asked, deps] of kinds) expect(v.changedSince(stamp, deps), `${kind} changed, ${asked} asked`).toBe(asked === kind);
    }
  });

  it('says nothing changed for empty dependencies, and ignores null and empty ids', () => {
    const v = new Versions();
    const stamp = v.now();
    v.apply({ statuses: [null, undefined, ''], accounts: [] });
    expect(v.changedSince(stamp, {})).toBe(false);
    expect(v.changedSince(stamp, { statuses: [''], accounts: [''] })).toBe(false);
  });

  it('dates a change by the clock when it was heard: stamps before it are stale, stamps after it fresh', () => {
    const v = new Versions();
    const early = v.now();
    v.apply({ accounts: ['a1'] });
    const middle = v.now();
    v.apply({ accounts: ['a2'] });
    expect(v.changedSince(early, { accounts: ['a1'] })).toBe(true);
    expect(v.changedSince(middle, { accounts: ['a1'] })).toBe(false);
    expect(v.changedSince(middle, { accounts: ['a2'] })).toBe(true);
    // A second change of a1 dates it again.
    v.apply({ accounts: ['a1'] });
    expect(v.changedSince(middle, { accounts: ['a1'] })).toBe(true);
  });

  it('makes everything stamped before applyEverything stale, and nothing stamped after', () => {
    const v = new Versions();
    const stamp = v.now();
    v.applyEverything();
    expect(v.changedSince(stamp, {})).toBe(true);
    expect(v.changedSince(stamp, { statuses: ['never-changed'] })).toBe(true);
    const after = v.now();
    expect(v.changedSince(after, { home: 'h', statuses: ['s'], accounts: ['a'], tokens: ['t'] })).toBe(false);
  });

  it('forgets every id past MAX_TRACKED and then treats everything stamped before as stale', () => {
    const v = new Versions();
    const before = v.now();
    v.apply({ statuses: Array.from({ length: MAX_TRACKED + 1 }, (_, i) => `s${i}`) });
    const between = v.now();
    expect(v.changedSince(between, { accounts: ['untouched'] })).toBe(false);
    expect(v.changedSince(before, { statuses: ['s0'] })).toBe(true);
    // The next change finds too many remembered ids: they are forgotten and the epoch moves.
    v.apply({ accounts: ['a1'] });
    expect(v.changedSince(between, { accounts: ['untouched'] })).toBe(true);
    expect(v.changedSince(between, {})).toBe(true);
    expect(v.changedSince(before, { statuses: ['s0'] })).toBe(true);
    // After the reset, a stamp is fresh again for ids forgotten, and the change that triggered it is still known.
    const after = v.now();
    expect(v.changedSince(after, { statuses: ['s0'], accounts: ['a1'] })).toBe(false);
    v.apply({ statuses: ['s0'] });
    expect(v.changedSince(after, { statuses: ['s0'] })).toBe(true);
    expect(v.changedSince(after, { statuses: ['s1'] })).toBe(false);
  });
});
