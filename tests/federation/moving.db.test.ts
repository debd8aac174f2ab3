import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.js';
import { runTribune } from '../helpers/cli.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Moving accounts between two real Tribune servers on loopback, as Mastodon does: the new account names the old
// one as an alias (alsoKnownAs), the old one moves (Move to its followers' servers), and followers follow the new one.
const federation = { allowPrivateAddress: true };
const AP = { accept: 'application/activity+json' };
const domainOf = (t: TestServer | string) => new URL(typeof t === 'string' ? t : t.url).host;
type Rel = { following: boolean; requested: boolean };
type Account = { id: string; acct: string; followers_count: number; moved?: { acct: string } };

async function resolve(t: TestServer, user: TestUser, handle: string): Promise<string> {
  const found = await t.ok<{ accounts: Array<{ id: string }> }>('GET', `/api/v2/search?q=${encodeURIComponent(`@${handle}`)}&resolve=true&type=accounts`, user);
  expect(found.accounts).toHaveLength(1);
  return found.accounts[0]!.id;
}
const relationship = async (t: TestServer, user: TestUser, id: string) => (await t.ok<Rel[]>('GET', `/api/v1/accounts/relationships?id[]=${id}`, user))[0]!;
/** Both servers' federation queues are empty: every delivery made and every incoming activity handled. */
const settled = (...servers: TestServer[]) =>
  eventually(async () => {
    for (const t of servers) expect(await t.ctx.db.selectFrom('federation_queue').select('id').execute()).toEqual([]);
  }, 30_000);

describe('moving an account to another server', { timeout: 300_000 }, () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let erin: TestUser;
  let ally: TestUser;
  let dave: TestUser;
  let frank: TestUser;
  let aliceOnB: string;
  let allyOnA: string;

  beforeAll(async () => {
    a = await startTestServer({ federation });
    b = await startTestServer({ federation });
    alice = await a.createUser('alice');
    erin = await a.createUser('erin');
    ally = await b.createUser('ally');
    dave = await b.createUser('dave');
    frank = await b.createUser('frank');
    // dave on B and erin on A follow alice on A.
    aliceOnB = await resolve(b, dave, `alice@${domainOf(a)}`);
    await b.ok('POST', `/api/v1/accounts/${aliceOnB}/follow`, dave);
    await eventually(async () => expect((await relationship(b, dave, aliceOnB)).following).toBe(true));
    await a.ok('POST', `/api/v1/accounts/${alice.id}/follow`, erin);
    expect((await a.ok<Account>('GET', `/api/v1/accounts/${alice.id}`, alice)).followers_count).toBe(2);
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  }, 120_000);

  it('serves pinned posts as the featured collection of the actor', async () => {
    const pinned = await a.postStatus(alice, 'pinned for everyone');
    const other = await a.postStatus(alice, 'not pinned');
    const quiet = await a.postStatus(alice, 'pinned, unlisted', { visibility: 'unlisted' });
    await a.ok('POST', `/api/v1/statuses/${pinned.id}/pin`, alice);
    await a.ok('POST', `/api/v1/statuses/${quiet.id}/pin`, alice);
    const actor = await a.get('/users/alice', { headers: AP });
    expect(actor.body.featured).toBe(`${a.url}/users/alice/collections/featured`);
    const featured = await a.get('/users/alice/collections/featured', { headers: AP });
    expect(featured.body.type).toBe('OrderedCollection');
    expect(featured.body.totalItems).toBe(2);
    // Newest pin first, whole Notes, and nothing that is not pinned.
    expect(featured.body.orderedItems.map((n: { type: string; id: string }) => [n.type, n.id])).toEqual([
      ['Note', `${a.url}/users/alice/statuses/${quiet.id}`],
      ['Note', `${a.url}/users/alice/statuses/${pinned.id}`],
    ]);
    expect(JSON.stringify(featured.body)).not.toContain(other.id);
    await a.ok('POST', `/api/v1/statuses/${quiet.id}/unpin`, alice);
    expect((await a.get('/users/alice/collections/featured', { headers: AP })).body.totalItems).toBe(1);
    expect((await a.get('/users/nobody/collections/featured', { headers: AP })).status).toBe(404);
  });

  it('adds and removes aliases, shown as alsoKnownAs on the actor; bad input is a 422 naming the field', async () => {
    expect((await b.get('/api/v1/tribune/aliases')).status).toBe(401);
    expect(await b.ok('GET', '/api/v1/tribune/aliases', ally)).toEqual([]);
    const blank = await b.post('/api/v1/tribune/aliases', { token: ally.token, json: {} });
    expect(blank.status).toBe(422);
    expect(blank.text).toContain('acct');
    const unknown = await b.post('/api/v1/tribune/aliases', { token: ally.token, json: { acct: `nobody@${domainOf(a)}` } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatch(/acct/);
    expect((await b.post('/api/v1/tribune/aliases', { token: ally.token, json: { acct: 'ally' } })).status).toBe(422);

    // A local alias (frank) and then taken back, by handle.
    const withFrank = await b.ok<Array<{ uri: string }>>('POST', '/api/v1/tribune/aliases', ally, { acct: 'frank' });
    expect(withFrank.map((x) => x.uri)).toEqual([`${b.url}/users/frank`]);
    expect(await b.ok('DELETE', '/api/v1/tribune/aliases', ally, { acct: 'frank' })).toEqual([]);
    expect((await b.request('DELETE', '/api/v1/tribune/aliases', { token: ally.token, json: { acct: 'frank' } })).status).toBe(404);

    const actorBefore = await b.get('/users/ally', { headers: AP });
    expect(actorBefore.body.alsoKnownAs).toBeUndefined();
    const list = await b.ok<Array<{ uri: string }>>('POST', '/api/v1/tribune/aliases', ally, { acct: `alice@${domainOf(a)}` });
    expect(list.map((x) => x.uri)).toEqual([`${a.url}/users/alice`]);
    // Added twice, listed once.
    expect(await b.ok('POST', '/api/v1/tribune/aliases', ally, { acct: `@alice@${domainOf(a)}` })).toHaveLength(1);
    const actor = await b.get('/users/ally', { headers: AP });
    expect([actor.body.alsoKnownAs].flat()).toEqual([`${a.url}/users/alice`]);
  });

  it('refuses to move to an account that does not name this one as an alias, or without the password', async () => {
    allyOnA = await resolve(a, alice, `ally@${domainOf(b)}`);
    const frankHandle = `frank@${domainOf(b)}`;
    const noAlias = await a.post('/api/v1/tribune/account/move', {
      token: alice.token,
      json: { acct: frankHandle, current_password: 'correct horse battery' },
    });
    expect(noAlias.status).toBe(422);
    expect(noAlias.body.error).toMatch(/alias/);
    const wrong = await a.post('/api/v1/tribune/account/move', { token: alice.token, json: { acct: `ally@${domainOf(b)}`, current_password: 'nope' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatch(/current_password/);
    expect((await a.post('/api/v1/tribune/account/move', { token: alice.token, json: { acct: `ally@${domainOf(b)}` } })).status).toBe(422);
    expect((await a.ok<Account>('GET', `/api/v1/accounts/${alice.id}`, alice)).moved).toBeUndefined();
  });

  it('ignores an incoming Move whose target does not name the origin as an alias', async () => {
    // Sent as A would send a real one, skipping A's own check: B must check on its side.
    await a.ctx.federation.deliverMove(alice.id, `${b.url}/users/frank`);
    await settled(a, b);
    expect((await relationship(b, dave, aliceOnB)).following).toBe(true);
    expect((await relationship(b, dave, frank.id)).following).toBe(false);
    expect((await b.ok<Account>('GET', `/api/v1/accounts/${aliceOnB}`, dave)).moved).toBeUndefined();
  });

  it('moves: the old account is marked moved, and its followers here and there follow the new one', async () => {
    const moved = await a.ok<Account>('POST', '/api/v1/tribune/account/move', alice, {
      acct: `ally@${domainOf(b)}`,
      current_password: 'correct horse battery',
    });
    expect(moved.moved?.acct).toBe(`ally@${domainOf(b)}`);
    expect((await a.get('/users/alice', { headers: AP })).body.movedTo).toBe(`${b.url}/users/ally`);
    // erin, on the old server, follows ally on B now (B accepted) and no longer alice.
    await eventually(async () => expect((await relationship(a, erin, allyOnA)).following).toBe(true));
    expect((await relationship(a, erin, alice.id)).following).toBe(false);
    // dave, on the new server, got the Move: he follows ally, no longer alice, who shows as moved there.
    await eventually(async () => expect((await relationship(b, dave, ally.id)).following).toBe(true));
    await eventually(async () => expect((await relationship(b, dave, aliceOnB)).following).toBe(false));
    const aliceSeenOnB = await b.ok<Account>('GET', `/api/v1/accounts/${aliceOnB}`, dave);
    expect(aliceSeenOnB.moved?.acct).toBe('ally');
    expect((await b.ok<Account>('GET', `/api/v1/accounts/${ally.id}`, ally)).followers_count).toBe(2);
    await eventually(async () => expect((await a.ok<Account>('GET', `/api/v1/accounts/${alice.id}`, alice)).followers_count).toBe(0));
  });
});

// `tribune federation announce-move` after a restore on a new domain: the same database answers on a new address
// (a second listener on the same context, the old one closed), and the command, run as its own process, queues
// Move for every account from its old actor to its new one. PGlite in memory cannot be opened by a second
// process: on PostgreSQL this needs a server (DATABASE_URL).
const shareable = process.env.TRIBUNE_TEST_DB !== 'pg' || !!process.env.DATABASE_URL;

describe.skipIf(!shareable)('announcing a move of every account after a restore on a new domain', { timeout: 300_000 }, () => {
  let a: TestServer;
  let b: TestServer;
  let moved: RunningServer | undefined;
  let bob: TestUser;

  beforeAll(async () => {
    a = await startTestServer({ federation });
    b = await startTestServer({ federation });
    await a.createUser('alice');
    bob = await b.createUser('bob');
  }, 180_000);
  afterAll(async () => {
    await moved?.close();
    await a?.close().catch(() => undefined);
    await b?.close();
  }, 120_000);

  it('moves the remote followers of every account from the old actor to the new one', async () => {
    const oldUrl = a.url;
    const aliceOld = await resolve(b, bob, `alice@${domainOf(a)}`);
    await b.ok('POST', `/api/v1/accounts/${aliceOld}/follow`, bob);
    await eventually(async () => expect((await relationship(b, bob, aliceOld)).following).toBe(true));

    // The restore on a new domain: the same data on a new address; the old address answers no more.
    moved = await startServer(a.ctx, { port: 0, host: '127.0.0.1' });
    await a.server.close();
    a.ctx.config.publicUrl = moved.url;
    a.ctx.config.domain = domainOf(moved.url);

    const bad = await runTribune(['federation', 'announce-move', '--from', 'not a url'], { DATABASE_URL: a.ctx.config.databaseUrl });
    expect(bad.code).toBe(2);
    const run = await runTribune(['federation', 'announce-move', '--from', oldUrl], {
      DATABASE_URL: a.ctx.config.databaseUrl,
      DATA_DIR: a.ctx.config.dataDir,
      SECRET_KEY: a.ctx.config.secretKey,
      PUBLIC_URL: moved.url,
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Move queued for 1 remote follower/);

    const actor = await fetch(`${moved.url}/users/alice`, { headers: AP }).then((r) => r.json());
    expect([actor.alsoKnownAs].flat()).toEqual([`${oldUrl}/users/alice`]);
    // B believed the Move (signed with the old actor's key, which B keeps) and bob follows alice at the new address.
    const aliceNew = await eventually(async () => {
      const row = await b.ctx.db.selectFrom('accounts').select('id').where('uri', '=', `${moved!.url}/users/alice`).executeTakeFirst();
      expect(row).toBeDefined();
      return row!.id;
    }, 30_000);
    await eventually(async () => expect((await relationship(b, bob, aliceNew)).following).toBe(true), 30_000);
    expect((await relationship(b, bob, aliceOld)).following).toBe(false);
    expect((await b.ok<Account>('GET', `/api/v1/accounts/${aliceOld}`, bob)).moved?.acct).toBe(`alice@${domainOf(moved.url)}`);
  });
});
