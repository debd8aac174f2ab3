// `npx tsx bench/page-queries.ts`: how many SQL statements one uncached page of each timeline costs, on SQLite and
// on PostgreSQL (DATABASE_URL, or PGlite without it), through the real HTTP server. Issue 14 point 2 asks for "a
// handful" per page whatever the page holds: 20 posts with upvotes, echoes, replies, a tag and a mention are seeded.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { startTestServer, type TestServer, type TestUser } from '../tests/helpers/server.js';

const counter = { on: false, n: 0 };
{
  const probe = new SQLite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<'run' | 'all' | 'get' | 'iterate', (...a: unknown[]) => unknown>;
  probe.close();
  for (const m of ['run', 'all', 'get', 'iterate'] as const) {
    const original = proto[m];
    proto[m] = function (this: unknown, ...args: unknown[]) {
      if (counter.on) counter.n++;
      return original.apply(this, args);
    };
  }
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    if (counter.on) counter.n++;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

async function pages(t: TestServer): Promise<Array<[string, number]>> {
  const [alice, bob, carol] = [await t.createUser('alice'), await t.createUser('bob'), await t.createUser('carol')];
  const follow = (a: TestUser, b: TestUser) => t.ok('POST', `/api/v1/accounts/${b.id}/follow`, a);
  await follow(bob, alice);
  await follow(bob, carol);
  await follow(carol, alice);
  let last: { id: string } | null = null;
  for (let i = 0; i < 20; i++) {
    const author = i % 2 ? alice : carol;
    const post: { id: string } = await t.postStatus(author, `post ${i} #bench @bob`, last && i % 3 === 0 ? { in_reply_to_id: last.id } : {});
    last = post;
    await t.ok('POST', `/api/v1/statuses/${post.id}/favourite`, bob);
    if (i % 4 === 0) await t.ok('POST', `/api/v1/statuses/${post.id}/reblog`, carol);
  }
  const list: { id: string } = await t.ok('POST', '/api/v1/lists', bob, { title: 'bench' });
  await t.ok('POST', `/api/v1/lists/${list.id}/accounts`, bob, { account_ids: [alice.id, carol.id] });
  await t.ctx.jobs.drain();
  const count = async (path: string, user: TestUser): Promise<number> => {
    counter.n = 0;
    counter.on = true;
    const res = await t.get(path, { token: user.token });
    counter.on = false;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    return counter.n;
  };
  return [
    ['home', await count('/api/v1/timelines/home?limit=20', bob)],
    ['public', await count('/api/v1/timelines/public?limit=20', bob)],
    ['hashtag', await count('/api/v1/timelines/tag/bench?limit=20', bob)],
    ['list', await count(`/api/v1/timelines/list/${list.id}?limit=20`, bob)],
    ['account posts', await count(`/api/v1/accounts/${alice.id}/statuses?limit=20`, bob)],
    ['thread context', await count(`/api/v1/statuses/${last?.id}/context`, bob)],
    ['notifications', await count('/api/v1/notifications?limit=20', alice)],
  ];
}

// The server's own timers are unref'd: this keeps the script alive until the pages are counted.
const alive = setInterval(() => {}, 1_000);
const results: Record<string, Array<[string, number]>> = {};
for (const dialect of ['sqlite', 'pg'] as const) {
  process.env.TRIBUNE_TEST_DB = dialect;
  const t = await startTestServer();
  try {
    results[dialect] = await pages(t);
  } finally {
    await t.close();
  }
}
console.log(`statements per uncached page (PostgreSQL: ${process.env.DATABASE_URL ? 'server' : 'PGlite'})`);
console.log('| page | SQLite | PostgreSQL |\n| --- | ---: | ---: |');
for (const [i, [name, n]] of (results.sqlite ?? []).entries()) console.log(`| ${name} | ${n} | ${results.pg?.[i]?.[1] ?? '-'} |`);
clearInterval(alive);
