import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasScope, type Scope, SUPPORTED_SCOPES } from '../../src/domain/auth/scopes.js';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { routeTable, type TableRoute } from './route-table.js';

/**
 * The authorization matrix, generated from the route table: each /api route declares its policy in its
 * middleware, and this suite checks every route against it with real requests. A new route joins by itself;
 * one that names a user's object by a path parameter must be given a fixture below, or the suite fails.
 */

const FIXTURES = [
  'bob',
  'publicPost',
  'post',
  'quote',
  'poll',
  'scheduled',
  'list',
  'filter',
  'keyword',
  'filterStatus',
  'filterV1',
  'notification',
  'group',
  'conversation',
  'action',
  'media',
  'featuredTag',
  'request',
  'otherRequest',
  'announcement',
  'archive',
  'import',
] as const;
type Fixtures = Record<(typeof FIXTURES)[number], string>;

/** What a route's path parameters name, and whether it is an object only its owner may touch. */
interface Target {
  owned: boolean;
  fill: (f: Fixtures) => string;
}

const TARGETS: Array<[RegExp, Target]> = [
  [/^\/api\/v1\/statuses\/:id\/quotes\/:quoting_status_id/, { owned: true, fill: (f) => subst(['id', f.publicPost], ['quoting_status_id', f.quote]) }],
  [/^\/api\/v1\/statuses\/:id/, { owned: true, fill: (f) => subst(['id', f.post]) }],
  [/^\/api\/v1\/polls\/:id/, { owned: true, fill: (f) => subst(['id', f.poll]) }],
  [/^\/api\/v1\/scheduled_statuses\/:id/, { owned: true, fill: (f) => subst(['id', f.scheduled]) }],
  [/^\/api\/v1\/lists\/:id/, { owned: true, fill: (f) => subst(['id', f.list]) }],
  [/^\/api\/v1\/timelines\/list\/:list_id/, { owned: true, fill: (f) => subst(['list_id', f.list]) }],
  // Accepting and dismissing each use up a request: one fixture for each.
  [/^\/api\/v1\/notifications\/requests\/:id\/dismiss/, { owned: true, fill: (f) => subst(['id', f.otherRequest]) }],
  [/^\/api\/v1\/notifications\/requests\/:id/, { owned: true, fill: (f) => subst(['id', f.request]) }],
  [/^\/api\/v1\/featured_tags\/:id/, { owned: true, fill: (f) => subst(['id', f.featuredTag]) }],
  // Announcements are everyone's to read, dismiss and react to.
  [/^\/api\/v1\/announcements\/:id/, { owned: false, fill: (f) => subst(['id', f.announcement], ['name', '%F0%9F%91%8D']) }],
  [/^\/api\/v1\/notifications\/:id/, { owned: true, fill: (f) => subst(['id', f.notification]) }],
  [/^\/api\/v2\/notifications\/:group_key/, { owned: true, fill: (f) => subst(['group_key', f.group]) }],
  [/^\/api\/v1\/conversations\/:id/, { owned: true, fill: (f) => subst(['id', f.conversation]) }],
  [/^\/api\/v2\/filters\/keywords\/:id/, { owned: true, fill: (f) => subst(['id', f.keyword]) }],
  [/^\/api\/v2\/filters\/statuses\/:id/, { owned: true, fill: (f) => subst(['id', f.filterStatus]) }],
  [/^\/api\/v2\/filters\/:id/, { owned: true, fill: (f) => subst(['id', f.filter]) }],
  [/^\/api\/v1\/filters\/:id/, { owned: true, fill: (f) => subst(['id', f.filterV1]) }],
  [/^\/api\/v1\/media\/:id/, { owned: true, fill: (f) => subst(['id', f.media]) }],
  [/^\/api\/v1\/tribune\/moderation\/actions\/:id/, { owned: true, fill: (f) => subst(['id', f.action]) }],
  // The download is a public route: its signed link, not a token, is what lets the owner in.
  [/^\/api\/v1\/tribune\/archives\/:id/, { owned: false, fill: (f) => subst(['id', f.archive]) }],
  [/^\/api\/v1\/tribune\/imports\/:id/, { owned: true, fill: (f) => subst(['id', f.import]) }],
  // Accounts are the target of these routes, not an object someone owns.
  [/^\/api\/v1\/(accounts|follow_requests|admin\/accounts|admin\/tribune\/accounts)\/:id/, { owned: false, fill: (f) => subst(['id', f.bob]) }],
  [/^\/api\/v1\/suggestions\/:account_id/, { owned: false, fill: (f) => subst(['account_id', f.bob]) }],
  // Staff objects: only staff reach them, which the staff rows check.
  [/^\/api\/v1\/admin\/(reports|tribune\/cases|tribune\/appeals)\/:id/, { owned: false, fill: (f) => subst(['id', f.post]) }],
  [/^\/api\/v1\/admin\/tribune\/announcements\/:id/, { owned: false, fill: (f) => subst(['id', f.announcement]) }],
  [/^\/api\/v1\/admin\/domain_blocks\/:id/, { owned: false, fill: (f) => subst(['id', f.post]) }],
  [/^\/api\/v1\/admin\/tribune\/hash_lists\/:source/, { owned: false, fill: () => subst(['source', 'a-list']) }],
  [/^\/api\/v1\/admin\/tribune\/custom_emojis\/:key/, { owned: false, fill: () => subst(['key', 'blobcat']) }],
  [/^\/api\/v1\/(timelines\/tag\/:hashtag|tags\/:name)/, { owned: false, fill: () => subst(['hashtag', 'tribune'], ['name', 'tribune']) }],
];

function subst(...pairs: Array<[string, string]>): string {
  return JSON.stringify(pairs);
}

function concretePath(path: string, f: Fixtures): { path: string; owned: boolean } | null {
  if (path === '/api/v1/streaming/*') return { path: '/api/v1/streaming/user', owned: false };
  if (!path.includes(':')) return { path, owned: false };
  const target = TARGETS.find(([re]) => re.test(path))?.[1];
  if (!target) return null;
  let out = path;
  for (const [name, value] of JSON.parse(target.fill(f)) as Array<[string, string]>) out = out.replace(`:${name}`, value);
  return out.includes(':') ? null : { path: out, owned: target.owned };
}

/** Bodies that get an owner past validation to the object itself, so a refusal to someone else means the object. */
function bodyFor(method: string, path: string, f: Fixtures): unknown {
  const key = `${method} ${path}`;
  const bodies: Record<string, unknown> = {
    'PUT /api/v1/statuses/:id': { status: 'edited by its author' },
    'PUT /api/v1/statuses/:id/interaction_policy': { quote_approval_policy: 'nobody' },
    'POST /api/v1/polls/:id/votes': { choices: [0] },
    'PUT /api/v1/scheduled_statuses/:id': { scheduled_at: new Date(Date.now() + 86_400_000).toISOString() },
    'PUT /api/v1/lists/:id': { title: 'renamed' },
    'POST /api/v1/lists/:id/accounts': { account_ids: [f.bob] },
    'DELETE /api/v1/lists/:id/accounts': { account_ids: [f.bob] },
    'PUT /api/v2/filters/:id': { title: 'renamed' },
    'POST /api/v2/filters/:id/keywords': { keyword: 'another' },
    'POST /api/v2/filters/:id/statuses': { status_id: f.publicPost },
    'PUT /api/v2/filters/keywords/:id': { keyword: 'changed' },
    'PUT /api/v1/filters/:id': { phrase: 'changed', context: ['home'] },
    'POST /api/v1/tribune/moderation/actions/:id/appeal': { text: 'I meant no harm' },
    'PUT /api/v1/media/:id': { description: 'alt text' },
  };
  return bodies[key] ?? {};
}

/** POST routes that only read, whose Mastodon scope is a read scope: a read-only token may call them. */
const READS_BY_POST = new Set(['/api/v1/statuses/:id/translate']);

/** Every scope a client may hold that does not satisfy any of `scopes`. */
function lacking(scopes: readonly Scope[]): string {
  return SUPPORTED_SCOPES.filter((s) => !scopes.some((needed) => hasScope(new Set([s]), needed))).join(' ');
}

describe('authorization matrix', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;
  let appToken: string;
  const f = Object.fromEntries(FIXTURES.map((k) => [k, ''])) as Fixtures;
  const tokens = new Map<string, string>();
  const holes: string[] = [];
  let checks = 0;

  const tokenFor = async (accountId: string, scopes: string) => {
    const key = `${accountId} ${scopes}`;
    if (!tokens.has(key)) tokens.set(key, (await issueToken(t.ctx, null, accountId, scopes)).token);
    return tokens.get(key)!;
  };

  /** One check: `expected` lists the statuses that count as refused (or, for the owner, as reached). */
  const check = async (what: string, route: TableRoute, path: string, token: string | undefined, refused: (status: number) => boolean, body: unknown = {}) => {
    checks++;
    const method = route.method;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5_000);
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(t.url + path, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      const text = res.headers.get('content-type')?.includes('event-stream') ? '(event stream)' : await res.text();
      if (!refused(res.status)) holes.push(`${what}: ${method} ${path} answered ${res.status} ${text.slice(0, 160)}`);
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  };

  beforeAll(async () => {
    // Translation configured at an address the guard refuses (never reached): the translate route answers by its rules.
    t = await startTestServer({ translation: { url: 'http://127.0.0.1:9', timeoutMs: 1_000, allowLoopback: false } });
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    const carol = await t.createUser('carol');
    admin = await t.createUser('admin', { role: 'admin' });
    f.bob = bob.id;
    f.publicPost = (await t.postStatus(alice, 'a public post #tribune')).id;
    f.post = (await t.postStatus(alice, `@${carol.username} a direct message bob must never reach`, { visibility: 'direct' })).id;
    f.poll = (await t.postStatus(alice, 'a private poll', { visibility: 'private', poll: { options: ['a', 'b'], expires_in: 3600 } })).poll.id;
    f.scheduled = (await t.postStatus(alice, 'later', { scheduled_at: new Date(Date.now() + 3_600_000).toISOString() })).id;
    f.list = (await t.ok<any>('POST', '/api/v1/lists', alice, { title: 'mine' })).id;
    const filter = await t.ok<any>('POST', '/api/v2/filters', alice, { title: 'f', context: ['home'], keywords_attributes: [{ keyword: 'kw' }] });
    f.filter = filter.id;
    f.keyword = filter.keywords[0].id;
    f.filterStatus = (await t.ok<any>('POST', `/api/v2/filters/${filter.id}/statuses`, alice, { status_id: f.publicPost })).id;
    f.filterV1 = (await t.ok<any>('POST', '/api/v1/filters', alice, { phrase: 'old', context: ['home'] })).id;
    f.quote = (await t.postStatus(carol, 'quoting alice', { quoted_status_id: f.publicPost })).id;
    // Two notifications, so that dismissing one by id leaves the other's group: a mention, then a favourite.
    await t.postStatus(carol, `@${alice.username} hello`);
    f.notification = (await t.ok<any[]>('GET', '/api/v1/notifications?types[]=mention', alice))[0]!.id;
    await t.ok('POST', `/api/v1/statuses/${f.publicPost}/favourite`, bob);
    f.group = (await t.ok<any>('GET', '/api/v2/notifications?types[]=favourite', alice)).notification_groups[0].group_key;
    f.conversation = (await t.ok<any[]>('GET', '/api/v1/conversations', alice))[0]!.id;
    await t.ok('POST', `/api/v1/admin/accounts/${alice.id}/action`, admin, { type: 'none', text: 'a warning' });
    f.action = (await t.ok<any[]>('GET', '/api/v1/tribune/moderation/actions', alice))[0]!.id;
    // An upload not yet posted (a row as the upload endpoint stores one).
    f.media = await t.seedMedia(alice);
    f.featuredTag = (await t.ok<any>('POST', '/api/v1/featured_tags', alice, { name: 'tribune' })).id;
    f.announcement = (await t.ok<any>('POST', '/api/v1/admin/tribune/announcements', admin, { text: 'for everyone' })).id;
    // Two notification requests: alice files mentions from people she does not follow.
    await t.ok('PATCH', '/api/v2/notifications/policy', alice, { for_not_following: 'filter' });
    const dan = await t.createUser('dan');
    await t.postStatus(carol, `@${alice.username} filed`);
    await t.postStatus(dan, `@${alice.username} filed too`);
    const requests = await t.ok<any[]>('GET', '/api/v1/notifications/requests', alice);
    f.request = requests.find((r) => r.account.id === carol.id).id;
    f.otherRequest = requests.find((r) => r.account.id === dan.id).id;
    f.archive = (await t.ok<any>('POST', '/api/v1/tribune/archives', alice)).id;
    f.import = (await t.ok<any>('POST', '/api/v1/tribune/imports', alice, { type: 'blocking', data: 'dan\n' })).id;
    for (const [k, v] of Object.entries(f)) if (!v) throw new Error(`fixture ${k} is missing`);
    // An app's own token (client_credentials): no account behind it.
    const app = await t.ok<any>('POST', '/api/v1/apps', null, { client_name: 'matrix', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write push' });
    const token = await t.post('/oauth/token', {
      json: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write push' },
    });
    appToken = token.body.access_token;
    expect(appToken).toBeTruthy();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds a policy declared on every /api route, exactly once', () => {
    const routes = routeTable(t.server.app).filter((r) => r.path.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(150);
    expect(routes.filter((r) => r.policies !== 1).map((r) => `${r.method} ${r.path} (${r.policies})`)).toEqual([]);
  });

  it('refuses every caller the route does not admit, and another user every object of someone else', { timeout: 120_000 }, async () => {
    const routes = routeTable(t.server.app).filter((r) => r.path.startsWith('/api/') && r.policy);
    const unmapped = routes.filter((r) => !concretePath(r.path, f)).map((r) => `${r.method} ${r.path}`);
    expect(unmapped, 'routes whose path parameters the matrix cannot fill: add them to TARGETS').toEqual([]);
    const owners: Array<{ route: TableRoute; run: () => Promise<void> }> = [];

    for (const route of routes) {
      const policy = route.policy!;
      const { path, owned } = concretePath(route.path, f)!;
      const body = bodyFor(route.method, route.path, f);
      const writes = route.method !== 'GET';
      const forbidden = (s: number) => s === 403;
      const unauthorized = (s: number) => s === 401;
      // The streaming API answers a token without the scope as an invalid one (Mastodon's does too).
      const scopeRefused = route.path.startsWith('/api/v1/streaming/') ? unauthorized : forbidden;
      if (policy.kind === 'user' || policy.kind === 'token' || policy.kind === 'staff') {
        await check('anonymous', route, path, undefined, unauthorized, body);
        if (policy.scopes.length > 0) {
          const who = policy.kind === 'staff' ? admin.id : alice.id;
          await check('token without the scope', route, path, await tokenFor(who, lacking(policy.scopes)), scopeRefused, body);
        }
        if (writes && !READS_BY_POST.has(route.path)) {
          const who = policy.kind === 'staff' ? admin.id : alice.id;
          await check('read-only token', route, path, await tokenFor(who, 'read admin:read'), (s) => s === 403 || s === 401, body);
        }
      }
      if (policy.kind === 'user' || policy.kind === 'staff') await check('app token', route, path, appToken, (s) => s === 401 || s === 403, body);
      if (policy.kind === 'staff') {
        await check('ordinary user', route, path, await tokenFor(bob.id, 'read write follow push admin:read admin:write'), forbidden, body);
      }
      if (policy.kind === 'optional') await check('token without the scope', route, path, await tokenFor(bob.id, lacking(policy.scopes)), forbidden, body);
      if (owned) {
        // Someone else, with every scope, is told the object does not exist (or may not be touched).
        await check('another user', route, path, bob.token, (s) => s === 404 || s === 403, body);
        // The owner reaches it: proves the fixture names a real object, so the refusal above means something.
        const reached = (s: number) => s < 500 && ![401, 403, 404].includes(s);
        // Echoing or translating one's own direct message is refused by rule, not because the post is out of reach.
        const byRule = route.path === '/api/v1/statuses/:id/reblog' || route.path === '/api/v1/statuses/:id/translate';
        const expected = byRule ? (s: number) => reached(s) || s === 403 : reached;
        owners.push({ route, run: () => check('owner (fixture check)', route, path, alice.token, expected, body) });
      }
    }
    // Reads first, then changes, deletes last, the narrower paths (keywords, list members) before the objects
    // they belong to.
    const order = (r: TableRoute) => (r.method === 'GET' ? 0 : r.method === 'DELETE' ? 2 : 1);
    owners.sort((a, b) => order(a.route) - order(b.route) || b.route.path.length - a.route.path.length);
    for (const { run } of owners) await run();

    console.log(`authorization matrix: ${routes.length} routes, ${checks} checks, ${holes.length} holes`);
    expect(holes).toEqual([]);
  });
});
