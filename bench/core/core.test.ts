import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ENDPOINTS, runCoreBenchmark } from './bench.js';
import { ensureSeeded, type SeedParams } from './seed.js';

// The benchmark at a tiny scale, so its code cannot rot: no timing assertions, only that it measures everything cleanly.
const cacheDir = mkdtempSync(join(tmpdir(), 'tribune-bench-'));
const params: SeedParams = { accounts: 50, posts: 2_000, seed: 7, feedCap: 800, tokens: 20 };

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('core benchmark', () => {
  it('seeds a consistent community and reuses it from the cache', async () => {
    const first = await ensureSeeded(params, { cacheDir });
    const db = new SQLite(first.dbPath, { readonly: true });
    try {
      const count = (sql: string) => Number((db.prepare(sql).pluck().get() as number | bigint) ?? 0);
      expect(count('SELECT COUNT(*) FROM statuses')).toBe(2_000);
      expect(count('SELECT COUNT(*) FROM accounts')).toBe(50);
      // Counters agree with the rows they count.
      expect(count('SELECT SUM(statuses_count) FROM accounts')).toBe(2_000);
      expect(count('SELECT SUM(followers_count) FROM accounts')).toBe(count('SELECT COUNT(*) FROM follows'));
      expect(count('SELECT COUNT(*) FROM statuses s WHERE replies_count != (SELECT COUNT(*) FROM statuses r WHERE r.in_reply_to_id = s.id)')).toBe(0);
      expect(count('SELECT COUNT(*) FROM statuses s WHERE favourites_count != (SELECT COUNT(*) FROM favourites f WHERE f.status_id = s.id)')).toBe(0);
      // Home feeds hold followed accounts' posts only, and the full-text index was rebuilt.
      expect(count('SELECT COUNT(*) FROM feed_entries')).toBeGreaterThan(0);
      expect(
        count(
          'SELECT COUNT(*) FROM feed_entries fe WHERE fe.author_id != fe.account_id AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.account_id = fe.account_id AND f.target_account_id = fe.author_id)',
        ),
      ).toBe(0);
      expect(count("SELECT COUNT(*) FROM statuses_fts WHERE statuses_fts MATCH 'the'")).toBeGreaterThan(0);
      // Ids are time-sorted.
      expect(count('SELECT COUNT(*) FROM statuses a JOIN statuses b ON b.id > a.id AND b.created_at < a.created_at')).toBe(0);
    } finally {
      db.close();
    }
    expect(first.meta.tokens).toHaveLength(20);
    expect(first.meta.threadStatusIds.length).toBeGreaterThan(0);
    const again = await ensureSeeded(params, { cacheDir });
    expect(again.meta.seededAt).toBe(first.meta.seededAt);
  });

  it('measures every endpoint against the real server without errors', { timeout: 180_000 }, async () => {
    const out = await runCoreBenchmark({ seed: params, load: { seconds: 1, warmupSeconds: 0, connections: 4 }, cacheDir });
    expect(out.unavailable).toEqual([]);
    expect(out.results.map((r) => r.name)).toEqual([...ENDPOINTS]);
    for (const r of out.results) {
      expect(r.errors, `${r.name}: ${JSON.stringify(r.statusCodes)}`).toBe(0);
      expect(r.total, r.name).toBeGreaterThan(0);
      expect(r.requestsPerSecond, r.name).toBeGreaterThan(0);
      expect(r.p99, r.name).toBeGreaterThanOrEqual(r.p50);
    }
    expect(out.report.homeRatio).not.toBeNull();
    expect(out.text).toContain('home timeline');
  });
});
