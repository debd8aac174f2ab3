import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { createDb } from '../../src/db/create-db.js';
import { createIdGenerator } from '../../src/db/ids.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';
import { DEFAULT_PASSWORD_COST, hashPassword } from '../../src/domain/accounts/passwords.js';
import { hashToken } from '../../src/domain/auth/secrets.js';
import { createRandom, normal, randomInt, shuffle, weightedSampler, zipfWeights } from './random.js';
import { plainText, postBody, renderContent, tagVocabulary } from './text.js';

/**
 * Builds a benchmark community straight into a fresh SQLite database (migrated by the app's own migrations),
 * with what the app itself would have written: accounts and users, a power-law follow graph, a million posts
 * with threads, echoes, hashtags, mentions and favourites, their counters, materialised home feeds, and tokens.
 */
export interface SeedParams {
  accounts: number;
  posts: number;
  /** PRNG seed: the same parameters always build the same community. */
  seed: number;
  /** Newest entries kept per home feed (Mastodon trims home feeds to about 800). */
  feedCap: number;
  /** Accounts given an access token, the sample the load generator signs in as. */
  tokens: number;
}

export interface SeedMeta {
  key: string;
  params: SeedParams;
  publicUrl: string;
  password: string;
  seededAt: string;
  seedSeconds: number;
  counts: Record<string, number>;
  /** Access tokens of the sampled accounts (scopes "read write follow"). */
  tokens: Array<{ accountId: string; username: string; token: string }>;
  /** Posts inside threads of three posts or more, for the thread-context endpoint. */
  threadStatusIds: string[];
  followers: { max: number; p99: number; median: number };
}

export interface SeededData {
  dir: string;
  dbPath: string;
  meta: SeedMeta;
}

export const BENCH_PASSWORD = 'tribune-bench-password';
export const BENCH_PUBLIC_URL = 'https://bench.tribune.test';
// Bump when the generator changes what it writes, so cached databases are rebuilt.
const SEED_VERSION = 5;
const DAY = 86_400_000;
const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CACHE_DIR = resolve(here, '..', '.data');
const MIGRATIONS_DIR = resolve(here, '..', '..', 'src', 'db', 'migrations');

export const DEFAULT_SEED: SeedParams = { accounts: 10_000, posts: 1_000_000, seed: 1, feedCap: 800, tokens: 1_000 };

type Log = (message: string) => void;

/** The cache key: the seed parameters, this generator's version and the text of every migration. */
export function seedKey(params: SeedParams): string {
  const h = createHash('sha256').update(JSON.stringify({ ...params, v: SEED_VERSION }));
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) h.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  return `a${params.accounts}-p${params.posts}-${h.digest('hex').slice(0, 12)}`;
}

/** Returns the cached database for these parameters, seeding it first when there is none. */
export async function ensureSeeded(params: SeedParams, opts: { cacheDir?: string; log?: Log } = {}): Promise<SeededData> {
  const log = opts.log ?? (() => {});
  const cacheDir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const key = seedKey(params);
  const dir = join(cacheDir, `core-${key}`);
  const dbPath = join(dir, 'tribune.sqlite');
  const metaPath = join(dir, 'meta.json');
  if (existsSync(metaPath) && existsSync(dbPath)) {
    log(`Using the cached community ${dir}`);
    return { dir, dbPath, meta: JSON.parse(readFileSync(metaPath, 'utf8')) as SeedMeta };
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const meta = await seedDatabase(join(tmp, 'tribune.sqlite'), params, key, log);
  writeFileSync(join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  if (existsSync(metaPath) && existsSync(dbPath)) {
    // Another run seeded the same community meanwhile (and may be reading it): keep theirs.
    rmSync(tmp, { recursive: true, force: true });
    return { dir, dbPath, meta: JSON.parse(readFileSync(metaPath, 'utf8')) as SeedMeta };
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  // Older seeds of the same size (made before a migration changed) are 1-2 GB each: keep only this one.
  const prefix = `core-a${params.accounts}-p${params.posts}-`;
  for (const e of readdirSync(cacheDir))
    if (e.startsWith(prefix) && e !== `core-${key}` && !e.includes('.tmp-')) rmSync(join(cacheDir, e), { recursive: true, force: true });
  return { dir, dbPath, meta };
}

/** Creates and fills the database at dbPath. */
export async function seedDatabase(dbPath: string, params: SeedParams, key: string, log: Log): Promise<SeedMeta> {
  const started = Date.now();
  const progress = createProgress(log);
  const database = await createDb(`sqlite:${dbPath}`);
  await migrateToLatest(database.db, database.dialect);
  await database.close();

  const sqlite = new SQLite(dbPath);
  // Nothing to protect while seeding: a crash just means seeding again.
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('locking_mode = EXCLUSIVE');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -1000000');

  // Bulk loads are several times faster with secondary indexes and triggers built afterwards.
  const bulkTables = ['statuses', 'follows', 'feed_entries', 'status_tags', 'mentions', 'favourites', 'conversations', 'tags'];
  const deferred = sqlite
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (${bulkTables.map(() => '?').join(',')})`,
    )
    .all(...bulkTables) as Array<{ type: string; name: string; sql: string }>;
  for (const d of deferred) sqlite.exec(`DROP ${d.type === 'index' ? 'INDEX' : 'TRIGGER'} "${d.name}"`);

  const rand = createRandom(params.seed);
  const now = Date.now();
  const postsStart = now - 60 * DAY;
  const accountsStart = now - 120 * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();
  const N = params.accounts;
  const P = params.posts;
  const counts: Record<string, number> = {};

  // --- accounts and users ---
  progress.phase('accounts', N);
  const passwordHash = await hashPassword(BENCH_PASSWORD, DEFAULT_PASSWORD_COST);
  const accountIds: string[] = new Array(N);
  const usernames: string[] = new Array(N);
  const accountIdGen = createIdGenerator(`bench-${params.seed}`);
  // Popularity: a random rank per account; follows are drawn by Zipf over these ranks.
  const rankOf = shuffle(
    rand,
    Array.from({ length: N }, (_, i) => i),
  );
  const byRank = new Int32Array(N);
  for (let i = 0; i < N; i++) byRank[rankOf[i] as number] = i;
  const accountCreated = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    accountCreated[i] = accountsStart + Math.floor(((i + rand()) / N) * 50 * DAY);
    accountIds[i] = accountIdGen.next(accountCreated[i]);
    usernames[i] = `${WORD_NAMES[i % WORD_NAMES.length]}${i}`;
  }

  // --- follows: out-degree log-normal (median 20), targets Zipf(0.9) by popularity ---
  const targetSampler = weightedSampler(zipfWeights(N, 0.9), rand);
  const following: Int32Array[] = new Array(N);
  const followersCount = new Int32Array(N);
  let followTotal = 0;
  for (let a = 0; a < N; a++) {
    const k = Math.min(Math.min(1500, N - 1), Math.max(1, Math.round(Math.exp(Math.log(20) + normal(rand)))));
    const set = new Set<number>();
    for (let tries = 0; set.size < k && tries < k * 20; tries++) {
      const t = byRank[targetSampler()] as number;
      if (t !== a) set.add(t);
    }
    const list = Int32Array.from(set).sort();
    following[a] = list;
    for (const t of list) followersCount[t] = (followersCount[t] as number) + 1;
    followTotal += list.length;
  }

  // --- posts: who, when, replying to what, echoing what ---
  // Activity: popular accounts post somewhat more, with a wide spread.
  const activity = new Float64Array(N);
  for (let a = 0; a < N; a++) activity[a] = (1 / ((rankOf[a] as number) + 1)) ** 0.4 * Math.exp(normal(rand));
  const authorSampler = weightedSampler(activity, rand);
  const author = new Int32Array(P);
  const time = new Float64Array(P);
  const parent = new Int32Array(P).fill(-1);
  const reblogOf = new Int32Array(P).fill(-1);
  const root = new Int32Array(P);
  const visibility = new Uint8Array(P); // 0 public, 1 unlisted, 2 private
  const repliesCount = new Int32Array(P);
  const reblogsCount = new Int32Array(P);
  const statusesCount = new Int32Array(N);
  const lastStatus = new Int32Array(N).fill(-1);
  const RECENT = 20_000;
  const recent = new Int32Array(RECENT);
  let recentN = 0;
  const recentReplies = new Int32Array(2_000);
  let recentRepliesN = 0;
  const span = now - 60_000 - postsStart;
  for (let p = 0; p < P; p++) {
    time[p] = postsStart + Math.floor(((p + rand() * 0.9) / P) * span);
    const a = authorSampler();
    author[p] = a;
    statusesCount[a] = (statusesCount[a] as number) + 1;
    lastStatus[a] = p;
    const r = rand();
    if (r < 0.2 && recentN > 0) {
      // A reply: often continuing a recent conversation, so threads grow several posts deep.
      const q =
        rand() < 0.5 && recentRepliesN > 0
          ? (recentReplies[randomInt(rand, Math.min(recentRepliesN, recentReplies.length))] as number)
          : (recent[randomInt(rand, Math.min(recentN, RECENT))] as number);
      parent[p] = q;
      root[p] = root[q] as number;
      visibility[p] = (visibility[q] as number) > 0 ? (visibility[q] as number) : rand() < 0.9 ? 0 : 1;
      repliesCount[q] = (repliesCount[q] as number) + 1;
      recentReplies[recentRepliesN++ % recentReplies.length] = p;
      recent[recentN++ % RECENT] = p;
    } else if (r < 0.28 && recentN > 0) {
      // An echo of someone else's public post.
      const q = recent[randomInt(rand, Math.min(recentN, RECENT))] as number;
      if (visibility[q] === 0 && author[q] !== a) {
        reblogOf[p] = q;
        root[p] = p;
        reblogsCount[q] = (reblogsCount[q] as number) + 1;
      } else {
        root[p] = p;
        recent[recentN++ % RECENT] = p;
      }
    } else {
      root[p] = p;
      const v = rand();
      visibility[p] = v < 0.85 ? 0 : v < 0.95 ? 1 : 2;
      recent[recentN++ % RECENT] = p;
    }
  }

  // Favourites: about 0.3 per post, by active accounts, on posts from the following day.
  const favTarget = Math.floor(P * 0.3);
  const favourites: Array<{ a: number; p: number; t: number }> = [];
  const favSeen = new Set<number>();
  const favouritesCount = new Int32Array(P);
  for (let i = 0; i < favTarget * 2 && favourites.length < favTarget; i++) {
    const p = randomInt(rand, P);
    if (reblogOf[p] !== -1 || visibility[p] === 2) continue;
    const a = authorSampler();
    if (a === author[p]) continue;
    const pair = a * P + p;
    if (favSeen.has(pair)) continue;
    favSeen.add(pair);
    favourites.push({ a, p, t: Math.min(now - 1000, (time[p] as number) + Math.floor(rand() * DAY)) });
    favouritesCount[p] = (favouritesCount[p] as number) + 1;
  }
  favSeen.clear();
  favourites.sort((x, y) => x.t - y.t);

  // --- write accounts, users, follows ---
  const insAccount = sqlite.prepare(
    `INSERT INTO accounts (id, username, username_lower, display_name, note, locked, bot, discoverable, followers_count, following_count, statuses_count, last_status_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 0, ?, 1, ?, ?, ?, ?, ?, ?)`,
  );
  const insUser = sqlite.prepare(
    `INSERT INTO users (account_id, email, email_lower, password_hash, role, approved, confirmed, disabled, locale, created_at) VALUES (?, ?, ?, ?, ?, 1, 1, 0, 'en', ?)`,
  );
  sqlite.transaction(() => {
    for (let a = 0; a < N; a++) {
      const created = iso(accountCreated[a] as number);
      const name = usernames[a] as string;
      const last = lastStatus[a] as number;
      insAccount.run(
        accountIds[a],
        name,
        name.toLowerCase(),
        `${name.replace(/\d+$/, '').replace(/^./, (c) => c.toUpperCase())} ${a}`,
        // The note is stored as typed and rendered when read (src/domain/accounts/note.ts).
        rand() < 0.6 ? postBody(rand) : '',
        rand() < 0.01 ? 1 : 0,
        followersCount[a],
        following[a]?.length ?? 0,
        statusesCount[a],
        last >= 0 ? iso(time[last] as number) : null,
        created,
        created,
      );
      insUser.run(accountIds[a], `${name}@bench.tribune.test`, `${name}@bench.tribune.test`, passwordHash, a === 0 ? 'admin' : 'user', created);
      if (a % 1000 === 0) progress.tick(a);
    }
  })();
  counts.accounts = N;

  progress.phase('follows', followTotal);
  const followTimes: Array<{ a: number; t: number; at: number }> = [];
  for (let a = 0; a < N; a++)
    for (const t of following[a] as Int32Array) {
      const from = Math.max(accountCreated[a] as number, accountCreated[t] as number);
      followTimes.push({ a, t, at: from + Math.floor(rand() * (postsStart - from)) });
    }
  followTimes.sort((x, y) => x.at - y.at);
  const followIdGen = createIdGenerator(`bench-follows-${params.seed}`);
  const insFollow = sqlite.prepare('INSERT INTO follows (id, account_id, target_account_id, show_reblogs, notify, created_at) VALUES (?, ?, ?, 1, 0, ?)');
  inChunks(sqlite, followTimes.length, 100_000, (i) => {
    const f = followTimes[i] as { a: number; t: number; at: number };
    insFollow.run(followIdGen.next(f.at), accountIds[f.a], accountIds[f.t], iso(f.at));
    if (i % 20_000 === 0) progress.tick(i);
  });
  followTimes.length = 0;
  counts.follows = followTotal;

  // --- write posts, conversations, mentions, hashtags ---
  progress.phase('posts', P);
  const statusIds: string[] = new Array(P);
  const postIdGen = createIdGenerator(`bench-posts-${params.seed}`);
  for (let p = 0; p < P; p++) statusIds[p] = postIdGen.next(time[p] as number);
  const tags = tagVocabulary(300);
  const tagSampler = weightedSampler(zipfWeights(tags.length, 1), rand);
  const tagIds: string[] = [];
  const tagLast = new Float64Array(tags.length);
  const tagIdGen = createIdGenerator(`bench-tags-${params.seed}`);
  for (let i = 0; i < tags.length; i++) tagIds.push(tagIdGen.next(postsStart - DAY + i));
  const VIS = ['public', 'unlisted', 'private'];
  const insStatus = sqlite.prepare(
    `INSERT INTO statuses (id, account_id, text, content, spoiler_text, visibility, sensitive, language, in_reply_to_id, in_reply_to_account_id, reblog_of_id,
       conversation_id, state, limited, replies_count, reblogs_count, favourites_count, created_at)
     VALUES (?, ?, ?, ?, '', ?, 0, ?, ?, ?, ?, ?, 'published', 0, ?, ?, ?, ?)`,
  );
  const insConversation = sqlite.prepare('INSERT INTO conversations (id, created_at) VALUES (?, ?)');
  const insMention = sqlite.prepare('INSERT INTO mentions (status_id, account_id) VALUES (?, ?)');
  const insStatusTag = sqlite.prepare('INSERT INTO status_tags (status_id, tag_id, account_id, created_at) VALUES (?, ?, ?, ?)');
  let mentionsN = 0;
  let statusTagsN = 0;
  let conversationsN = 0;
  inChunks(sqlite, P, 50_000, (p) => {
    const a = author[p] as number;
    const created = iso(time[p] as number);
    const id = statusIds[p] as string;
    const rb = reblogOf[p] as number;
    if (rb >= 0) {
      insStatus.run(id, accountIds[a], '', '', 'public', null, null, null, statusIds[rb], null, 0, 0, 0, created);
    } else {
      const q = parent[p] as number;
      const tagIndexes: number[] = [];
      if (rand() < 0.15) {
        tagIndexes.push(tagSampler());
        if (rand() < 0.3) {
          const t2 = tagSampler();
          if (t2 !== tagIndexes[0]) tagIndexes.push(t2);
        }
      }
      const postTags = tagIndexes.map((t) => tags[t] as string);
      const mention = q >= 0 && author[q] !== a ? usernames[author[q] as number] : undefined;
      const body = postBody(rand);
      const text = plainText({ mention, body, tags: postTags });
      const content = renderContent({ publicUrl: BENCH_PUBLIC_URL, mention, body, tags: postTags });
      const conversation = statusIds[root[p] as number] as string;
      if (q < 0) {
        insConversation.run(conversation, created);
        conversationsN++;
      }
      insStatus.run(
        id,
        accountIds[a],
        text,
        content,
        VIS[visibility[p] as number],
        'en',
        q >= 0 ? statusIds[q] : null,
        q >= 0 ? accountIds[author[q] as number] : null,
        null,
        conversation,
        repliesCount[p],
        reblogsCount[p],
        favouritesCount[p],
        created,
      );
      if (mention) {
        insMention.run(id, accountIds[author[q] as number]);
        mentionsN++;
      }
      for (const t of tagIndexes) {
        insStatusTag.run(id, tagIds[t], accountIds[a], created);
        tagLast[t] = time[p] as number;
        statusTagsN++;
      }
    }
    if (p % 10_000 === 0) progress.tick(p);
  });
  const insTag = sqlite.prepare('INSERT INTO tags (id, name, display_name, created_at, last_status_at) VALUES (?, ?, ?, ?, ?)');
  sqlite.transaction(() => {
    for (let i = 0; i < tags.length; i++) {
      insTag.run(tagIds[i], tags[i], tags[i], iso(postsStart - DAY), tagLast[i] ? iso(tagLast[i] as number) : null);
    }
  })();
  Object.assign(counts, { statuses: P, conversations: conversationsN, mentions: mentionsN, status_tags: statusTagsN, tags: tags.length });

  progress.phase('favourites', favourites.length);
  const favIdGen = createIdGenerator(`bench-favourites-${params.seed}`);
  const insFavourite = sqlite.prepare('INSERT INTO favourites (id, account_id, status_id, created_at) VALUES (?, ?, ?, ?)');
  inChunks(sqlite, favourites.length, 100_000, (i) => {
    const f = favourites[i] as { a: number; p: number; t: number };
    insFavourite.run(favIdGen.next(f.t), accountIds[f.a], statusIds[f.p], iso(f.t));
    if (i % 20_000 === 0) progress.tick(i);
  });
  counts.favourites = favourites.length;
  favourites.length = 0;

  // --- home feeds: own posts and followed accounts' posts and echoes, newest feedCap kept (fan-out on write, trimmed) ---
  const byAuthor: Int32Array[] = new Array(N);
  {
    const fill = new Int32Array(N);
    for (let a = 0; a < N; a++) byAuthor[a] = new Int32Array(statusesCount[a] as number);
    for (let p = 0; p < P; p++) {
      const a = author[p] as number;
      (byAuthor[a] as Int32Array)[fill[a] as number] = p;
      fill[a] = (fill[a] as number) + 1;
    }
  }
  progress.phase('home feeds', N);
  const insFeed = sqlite.prepare('INSERT INTO feed_entries (account_id, status_id, author_id, reblog_of_id) VALUES (?, ?, ?, ?)');
  const cap = params.feedCap;
  let feedN = 0;
  const FEED_BATCH = 200;
  for (let start = 0; start < N; start += FEED_BATCH) {
    sqlite.transaction(() => {
      for (let a = start; a < Math.min(N, start + FEED_BATCH); a++) {
        const sources = [a, ...(following[a] as Int32Array)];
        const candidates: number[] = [];
        for (const s of sources) {
          const list = byAuthor[s] as Int32Array;
          for (let j = Math.max(0, list.length - cap); j < list.length; j++) {
            const p = list[j] as number;
            // As the app's fan-out (src/domain/statuses/fanout.ts): every post and echo reaches the author's followers,
            // replies included, except an echo for the author of the echoed post.
            const rb = reblogOf[p] as number;
            if (rb >= 0 && author[rb] === a) continue;
            candidates.push(p);
          }
        }
        candidates.sort((x, y) => x - y);
        for (let j = Math.max(0, candidates.length - cap); j < candidates.length; j++) {
          const p = candidates[j] as number;
          const rb = reblogOf[p] as number;
          insFeed.run(accountIds[a], statusIds[p], accountIds[author[p] as number], rb >= 0 ? statusIds[rb] : null);
          feedN++;
        }
      }
    })();
    progress.tick(start);
  }
  counts.feed_entries = feedN;

  // --- the sample accounts' tokens ---
  const appIdGen = createIdGenerator(`bench-app-${params.seed}`);
  const appId = appIdGen.next(accountsStart);
  sqlite
    .prepare('INSERT INTO oauth_apps (id, name, website, redirect_uris, scopes, client_id, client_secret_hash, created_at) VALUES (?, ?, NULL, ?, ?, ?, ?, ?)')
    .run(
      appId,
      'Tribune bench',
      'urn:ietf:wg:oauth:2.0:oob',
      'read write follow',
      `bench-client-${params.seed}`,
      hashToken(`bench-secret-${params.seed}`),
      iso(accountsStart),
    );
  const tokenAccounts = shuffle(
    rand,
    Array.from({ length: N }, (_, i) => i),
  ).slice(0, Math.min(N, params.tokens));
  const tokenIdGen = createIdGenerator(`bench-tokens-${params.seed}`);
  const insToken = sqlite.prepare('INSERT INTO oauth_tokens (id, token_hash, app_id, account_id, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const tokens: SeedMeta['tokens'] = [];
  sqlite.transaction(() => {
    tokenAccounts.forEach((a, i) => {
      const token = createHash('sha256').update(`bench-token-${params.seed}-${i}`).digest('base64url');
      insToken.run(tokenIdGen.next(postsStart - DAY + i), hashToken(token), appId, accountIds[a], 'read write follow', iso(postsStart - DAY));
      tokens.push({ accountId: accountIds[a] as string, username: usernames[a] as string, token });
    });
  })();
  counts.tokens = tokens.length;

  // Thread-context targets: posts in conversations of three posts or more.
  const threadSize = new Int32Array(P);
  for (let p = 0; p < P; p++) if (reblogOf[p] === -1 && visibility[p] !== 2) threadSize[root[p] as number] = (threadSize[root[p] as number] as number) + 1;
  const threadPosts: number[] = [];
  for (let p = 0; p < P; p++) if (reblogOf[p] === -1 && visibility[p] !== 2 && (threadSize[root[p] as number] as number) >= 3) threadPosts.push(p);
  const threadStatusIds = shuffle(rand, threadPosts)
    .slice(0, 2_000)
    .map((p) => statusIds[p] as string);

  // --- indexes and triggers back, full-text index rebuilt ---
  progress.phase('indexes', deferred.length + 1);
  deferred.forEach((d, i) => {
    sqlite.exec(d.sql);
    progress.tick(i);
  });
  if (deferred.some((d) => d.name === 'statuses_fts_insert')) sqlite.exec(`INSERT INTO statuses_fts(statuses_fts) VALUES ('rebuild')`);
  progress.done();
  sqlite.pragma('locking_mode = NORMAL');
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();

  const sortedFollowers = Array.from(followersCount).sort((x, y) => y - x);
  return {
    key,
    params,
    publicUrl: BENCH_PUBLIC_URL,
    password: BENCH_PASSWORD,
    seededAt: new Date().toISOString(),
    seedSeconds: Math.round((Date.now() - started) / 100) / 10,
    counts,
    tokens,
    threadStatusIds,
    followers: {
      max: sortedFollowers[0] ?? 0,
      p99: sortedFollowers[Math.floor(N * 0.01)] ?? 0,
      median: sortedFollowers[Math.floor(N / 2)] ?? 0,
    },
  };
}

function inChunks(sqlite: SQLite.Database, total: number, size: number, each: (i: number) => void): void {
  for (let start = 0; start < total; start += size) {
    const end = Math.min(total, start + size);
    sqlite.transaction(() => {
      for (let i = start; i < end; i++) each(i);
    })();
  }
}

function createProgress(log: Log) {
  let name = '';
  let total = 0;
  let phaseStart = 0;
  let lastPrint = 0;
  const tty = process.stderr.isTTY;
  const end = () => {
    if (tty) process.stderr.write('\r\x1b[K');
    if (name) log(`  ${name}: ${total.toLocaleString('en')} in ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
  };
  return {
    phase(next: string, n: number) {
      end();
      name = next;
      total = n;
      phaseStart = Date.now();
    },
    tick(i: number) {
      const t = Date.now();
      if (t - lastPrint < (tty ? 200 : 5000)) return;
      lastPrint = t;
      const pct = total ? Math.floor((i / total) * 100) : 100;
      if (tty) process.stderr.write(`\r\x1b[K  ${name}: ${pct}%`);
      else log(`  ${name}: ${pct}%`);
    },
    done() {
      end();
      name = '';
    },
  };
}

const WORD_NAMES = [
  'alex',
  'sam',
  'robin',
  'kim',
  'noor',
  'jules',
  'maya',
  'leo',
  'ines',
  'tariq',
  'yuki',
  'olu',
  'rosa',
  'finn',
  'amara',
  'theo',
  'zoe',
  'ravi',
  'lena',
  'omar',
];
