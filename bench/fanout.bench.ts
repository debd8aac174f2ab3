// `npm run bench:fanout`: what a post costs the server when its author has many followers. In one process (the real
// HTTP server, SQLite): the POST's latency, the event loop's delay (p99 and max, perf_hooks) while the post fans out,
// and the time until the last follower's home timeline shows it, for an author with FANOUT_BENCH_FOLLOWERS (10,000)
// followers against one with 10, in the same run. FANOUT_BENCH_POSTS (5) posts each; medians are printed.
import { rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLocalAccount } from '../src/domain/accounts/accounts.service.js';
import { issueToken } from '../src/domain/auth/tokens.js';
import { startServer } from '../src/server.js';
import { seedFollowers } from '../tests/helpers/followers.js';
import { benchContext } from './sqlite-context.js';

const FOLLOWERS = Number(process.env.FANOUT_BENCH_FOLLOWERS ?? 10_000);
const POSTS = Number(process.env.FANOUT_BENCH_POSTS ?? 5);

interface Sample {
  postMs: number;
  lastHomeMs: number;
  loopP99Ms: number;
  loopMaxMs: number;
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
    console.log(`seeded ${FOLLOWERS} + 10 followers in ${Date.now() - started} ms`);

    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    let n = 0;
    const measure = async (author: { token: string }, lastFan: { token: string }): Promise<Sample> => {
      n += 1;
      histogram.reset();
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/statuses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: `bench post number ${n}` }),
      });
      const postMs = performance.now() - t0;
      if (!res.ok) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
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
      return { postMs, lastHomeMs, loopP99Ms: histogram.percentile(99) / 1e6, loopMaxMs: histogram.max / 1e6 };
    };

    const runs: Record<'small' | 'famous', Sample[]> = { small: [], famous: [] };
    await measure(small, lastSmallFan);
    await measure(famous, lastFamousFan);
    for (let i = 0; i < POSTS; i++) {
      runs.small.push(await measure(small, lastSmallFan));
      runs.famous.push(await measure(famous, lastFamousFan));
    }
    const row = (label: string, xs: Sample[]) =>
      `| ${label.padEnd(16)} | ${median(xs.map((x) => x.postMs))
        .toFixed(1)
        .padStart(8)} | ${median(xs.map((x) => x.loopP99Ms))
        .toFixed(1)
        .padStart(13)} | ${median(xs.map((x) => x.loopMaxMs))
        .toFixed(1)
        .padStart(13)} | ${median(xs.map((x) => x.lastHomeMs))
        .toFixed(1)
        .padStart(15)} |`;
    console.log(`\nmedians of ${POSTS} posts each (fan-out on read above ${config.fanout.onReadFollowers} followers)`);
    console.log('| author           |  POST ms | loop p99 (ms) | loop max (ms) | last home (ms) |');
    console.log('| ---------------- | -------: | ------------: | ------------: | -------------: |');
    console.log(row('10 followers', runs.small));
    console.log(row(`${FOLLOWERS} followers`, runs.famous));
    histogram.disable();
  } finally {
    await server.close();
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
