import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createIdGenerator } from '../../src/db/ids.js';
import { hashToken } from '../../src/domain/auth/secrets.js';
import { createRandom } from '../core/random.js';
import { DEFAULT_CACHE_DIR, DEFAULT_SEED, ensureSeeded, type SeedMeta } from '../core/seed.js';
import { bigAccountFollowers, pickNewFollowers } from './stats.js';

/** An author whose posts are timed to the home of its last follower (the last one the fan-out reaches). */
export interface TimedAuthor {
  accountId: string;
  token: string;
  followers: number;
  lastFollowerId: string;
  lastFollowerToken: string;
}

export interface ScaleCommunity {
  dbPath: string;
  meta: SeedMeta;
  big: TimedAuthor;
  ordinary: TimedAuthor;
  /** Accounts with posts, for the account-timeline load. */
  postingAccountIds: string[];
  seedSeconds: number;
}

/**
 * The core benchmark's community (bench/core/seed.ts: power-law follow graph, posts, home feeds, tokens) for these
 * sizes, with its most-followed account raised to bigAccountFollowers(accounts) followers, and tokens for the two
 * timed authors and their last followers. Cached under bench/.data/scale-<key>, built once.
 */
export async function ensureScaleCommunity(accounts: number, posts: number, log: (m: string) => void): Promise<ScaleCommunity> {
  const started = Date.now();
  const seeded = await ensureSeeded({ ...DEFAULT_SEED, accounts, posts }, { log });
  const dir = join(DEFAULT_CACHE_DIR, `scale-${seeded.meta.key}`);
  const metaPath = join(dir, 'scale.json');
  if (existsSync(metaPath)) {
    log(`Using the cached scale community ${dir}`);
    return JSON.parse(readFileSync(metaPath, 'utf8')) as ScaleCommunity;
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  copyFileSync(seeded.dbPath, join(tmp, 'tribune.sqlite'));
  const db = new SQLite(join(tmp, 'tribune.sqlite'));
  try {
    const ids = (db.prepare('SELECT CAST(id AS TEXT) AS id FROM accounts ORDER BY id').all() as Array<{ id: string }>).map((r) => String(r.id));
    const index = new Map(ids.map((id, i) => [id, i]));
    const top = db
      .prepare('SELECT CAST(target_account_id AS TEXT) AS id, COUNT(*) AS n FROM follows GROUP BY target_account_id ORDER BY n DESC LIMIT 1')
      .get() as { id: string; n: number };
    const bigIndex = index.get(String(top.id)) as number;
    const want = bigAccountFollowers(accounts);
    const already = new Set(
      (db.prepare('SELECT CAST(account_id AS TEXT) AS account_id FROM follows WHERE target_account_id = ?').all(top.id) as Array<{ account_id: string }>).map(
        (r) => index.get(String(r.account_id)) as number,
      ),
    );
    const extra = pickNewFollowers(accounts, bigIndex, already, want - already.size, createRandom(14));
    const followIds = createIdGenerator('bench-scale-follows');
    const now = new Date().toISOString();
    const insFollow = db.prepare('INSERT INTO follows (id, account_id, target_account_id, show_reblogs, notify, created_at) VALUES (?, ?, ?, 1, 0, ?)');
    const bump = db.prepare('UPDATE accounts SET following_count = following_count + 1 WHERE id = ?');
    db.transaction(() => {
      for (const f of extra) {
        insFollow.run(followIds.next(), ids[f], top.id, now);
        bump.run(ids[f]);
      }
      db.prepare('UPDATE accounts SET followers_count = (SELECT COUNT(*) FROM follows WHERE target_account_id = ?) WHERE id = ?').run(top.id, top.id);
    })();
    log(`  big account ${top.id}: ${already.size} + ${extra.length} followers`);

    // An ordinary author: one with a follower count near the median of those with at least ten.
    const ordinaryRow = db
      .prepare(
        `SELECT CAST(target_account_id AS TEXT) AS id, COUNT(*) AS n FROM follows GROUP BY target_account_id HAVING n >= 10 ORDER BY n ASC LIMIT 1 OFFSET (
           SELECT COUNT(*) / 2 FROM (SELECT target_account_id FROM follows GROUP BY target_account_id HAVING COUNT(*) >= 10))`,
      )
      .get() as { id: string; n: number };
    const app = db.prepare('SELECT CAST(id AS TEXT) AS id FROM oauth_apps LIMIT 1').get() as { id: string };
    const tokenIds = createIdGenerator('bench-scale-tokens');
    const insToken = db.prepare('INSERT INTO oauth_tokens (id, token_hash, app_id, account_id, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const tokenFor = (accountId: string, label: string): string => {
      const token = createHash('sha256').update(`bench-scale-${label}`).digest('base64url');
      insToken.run(tokenIds.next(), hashToken(token), app.id, accountId, 'read write follow', now);
      return token;
    };
    const timed = (id: string, label: string): TimedAuthor => {
      // The fan-out walks followers in follow-id order: the newest follow is the last home it reaches.
      const last = db.prepare('SELECT CAST(account_id AS TEXT) AS account_id FROM follows WHERE target_account_id = ? ORDER BY id DESC LIMIT 1').get(id) as {
        account_id: string;
      };
      const followers = (db.prepare('SELECT COUNT(*) AS n FROM follows WHERE target_account_id = ?').get(id) as { n: number }).n;
      return {
        accountId: String(id),
        token: tokenFor(id, `${label}-author`),
        followers,
        lastFollowerId: String(last.account_id),
        lastFollowerToken: tokenFor(last.account_id, `${label}-last-follower`),
      };
    };
    const big = timed(top.id, 'big');
    const ordinary = timed(ordinaryRow.id, 'ordinary');
    const postingAccountIds = (
      db.prepare('SELECT CAST(id AS TEXT) AS id FROM accounts WHERE statuses_count >= 5 ORDER BY statuses_count DESC LIMIT 2000').all() as Array<{ id: string }>
    ).map((r) => String(r.id));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const community: ScaleCommunity = {
      dbPath: join(dir, 'tribune.sqlite'),
      meta: seeded.meta,
      big,
      ordinary,
      postingAccountIds,
      seedSeconds: seeded.meta.seedSeconds + (Date.now() - started) / 1000,
    };
    writeFileSync(join(tmp, 'scale.json'), `${JSON.stringify(community, null, 1)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    return community;
  } catch (err) {
    if (db.open) db.close();
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
