import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueDuePurges } from '../../src/domain/account-data/deletion.service.js';
import { firstSignIn } from '../helpers/client-session.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { scene } from '../media/fixtures.js';
import { uploadForm } from '../media/media-server.js';

// People's own data (issue 15, point 3): archives, imports of Mastodon's CSV layouts, deleting one's account.

async function downloadArchive(t: TestServer, user: TestUser): Promise<Record<string, string | Uint8Array>> {
  const list = await t.get('/api/v1/tribune/archives', { token: user.token });
  expect(list.status).toBe(200);
  const ready = list.body[0];
  expect(ready.state).toBe('ready');
  const res = await fetch(ready.download_url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const out: Record<string, string | Uint8Array> = {};
  for (const [name, bytes] of Object.entries(files)) out[name] = /\.(json|csv)$/.test(name) ? new TextDecoder().decode(bytes) : bytes;
  return out;
}

describe('archives of one’s account (/api/v1/tribune/archives)', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;

  beforeAll(async () => {
    t = await startTestServer();
    [alice, bob, carol, dave] = await Promise.all([t.createUser('alice'), t.createUser('bob'), t.createUser('carol'), t.createUser('dave')]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('needs read for the list and write for a request', async () => {
    const reader = await t.createUser('reader', { scopes: 'read' });
    expect((await t.post('/api/v1/tribune/archives')).status).toBe(401);
    expect((await t.post('/api/v1/tribune/archives', { token: reader.token })).status).toBe(403);
    expect((await t.get('/api/v1/tribune/archives', { token: reader.token })).status).toBe(200);
  });

  it('builds a zip with the profile, an ActivityStreams outbox, the media and Mastodon’s CSV files, once a week', async () => {
    const png = await scene(3, 64, 48);
    const media = await t.request('POST', '/api/v2/media', {
      token: alice.token,
      multipart: uploadForm(png, 'cat.png', 'image/png', { description: 'a cat' }),
    });
    expect(media.status).toBe(200);
    const first = await t.postStatus(alice, 'hello world');
    await t.postStatus(alice, 'with a picture', { media_ids: [media.body.id] });
    await t.postStatus(alice, '@dave just friends', { visibility: 'private', in_reply_to_id: first.id });
    const bobs = await t.postStatus(bob, 'bob writes');
    await t.ok('POST', `/api/v1/accounts/${bob.id}/follow`, alice, { reblogs: false, notify: true, languages: ['en', 'fr'] });
    await t.ok('POST', `/api/v1/accounts/${carol.id}/follow`, alice);
    await t.ok('POST', `/api/v1/accounts/${alice.id}/follow`, carol);
    await t.ok('POST', `/api/v1/accounts/${dave.id}/block`, alice);
    await t.ok('POST', `/api/v1/accounts/${carol.id}/mute`, alice, { notifications: false });
    const list = await t.ok<{ id: string }>('POST', '/api/v1/lists', alice, { title: 'Friends, close' });
    await t.ok('POST', `/api/v1/lists/${list.id}/accounts`, alice, { account_ids: [bob.id, carol.id] });
    await t.ok('POST', `/api/v1/statuses/${bobs.id}/bookmark`, alice);

    const avatar = new FormData();
    avatar.set('avatar', new Blob([new Uint8Array(await scene(4, 96, 96))], { type: 'image/png' }), 'me.png');
    expect((await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: alice.token, multipart: avatar })).status).toBe(200);
    const asked = await t.post('/api/v1/tribune/archives', { token: alice.token });
    expect(asked.status).toBe(200);
    expect(asked.body.download_url).toBeNull();
    // The request answers before the job; the helper waited for the job, so it is ready now.
    const zip = await downloadArchive(t, alice);
    const domain = t.ctx.config.domain;
    const actor = JSON.parse(zip['actor.json'] as string);
    expect(actor).toMatchObject({ type: 'Person', preferredUsername: 'alice', id: `${t.url}/users/alice`, outbox: 'outbox.json' });
    expect(actor.icon.url).toMatch(/^avatar\.\w+$/);
    expect((zip[actor.icon.url] as Uint8Array).length).toBeGreaterThan(100);

    const outbox = JSON.parse(zip['outbox.json'] as string);
    expect(outbox.type).toBe('OrderedCollection');
    expect(outbox.totalItems).toBe(3);
    expect(outbox.orderedItems.map((a: any) => a.type)).toEqual(['Create', 'Create', 'Create']);
    expect(outbox.orderedItems.map((a: any) => a.object.content)).toEqual([
      expect.stringContaining('hello world'),
      expect.stringContaining('with a picture'),
      expect.stringContaining('just friends'),
    ]);
    const [hello, pictured, reply] = outbox.orderedItems;
    expect(hello.object.to).toEqual(['https://www.w3.org/ns/activitystreams#Public']);
    expect(reply.object.to).toEqual([`${t.url}/users/alice/followers`]);
    expect(reply.object.cc).toEqual([`${t.url}/users/dave`]);
    expect(reply.object.inReplyTo).toBe(`${t.url}/users/alice/statuses/${first.id}`);
    // The attachment is referenced inside the zip, and its bytes are there.
    expect(pictured.object.attachment).toHaveLength(1);
    const att = pictured.object.attachment[0];
    expect(att).toMatchObject({ type: 'Document', name: 'a cat' });
    expect(att.url).toMatch(/^media_attachments\//);
    const bytes = zip[att.url] as Uint8Array;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.length).toBeGreaterThan(100);

    expect(zip['following_accounts.csv']).toBe(
      `Account address,Show boosts,Notify on new posts,Languages\nbob@${domain},false,true,"en,fr"\ncarol@${domain},true,false,\n`,
    );
    expect(zip['followers.csv']).toBe(`Account address\ncarol@${domain}\n`);
    expect(zip['blocked_accounts.csv']).toBe(`dave@${domain}\n`);
    expect(zip['muted_accounts.csv']).toBe(`Account address,Hide notifications\ncarol@${domain},false\n`);
    expect(zip['lists.csv']).toBe(`"Friends, close",bob@${domain}\n"Friends, close",carol@${domain}\n`);
    expect(zip['bookmarks.csv']).toBe(`${t.url}/users/bob/statuses/${bobs.id}\n`);

    // Once a week, as Mastodon.
    const again = await t.post('/api/v1/tribune/archives', { token: alice.token });
    expect(again.status).toBe(429);
    expect(again.body.error).toContain('7 days');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(6 * 86_400);
  });

  it('makes one archive of three requests sent at once (PostgreSQL made three before the row lock)', async () => {
    const answers = await Promise.all([0, 1, 2].map(() => t.post('/api/v1/tribune/archives', { token: bob.token })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 429, 429]);
    expect((await t.get('/api/v1/tribune/archives', { token: bob.token })).body).toHaveLength(1);
  });

  it('tells its owner when the archive is ready, only to clients that ask for Tribune’s notification type', async () => {
    const erin = await t.createUser('erin');
    const other = await t.postStatus(carol, 'a post to upvote');
    await t.ok('POST', `/api/v1/statuses/${other.id}/favourite`, erin);
    const mine = await t.postStatus(erin, 'erin posts');
    await t.ok('POST', `/api/v1/statuses/${mine.id}/favourite`, carol);
    expect((await t.post('/api/v1/tribune/archives', { token: erin.token })).status).toBe(200);
    // The helper waited for the job: the archive is ready and the notification written.
    expect((await t.get('/api/v1/tribune/archives', { token: erin.token })).body[0].state).toBe('ready');

    // A Mastodon client that knows nothing of it: its list, unread count and grouped list go on without it.
    const plain = await t.get('/api/v1/notifications', { token: erin.token });
    expect(plain.status).toBe(200);
    expect(plain.body.map((n: { type: string }) => n.type)).toEqual(['favourite']);
    expect((await t.get('/api/v1/notifications/unread_count', { token: erin.token })).body.count).toBe(1);
    const grouped = await t.get('/api/v2/notifications', { token: erin.token });
    expect(grouped.body.notification_groups.map((g: { type: string }) => g.type)).toEqual(['favourite']);
    expect((await t.get('/api/v1/notifications?exclude_types[]=mention', { token: erin.token })).body).toHaveLength(1);

    // Asked for by name (as the web app does, with every type it shows).
    const asked = await t.get('/api/v1/notifications?types[]=tribune.archive_ready&types[]=favourite', { token: erin.token });
    expect(asked.body.map((n: { type: string }) => n.type)).toEqual(['tribune.archive_ready', 'favourite']);
    const ready = asked.body[0];
    expect(ready.account.id).toBe(erin.id);
    expect(ready.status).toBeUndefined();
    expect((await t.get(`/api/v1/notifications/${ready.id}`, { token: erin.token })).body.type).toBe('tribune.archive_ready');
    // Nobody else hears of it.
    const carols = await t.get('/api/v1/notifications?types[]=tribune.archive_ready', { token: carol.token });
    expect(carols.body).toEqual([]);
  });

  it('serves the file only through the link given to its owner', async () => {
    const [archive] = (await t.get('/api/v1/tribune/archives', { token: alice.token })).body;
    const url = new URL(archive.download_url);
    // Nobody else sees it in their list.
    expect((await t.get('/api/v1/tribune/archives', { token: carol.token })).body).toEqual([]);
    const forged = new URL(url);
    forged.searchParams.set('sig', `${url.searchParams.get('sig')!.slice(0, -2)}xx`);
    expect((await fetch(forged)).status).toBe(404);
    const later = new URL(url);
    later.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 1000));
    expect((await fetch(later)).status).toBe(404);
    const unsigned = new URL(url);
    unsigned.search = '';
    expect((await fetch(unsigned)).status).toBe(422);
    expect((await fetch(url)).status).toBe(200);
  });
});

describe('imports of Mastodon’s CSV files (/api/v1/tribune/imports)', () => {
  let t: TestServer;
  const NAMES = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'] as const;
  let users: Record<(typeof NAMES)[number], TestUser>;

  beforeAll(async () => {
    t = await startTestServer();
    users = Object.fromEntries(await Promise.all(NAMES.map(async (u) => [u, await t.createUser(u)] as const))) as typeof users;
  });
  afterAll(async () => {
    await t?.close();
  });

  const importFile = (user: TestUser, type: string, data: string, mode = 'merge') => {
    const form = new FormData();
    form.set('type', type);
    form.set('mode', mode);
    form.set('data', new Blob([data], { type: 'text/csv' }), `${type}.csv`);
    return t.request('POST', '/api/v1/tribune/imports', { token: user.token, multipart: form });
  };

  it('refuses a bad file with 422 naming the line', async () => {
    const { ann } = users;
    const notAddress = await importFile(ann, 'following', 'Account address,Show boosts\nben,true\nnot an address!,true\n');
    expect(notAddress.status).toBe(422);
    expect(notAddress.body.error).toContain('line 3');
    const badQuote = await importFile(ann, 'blocking', 'ben\n"cat\n');
    expect(badQuote.status).toBe(422);
    expect(badQuote.body.error).toMatch(/line \d/);
    const badBool = await importFile(ann, 'muting', 'Account address,Hide notifications\nben,perhaps\n');
    expect(badBool.status).toBe(422);
    expect(badBool.body.error).toContain('line 2');
    const badType = await importFile(ann, 'statuses', 'ben\n');
    expect(badType.status).toBe(422);
    expect(badType.body.error).toContain('type');
    const empty = await importFile(ann, 'blocking', '\n');
    expect(empty.status).toBe(422);
    expect((await t.get('/api/v1/tribune/imports', { token: ann.token })).body).toEqual([]);
  });

  it('applies local rows, reports remote and unknown ones as failed, and counts both', async () => {
    const { ann, ben } = users;
    const domain = t.ctx.config.domain;
    const res = await importFile(
      ann,
      'following',
      `Account address,Show boosts,Notify on new posts,Languages\nben@${domain},false,true,en\n@cat,true,false,\nsomeone@elsewhere.example,true,false,\nnobody,true,false,\n`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'following', mode: 'merge', total: 4 });
    const done = await t.get(`/api/v1/tribune/imports/${res.body.id}`, { token: ann.token });
    expect(done.body).toMatchObject({ state: 'finished', imported: 2, failed: 2 });
    expect(done.body.failures).toEqual([
      { line: 4, value: 'someone@elsewhere.example', reason: 'not found on its server (or that server is blocked or unreachable)' },
      { line: 5, value: 'nobody', reason: 'no such account here' },
    ]);
    const rel = await t.get(`/api/v1/accounts/relationships?id[]=${ben.id}`, { token: ann.token });
    expect(rel.body[0]).toMatchObject({ following: true, showing_reblogs: false, notifying: true, languages: ['en'] });
    // Nobody else reads it.
    expect((await t.get(`/api/v1/tribune/imports/${res.body.id}`, { token: ben.token })).status).toBe(404);
  });

  it('round-trips: what one account exports, another imports, with the same follows, blocks, mutes, lists and bookmarks', async () => {
    const { ben, cat, dan, eve, fay } = users;
    const post = await t.postStatus(dan, 'worth keeping');
    await t.ok('POST', `/api/v1/accounts/${cat.id}/follow`, ben, { reblogs: false });
    await t.ok('POST', `/api/v1/accounts/${dan.id}/follow`, ben);
    await t.ok('POST', `/api/v1/accounts/${eve.id}/block`, ben);
    await t.ok('POST', `/api/v1/accounts/${dan.id}/mute`, ben, { notifications: false });
    const list = await t.ok<{ id: string }>('POST', '/api/v1/lists', ben, { title: 'Neighbours' });
    await t.ok('POST', `/api/v1/lists/${list.id}/accounts`, ben, { account_ids: [cat.id] });
    await t.ok('POST', `/api/v1/statuses/${post.id}/bookmark`, ben);
    expect((await t.post('/api/v1/tribune/archives', { token: ben.token })).status).toBe(200);
    const zip = await downloadArchive(t, ben);

    // fay follows eve already; overwrite removes that follow.
    await t.ok('POST', `/api/v1/accounts/${eve.id}/follow`, fay);
    const files: Array<[string, string, string]> = [
      ['following', 'following_accounts.csv', 'overwrite'],
      ['blocking', 'blocked_accounts.csv', 'merge'],
      ['muting', 'muted_accounts.csv', 'merge'],
      ['lists', 'lists.csv', 'merge'],
      ['bookmarks', 'bookmarks.csv', 'merge'],
    ];
    for (const [type, name, mode] of files) {
      const res = await importFile(fay, type, zip[name] as string, mode);
      expect(res.status, name).toBe(200);
      const done = await t.get(`/api/v1/tribune/imports/${res.body.id}`, { token: fay.token });
      expect(done.body, name).toMatchObject({ state: 'finished', failed: 0 });
    }
    const again = await (async () => {
      await t.post('/api/v1/tribune/archives', { token: fay.token });
      return downloadArchive(t, fay);
    })();
    for (const [, name] of files) expect(again[name], name).toBe(zip[name]);
    const following = await t.get(`/api/v1/accounts/${fay.id}/following`, { token: fay.token });
    expect(following.body.map((a: { id: string }) => a.id).sort()).toEqual([cat.id, dan.id].sort());
  });
});

describe('deleting one’s own account (POST /api/v1/tribune/account/delete)', () => {
  it('suspends at once, signs out everywhere, and signing in during the grace period cancels it', async () => {
    const t = await startTestServer();
    try {
      const gil = await t.createUser('gil');
      const post = await t.postStatus(gil, 'still here');
      const wrong = await t.post('/api/v1/tribune/account/delete', { token: gil.token, json: { password: 'not mine' } });
      expect(wrong.status).toBe(422);
      expect(wrong.body.error).toContain('password');
      expect((await t.post('/api/v1/tribune/account/delete', { token: gil.token, json: {} })).status).toBe(422);

      const res = await t.post('/api/v1/tribune/account/delete', { token: gil.token, json: { password: 'correct horse battery' } });
      expect(res.status).toBe(200);
      const days = (Date.parse(res.body.purge_after) - Date.parse(res.body.requested_at)) / 86_400_000;
      expect(days).toBe(30);
      expect((await t.get('/api/v1/accounts/verify_credentials', { token: gil.token })).status).toBe(401);
      expect((await t.get(`/api/v1/accounts/${gil.id}`)).body).toMatchObject({ suspended: true });
      expect((await t.get(`/api/v1/statuses/${post.id}`)).status).toBe(404);

      // Signing in (a client's first sign-in through the sign-in page) cancels the deletion.
      const signIn = await firstSignIn(t, 'gil', 'correct horse battery');
      if (!('token' in signIn)) throw new Error(`sign-in refused at ${JSON.stringify(signIn.refused)}`);
      const fresh = signIn.token;
      expect((await t.get('/api/v1/accounts/verify_credentials', { token: fresh })).status).toBe(200);
      expect((await t.get(`/api/v1/statuses/${post.id}`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('after the grace period purges posts, media files, relations, notifications and tokens, keeping a tombstone', async () => {
    const t = await startTestServer({ accountDeletionGraceDays: 0 });
    try {
      const [hal, ivy] = await Promise.all([t.createUser('hal'), t.createUser('ivy')]);
      const png = await scene(5, 40, 30);
      const media = await t.request('POST', '/api/v2/media', { token: hal.token, multipart: uploadForm(png, 'x.png', 'image/png') });
      const post = await t.postStatus(hal, 'going away', { media_ids: [media.body.id] });
      const fileUrl = new URL(post.media_attachments[0].url).pathname;
      expect((await t.get(fileUrl)).status).toBe(200);
      const ivys = await t.postStatus(ivy, 'ivy stays');
      await t.ok('POST', `/api/v1/accounts/${ivy.id}/follow`, hal);
      await t.ok('POST', `/api/v1/accounts/${hal.id}/follow`, ivy);
      await t.ok('POST', `/api/v1/statuses/${ivys.id}/favourite`, hal);
      await t.ok('POST', '/api/v1/tribune/archives', hal);

      const res = await t.post('/api/v1/tribune/account/delete', { token: hal.token, form: { password: 'correct horse battery' } });
      expect(res.status).toBe(200);
      expect((await t.get(`/api/v1/statuses/${post.id}`)).status).toBe(404);
      expect((await t.get(fileUrl)).status).toBe(404);
      const ivyNow = await t.get(`/api/v1/accounts/${ivy.id}`);
      expect(ivyNow.body).toMatchObject({ followers_count: 0, following_count: 0 });
      expect((await t.get(`/api/v1/statuses/${ivys.id}`)).body.favourites_count).toBe(0);
      const db = t.ctx.db;
      const left = async (table: 'follows' | 'notifications' | 'oauth_tokens' | 'users' | 'favourites' | 'media_attachments' | 'account_archives') =>
        (await db.selectFrom(table).selectAll().where('account_id', '=', hal.id).execute()).length;
      for (const table of ['follows', 'notifications', 'oauth_tokens', 'users', 'favourites', 'media_attachments', 'account_archives'] as const)
        expect(await left(table), table).toBe(0);
      expect(await db.selectFrom('notifications').selectAll().where('from_account_id', '=', hal.id).execute()).toEqual([]);
      // The tombstone keeps the name taken; nobody signs in with it any more.
      const tomb = await db.selectFrom('accounts').select(['username', 'display_name', 'suspended_at']).where('id', '=', hal.id).executeTakeFirst();
      expect(tomb).toMatchObject({ username: 'hal', display_name: '' });
      expect(tomb!.suspended_at).not.toBeNull();
      const shown = await t.get(`/api/v1/accounts/${hal.id}`);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ username: 'hal', suspended: true, statuses_count: 0 });
      expect((await t.get('/api/v1/accounts/lookup?acct=hal')).status).not.toBe(500);
      expect((await t.get(`/@hal`)).status).not.toBe(500);
    } finally {
      await t.close();
    }
  });

  it('is purged by the sweep once the grace period is over, not before', async () => {
    const t = await startTestServer();
    try {
      const jan = await t.createUser('jan');
      const post = await t.postStatus(jan, 'soon gone');
      expect((await t.post('/api/v1/tribune/account/delete', { token: jan.token, json: { password: 'correct horse battery' } })).status).toBe(200);
      // Within the grace period the sweep leaves it alone.
      expect(await queueDuePurges(t.ctx)).toBe(0);
      await t.ctx.jobs.drain();
      expect(await t.ctx.db.selectFrom('statuses').select('id').where('id', '=', post.id).executeTakeFirst()).toBeDefined();
      // Thirty days later (the clock moved by the row, as the sweep reads it).
      await t.ctx.db
        .updateTable('account_deletions')
        .set({ purge_after: new Date(Date.now() - 1000).toISOString() })
        .where('account_id', '=', jan.id)
        .execute();
      expect(await queueDuePurges(t.ctx)).toBe(1);
      await t.ctx.jobs.drain();
      expect(await t.ctx.db.selectFrom('statuses').select('id').where('id', '=', post.id).executeTakeFirst()).toBeUndefined();
      expect(await t.ctx.db.selectFrom('users').select('account_id').where('account_id', '=', jan.id).executeTakeFirst()).toBeUndefined();
      expect(await t.ctx.db.selectFrom('account_deletions').selectAll().execute()).toEqual([]);
      // A sign-in after the purge finds nobody.
      expect('refused' in (await firstSignIn(t, 'jan', 'correct horse battery'))).toBe(true);
    } finally {
      await t.close();
    }
  });
});
