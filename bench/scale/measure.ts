import { type EndpointSpec, measure, settle } from '../core/load.js';
import type { ScaleCommunity, TimedAuthor } from './community.js';
import { percentile } from './stats.js';

export interface MeasureOptions {
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** Posts timed to the last follower's home, per author. */
  timedPosts: number;
}

export interface Throughput {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** Event-loop delay p99 (ms) of the web processes during the run, from /metrics; null when not readable. */
  loopP99Ms: number | null;
  /** CPU time of every Tribune process (web and worker) per answered request: steadier than req/s on a shared machine. */
  cpuMsPerRequest: number | null;
}

export interface Propagation {
  author: 'ordinary' | 'most followed';
  followers: number;
  posts: number;
  postP50Ms: number;
  /** From sending the POST to the post's appearance on the last follower's home timeline. */
  lastHomeP50Ms: number;
  lastHomeP99Ms: number;
  loopP99Ms: number | null;
  /** CPU time of every Tribune process per timed post, the polling of the last follower's home included. */
  cpuMsPerPost: number | null;
}

export interface SetupResult {
  setup: string;
  throughput: Throughput[];
  propagation: Propagation[];
}

/**
 * The event loop's delay p99 over the time since the last scrape: prom-client resets its histogram on every
 * scrape. With several web processes each scrape reaches one of them, so a few scrapes are taken and the worst kept.
 */
export async function loopP99(url: string, scrapes = 1): Promise<number | null> {
  let worst: number | null = null;
  for (let i = 0; i < scrapes; i++) {
    try {
      const text = await (await fetch(`${url}/metrics`)).text();
      const m = /^nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})? ([0-9.e+-]+)/m.exec(text);
      if (m) worst = Math.max(worst ?? 0, Number(m[1]) * 1000);
    } catch {
      // not readable: null
    }
  }
  return worst;
}

export async function measureSetup(
  setup: string,
  url: string,
  community: ScaleCommunity,
  opts: MeasureOptions,
  log: (m: string) => void,
  scrapes: number,
  cpuMs: () => number | null,
): Promise<SetupResult> {
  const tokens = community.meta.tokens;
  const tok = (i: number) => (tokens[i % tokens.length] as { token: string }).token;
  const accounts = community.postingAccountIds;
  const specs: EndpointSpec[] = [
    { name: 'home timeline', method: 'GET', next: (i) => ({ path: '/api/v1/timelines/home?limit=20', token: tok(i) }) },
    { name: 'public timeline', method: 'GET', next: (i) => ({ path: `/api/v1/timelines/public?limit=20&max_id=${maxIdFor(i)}`, token: tok(i) }) },
    {
      name: 'account timeline',
      method: 'GET',
      next: (i) => ({ path: `/api/v1/accounts/${accounts[i % accounts.length]}/statuses?limit=20`, token: tok(i) }),
    },
    {
      name: 'create post',
      method: 'POST',
      next: (i) => ({ path: '/api/v1/statuses', token: tok(i * 7), json: { status: `scale bench post ${i} ${Date.now()}` } }),
    },
  ];
  const throughput: Throughput[] = [];
  for (const spec of specs) {
    await settle(url);
    await loopP99(url, scrapes); // resets the histograms
    log(`  ${setup}: ${spec.name}...`);
    const r = await measure(url, spec, { connections: opts.connections, seconds: opts.seconds, warmupSeconds: opts.warmupSeconds, encoding: 'gzip' }, cpuMs);
    const loop = await loopP99(url, scrapes);
    throughput.push({
      name: spec.name,
      requestsPerSecond: r.requestsPerSecond,
      p50: r.p50,
      p99: r.p99,
      errors: r.errors,
      loopP99Ms: loop,
      cpuMsPerRequest: r.cpuMsPerRequest,
    });
  }
  // Let the fan-out of the posts just made finish before timing single posts.
  await new Promise((r) => setTimeout(r, 5_000));
  await settle(url);
  const propagation: Propagation[] = [];
  for (const [label, author] of [
    ['ordinary', community.ordinary],
    ['most followed', community.big],
  ] as const) {
    log(`  ${setup}: ${opts.timedPosts} posts by the ${label} account (${author.followers} followers)...`);
    await loopP99(url, scrapes);
    const cpuBefore = cpuMs();
    const post: number[] = [];
    const home: number[] = [];
    for (let i = 0; i < opts.timedPosts; i++) {
      const t = await timePost(url, author, `${setup} ${label} ${i}`);
      post.push(t.postMs);
      home.push(t.lastHomeMs);
      await settle(url);
    }
    propagation.push({
      author: label,
      followers: author.followers,
      posts: opts.timedPosts,
      postP50Ms: percentile(post, 50),
      lastHomeP50Ms: percentile(home, 50),
      lastHomeP99Ms: percentile(home, 99),
      loopP99Ms: await loopP99(url, scrapes),
      cpuMsPerPost: cpuBefore === null ? null : ((cpuMs() ?? cpuBefore) - cpuBefore) / Math.max(1, opts.timedPosts),
    });
  }
  return { setup, throughput, propagation };
}

// Public pages at a spread of depths, so the micro-cache of one page does not answer them all.
const PUBLIC_PAGES = 50;
let publicIds: string[] = [];
export async function preparePublicPages(url: string, token: string): Promise<void> {
  const res = await fetch(`${url}/api/v1/timelines/public?limit=40`, { headers: { authorization: `Bearer ${token}` } });
  const page = (await res.json()) as Array<{ id: string }>;
  publicIds = page.map((s) => s.id).slice(0, PUBLIC_PAGES);
}
function maxIdFor(i: number): string {
  return publicIds.length ? (publicIds[i % publicIds.length] as string) : '';
}

async function timePost(url: string, author: TimedAuthor, text: string): Promise<{ postMs: number; lastHomeMs: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/statuses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: `${text} at ${Date.now()}` }),
  });
  const postMs = performance.now() - t0;
  if (!res.ok) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  // As a client would: poll the last follower's home until the post is there.
  for (;;) {
    const page = await fetch(`${url}/api/v1/timelines/home?limit=5`, { headers: { authorization: `Bearer ${author.lastFollowerToken}` } });
    const ids = ((await page.json()) as Array<{ id: string }>).map((s) => s.id);
    if (ids.includes(id)) return { postMs, lastHomeMs: performance.now() - t0 };
    if (performance.now() - t0 > 120_000) throw new Error(`post ${id} never reached the last follower ${author.lastFollowerId}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
