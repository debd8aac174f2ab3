// `npm run bench:fanout`: what a post costs the server when its author has many followers. In one process (the real
// HTTP server, SQLite): the POST's latency, the event loop's delay (p99 and max, perf_hooks) while the post fans out,
// and the time until the last follower's home timeline shows it, for an author with FANOUT_BENCH_FOLLOWERS (10,000)
// followers against one with 10, in the same run. FANOUT_BENCH_POSTS (5) posts each; medians are printed.
// FANOUT_BENCH_HOME_ROWS (300) rows are written into each follower's home first, so the fan-out's inserts land in a
// table of millions of rows spread over many pages, as on a running instance, not in a few fresh pages. The loop delay
// is taken over the fan-out alone (from the POST's answer to the last home), and the longest single SQLite statement
// of that window is printed with its SQL (every better-sqlite3 call holds the event loop for its whole length).
// Then the same author is merged at read time (fan-out on read, past FANOUT_ON_READ_FOLLOWERS) and timed again, and
// uncached home reads (FANOUT_BENCH_HOME_READS, 200) of its last follower are timed before and after, against an
// ordinary home.
import { rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { createLocalAccount } from '../src/domain/accounts/accounts.service.js';
import { issueToken } from '../src/domain/auth/tokens.js';
import { startServer } from '../src/server.js';
import { seedFollowers } from '../tests/helpers/followers.js';
import { benchContext } from './sqlite-context.js';

const FOLLOWERS = Number(process.env.FANOUT_BENCH_FOLLOWERS ?? 10_000);
const POSTS = Number(process.env.FANOUT_BENCH_POSTS ?? 5);
const HOME_ROWS = Number(process.env.FANOUT_BENCH_HOME_ROWS ?? 300);
const HOME_READS = Number(process.env.FANOUT_BENCH_HOME_READS ?? 200);

/** The longest better-sqlite3 call while `on`: every statement runs synchronously on the event loop. */
const statements = { on: false, longestMs: 0, sql: '', durations: [] as number[] };
{
  const probe = new SQLite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<'run' | 'all' | 'get', (...a: unknown[]) => unknown>;
  probe.close();
  for (const m of ['run', 'all', 'get'] as const) {
    const original = proto[m];
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      if (!statements.on) return original.apply(this, args);
      const t = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const ms = performance.now() - t;
        statements.durations.push(ms);
        if (ms > statements.longestMs) Object.assign(statements, { longestMs: ms, sql: this.source });
      }
    };
  }
}

interface Sample {
  postMs: number;
  lastHomeMs: number;
  loopP99Ms: number;
  loopMaxMs: number;
  statementMs: number;
  statementP99Ms: number;
  statementSql: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const { ctx, config, dataDir } = await benchContext('fanout');
  const server = await startServer(ctx, { port: 0, host: '127.0.0.1' });
  try {
    const user = async (username: string) => {
      const { id } = await createLocalAccount(ctx, { username, email: `${username}@bench.test`, password: 'bench password 1', allowReserved: true });
      return { id, token: (await issueToken(ctx, null, id, 'read write follow')).token };
    };
    const famous = await user('famous');
    const small = await user('small');
    // Followers are written straight into the tables (no password hashing): FOLLOWERS - 1 for famous, 9 for small,
    // then one follower each made last, so it is the last of the author's followers in id order.
    const started = Date.now();
    const fanIds = await seedFollowers(ctx, famous.id, FOLLOWERS - 1);
    // Older home rows (status ids 1..HOME_ROWS, below any real post; foreign keys off for the load only).
    await sql`PRAGMA foreign_keys = OFF`.execute(ctx.db);
    await sql`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${HOME_ROWS})
      INSERT INTO feed_entries (account_id, status_id, author_id, reblog_of_id)
      SELECT f.account_id, n.i, f.target_account_id, NULL FROM follows f, n WHERE f.target_account_id = ${famous.id}
      ORDER BY f.account_id, n.i`.execute(ctx.db);
    await sql`PRAGMA foreign_keys = ON`.execute(ctx.db);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.db);
    // The first nine of them follow small too.
    const now = new Date().toISOString();
    const nine = fanIds.slice(0, 9);
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('follows')
        .values(
          nine.map((account_id) => ({
            id: ctx.ids.next(),
            account_id,
            target_account_id: small.id,
            show_reblogs: 1,
            notify: 0,
            languages: null,
            created_at: now,
          })),
        )
        .execute();
      await trx.updateTable('accounts').set({ following_count: 2 }).where('id', 'in', nine).execute();
    });
    const lastFamousFan = await user('lastfamousfan');
    const lastSmallFan = await user('lastsmallfan');
    const follow = async (fan: { token: string }, target: string) => {
      const res = await fetch(`${server.url}/api/v1/accounts/${target}/follow`, { method: 'POST', headers: { authorization: `Bearer ${fan.token}` } });
      if (!res.ok) throw new Error(`follow answered ${res.status}`);
      await ctx.jobs.drain();
    };
    await follow(lastFamousFan, famous.id);
    await follow(lastSmallFan, small.id);
    await ctx.db.updateTable('accounts').set({ followers_count: FOLLOWERS }).where('id', '=', famous.id).execute();
    await ctx.db.updateTable('accounts').set({ followers_count: 10 }).where('id', '=', small.id).execute();
    console.log(`seeded ${FOLLOWERS} + 10 followers and ${HOME_ROWS} home rows each in ${Date.now() - started} ms`);

    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    let n = 0;
    const measure = async (author: { token: string }, lastFan: { token: string }): Promise<Sample> => {
      n += 1;
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/statuses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: `bench post number ${n}` }),
      });
      const postMs = performance.now() - t0;
      if (!res.ok) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      histogram.reset();
      Object.assign(statements, { on: true, longestMs: 0, sql: '', durations: [] });
      // As a client would: poll the last follower's home until the post is there.
      let lastHomeMs = Number.NaN;
      for (;;) {
        const home = await fetch(`${server.url}/api/v1/timelines/home?limit=5`, { headers: { authorization: `Bearer ${lastFan.token}` } });
        const ids = ((await home.json()) as Array<{ id: string }>).map((s) => s.id);
        if (ids.includes(id)) {
          lastHomeMs = performance.now() - t0;
          break;
        }
        if (performance.now() - t0 > 60_000) throw new Error('the post never reached the last follower');
        await new Promise((r) => setTimeout(r, 2));
      }
      await ctx.jobs.drain();
      statements.on = false;
      return {
        postMs,
        lastHomeMs,
        loopP99Ms: histogram.percentile(99) / 1e6,
        loopMaxMs: histogram.max / 1e6,
        statementMs: statements.longestMs,
        statementP99Ms: [...statements.durations].sort((a, b) => a - b)[Math.floor(statements.durations.length * 0.99)] ?? 0,
        statementSql: statements.sql,
      };
    };

    // Uncached home pages: each read asks with another max_id above every post (the same page, another cache key).
    // Two readers' reads alternate, so the machine's load weighs on both alike; medians and p99 of each.
    type Reads = { p50: number; p99: number };
    const homeReads = async (fans: Array<{ token: string }>): Promise<Reads[]> => {
      const ms: number[][] = fans.map(() => []);
      for (let i = 0; i < HOME_READS; i++) {
        for (const [k, fan] of fans.entries()) {
          const t = performance.now();
          const res = await fetch(`${server.url}/api/v1/timelines/home?limit=20&max_id=${ctx.ids.next()}`, {
            headers: { authorization: `Bearer ${fan.token}` },
          });
          if (!res.ok) throw new Error(`home answered ${res.status}`);
          await res.arrayBuffer();
          ms[k]!.push(performance.now() - t);
        }
      }
      return ms.map((xs) => {
        xs.sort((x, y) => x - y);
        return { p50: xs[Math.floor(xs.length / 2)] ?? 0, p99: xs[Math.floor(xs.length * 0.99)] ?? 0 };
      });
    };

    const runs: Record<'small' | 'famous' | 'onRead', Sample[]> = { small: [], famous: [], onRead: [] };
    await measure(small, lastSmallFan);
    await measure(famous, lastFamousFan);
    for (let i = 0; i < POSTS; i++) {
      runs.small.push(await measure(small, lastSmallFan));
      runs.famous.push(await measure(famous, lastFamousFan));
    }
    await ctx.jobs.drain();
    const [ordinaryBefore, onWrite] = (await homeReads([lastSmallFan, lastFamousFan])) as [Reads, Reads];
    // Past FANOUT_ON_READ_FOLLOWERS, the author's next post marks it (as on a running instance); its posts are then
    // merged into its followers' homes when read.
    await ctx.db
      .updateTable('accounts')
      .set({ followers_count: config.fanout.onReadFollowers + 1 })
      .where('id', '=', famous.id)
      .execute();
    await measure(famous, lastFamousFan);
    for (let i = 0; i < POSTS; i++) runs.onRead.push(await measure(famous, lastFamousFan));
    await ctx.jobs.drain();
    const [ordinaryAfter, onRead] = (await homeReads([lastSmallFan, lastFamousFan])) as [Reads, Reads];
    const row = (label: string, xs: Sample[]) =>
      `| ${label.padEnd(16)} | ${median(xs.map((x) => x.postMs))
        .toFixed(1)
        .padStart(8)} | ${median(xs.map((x) => x.loopP99Ms))
        .toFixed(1)
        .padStart(13)} | ${median(xs.map((x) => x.loopMaxMs))
        .toFixed(1)
        .padStart(13)} | ${median(xs.map((x) => x.lastHomeMs))
        .toFixed(1)
        .padStart(15)} | ${median(xs.map((x) => x.statementMs))
        .toFixed(1)
        .padStart(12)} | ${median(xs.map((x) => x.statementP99Ms))
        .toFixed(2)
        .padStart(13)} |`;
    console.log(`\nmedians of ${POSTS} posts each (fan-out on read above ${config.fanout.onReadFollowers} followers)`);
    console.log("loop delay and longest statement: from the POST's answer until the last follower's home shows the post");
    console.log('| author           |  POST ms | loop p99 (ms) | loop max (ms) | last home (ms) | longest statement (ms) | statement p99 (ms) |');
    console.log('| ---------------- | -------: | ------------: | ------------: | -------------: | ------------: | ------------: |');
    console.log(row('10 followers', runs.small));
    console.log(row(`${FOLLOWERS} followers`, runs.famous));
    console.log(row(`${FOLLOWERS}, on read`, runs.onRead));
    console.log(`\nuncached home page (20 posts), ${HOME_READS} reads each, alternating with an ordinary home's`);
    console.log('| home of                                         | p50 ms | p99 ms | ordinary p50 ms | p50 vs ordinary |');
    console.log('| ----------------------------------------------- | -----: | -----: | --------------: | --------------: |');
    const readRow = (label: string, r: Reads, ordinary: Reads) =>
      console.log(
        `| ${label.padEnd(47)} | ${r.p50.toFixed(2).padStart(6)} | ${r.p99.toFixed(2).padStart(6)} | ${ordinary.p50.toFixed(2).padStart(15)} | ${(r.p50 / ordinary.p50).toFixed(2).padStart(14)}x |`,
      );
    readRow(`the ${FOLLOWERS}-follower author's last follower, on write`, onWrite, ordinaryBefore);
    readRow('the same follower, the author merged on read', onRead, ordinaryAfter);
    const worst = [...runs.famous].sort((a, b) => b.statementMs - a.statementMs)[0];
    if (worst)
      console.log(`\nlongest statement of the ${FOLLOWERS}-follower fan-outs, ${worst.statementMs.toFixed(1)} ms: ${worst.statementSql.slice(0, 300)}`);
    histogram.disable();
  } finally {
    await server.close();
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
