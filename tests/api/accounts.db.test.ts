import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

async function png(width: number, height: number): Promise<Blob> {
  const buf = await sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
  return new Blob([new Uint8Array(buf)], { type: 'image/png' });
}

describe('accounts', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
  });
  afterAll(() => t?.close());

  it('shows a public profile in Mastodon Account shape', async () => {
    const res = await t.get(`/api/v1/accounts/${alice.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: alice.id,
      username: 'alice',
      acct: 'alice',
      url: `${t.url}/@alice`,
      display_name: '',
      note: '',
      locked: false,
      bot: false,
      fields: [],
      emojis: [],
      roles: [],
      tribune_badges: [],
      followers_count: 0,
      following_count: 0,
      statuses_count: 0,
      avatar: `${t.url}/avatars/original/missing.png`,
    });
    expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\.000Z$/);
    const avatar = await fetch(res.body.avatar);
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get('content-type')).toBe('image/png');
  });

  it('answers an unknown or malformed id with 404', async () => {
    expect((await t.get('/api/v1/accounts/123456789')).status).toBe(404);
    expect((await t.get('/api/v1/accounts/not-an-id')).status).toBe(404);
  });

  it('verifies credentials only with a token, and with the profile scope alone', async () => {
    expect((await t.get('/api/v1/accounts/verify_credentials')).status).toBe(401);
    const { issueToken } = await import('../../src/domain/auth/tokens.js');
    const profileOnly = await issueToken(t.ctx, null, alice.id, 'profile');
    const res = await t.get('/api/v1/accounts/verify_credentials', { token: profileOnly.token });
    expect(res.status).toBe(200);
    expect(res.body.source).toMatchObject({ privacy: 'public', sensitive: false, language: null, follow_requests_count: 0 });
    expect(res.body.role).toMatchObject({ name: '' });
  });

  it('updates the profile, renders the note as sanitised HTML and keeps the source', async () => {
    const res = await t.request('PATCH', '/api/v1/accounts/update_credentials', {
      token: alice.token,
      json: {
        display_name: 'Alice A.',
        note: 'Hello <script>alert(1)</script> see https://example.org/x\n\nSecond',
        locked: true,
        bot: false,
        fields_attributes: [
          { name: 'Site', value: 'https://alice.example' },
          { name: 'Pronouns', value: 'she/her' },
        ],
        source: { privacy: 'unlisted', sensitive: true, language: 'fr' },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.display_name).toBe('Alice A.');
    expect(res.body.note).not.toContain('<script');
    expect(res.body.note).toContain('&lt;script&gt;');
    expect(res.body.note).toContain('<a href="https://example.org/x"');
    expect(res.body.note).toContain('<p>Second</p>');
    expect(res.body.locked).toBe(true);
    expect(res.body.fields[0]).toMatchObject({ name: 'Site', verified_at: null });
    expect(res.body.fields[0].value).toContain('<a href="https://alice.example"');
    expect(res.body.source).toMatchObject({ privacy: 'unlisted', sensitive: true, language: 'fr', note: expect.stringContaining('<script>') });
    expect(res.body.source.fields[1]).toEqual({ name: 'Pronouns', value: 'she/her', verified_at: null });
    const prefs = await t.get('/api/v1/preferences', { token: alice.token });
    expect(prefs.body).toMatchObject({ 'posting:default:visibility': 'unlisted', 'posting:default:sensitive': true, 'posting:default:language': 'fr' });
    await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: alice.token, json: { locked: false } });
  });

  it('links local mentions and hashtags in a note, but not e-mail addresses', async () => {
    const res = await t.request('PATCH', '/api/v1/accounts/update_credentials', {
      token: bob.token,
      json: { note: 'Friend of @alice, into #Gardening. Mail bob@mail.example' },
    });
    expect(res.body.note).toContain(`<a href="${t.url}/@alice" class="u-url mention">@<span>alice</span></a>`);
    expect(res.body.note).toContain(`<a href="${t.url}/tags/gardening" class="mention hashtag" rel="tag">#<span>Gardening</span></a>`);
    expect(res.body.note).toContain('Mail bob@mail.example');
  });

  it('takes fields_attributes in the bracketed form encoding, at most four', async () => {
    const form: Array<[string, string]> = [
      ['fields_attributes[0][name]', 'A'],
      ['fields_attributes[0][value]', '1'],
      ['fields_attributes[1][name]', 'B'],
      ['fields_attributes[1][value]', '2'],
    ];
    const res = await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, form });
    expect(res.status).toBe(200);
    expect(res.body.source.fields.map((f: { name: string }) => f.name)).toEqual(['A', 'B']);
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `n${i}`, value: `v${i}` }));
    const tooMany = await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, json: { fields_attributes: five } });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatch(/Fields/);
  });

  it('refuses an over-long display name and an unknown posting privacy, naming the field', async () => {
    const long = await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, json: { display_name: 'x'.repeat(31) } });
    expect(long.status).toBe(422);
    expect(long.body.details.display_name[0].error).toBe('ERR_TOO_LONG');
    const privacy = await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, json: { source: { privacy: 'direct' } } });
    expect(privacy.status).toBe(422);
    expect(privacy.body.error).toMatch(/privacy/i);
  });

  it('uploads an avatar and header as multipart, resized and served', async () => {
    const form = new FormData();
    form.append('avatar', await png(900, 600), 'me.png');
    form.append('header', await png(3000, 1000), 'banner.png');
    form.append('display_name', 'Bob');
    const res = await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, multipart: form });
    expect(res.status).toBe(200);
    expect(res.body.avatar).toMatch(new RegExp(`^${t.url}/system/accounts/avatars/${bob.id}/`));
    expect(res.body.avatar_static).toBe(res.body.avatar);
    const img = await fetch(res.body.avatar);
    expect(img.status).toBe(200);
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([400, 400]);
    const header = await sharp(Buffer.from(await (await fetch(res.body.header)).arrayBuffer())).metadata();
    expect([header.width, header.height]).toEqual([1500, 500]);
  });

  it('refuses a file that is not an image', async () => {
    const form = new FormData();
    form.append('avatar', new Blob(['not an image'], { type: 'image/png' }), 'x.png');
    const res = await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, multipart: form });
    expect(res.status).toBe(422);
    expect(res.body.details.avatar[0].error).toBe('ERR_INVALID');
  });

  it('lets nobody change another person’s profile', async () => {
    const before = (await t.get(`/api/v1/accounts/${alice.id}`)).body;
    const res = await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, json: { id: alice.id, display_name: 'pwned' } });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(bob.id);
    expect((await t.get(`/api/v1/accounts/${alice.id}`)).body.display_name).toBe(before.display_name);
    expect((await t.request('PATCH', '/api/v1/accounts/update_credentials', { json: { display_name: 'anon' } })).status).toBe(401);
    const { issueToken } = await import('../../src/domain/auth/tokens.js');
    const readOnly = await issueToken(t.ctx, null, bob.id, 'read');
    expect((await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: readOnly.token, json: { display_name: 'x' } })).status).toBe(403);
  });

  it('looks accounts up by acct, by ids and by prefix search', async () => {
    const domain = new URL(t.url).host;
    expect((await t.get('/api/v1/accounts/lookup?acct=alice')).body.id).toBe(alice.id);
    expect((await t.get(`/api/v1/accounts/lookup?acct=alice@${domain}`)).body.id).toBe(alice.id);
    expect((await t.get('/api/v1/accounts/lookup?acct=alice@elsewhere.example')).status).toBe(404);
    expect((await t.get('/api/v1/accounts/lookup?acct=nobody')).status).toBe(404);
    const batch = await t.get(`/api/v1/accounts?id[]=${bob.id}&id[]=${alice.id}&id[]=999`);
    expect(batch.body.map((a: { id: string }) => a.id)).toEqual([bob.id, alice.id]);
    const search = await t.get('/api/v1/accounts/search?q=al', { token: bob.token });
    expect(search.status).toBe(200);
    expect(search.body.map((a: { username: string }) => a.username)).toEqual(['alice']);
    expect((await t.get('/api/v1/accounts/search?q=%25', { token: bob.token })).body).toEqual([]);
  });

  it('shows admin badges as roles and in tribune_badges', async () => {
    await t.ctx.db
      .updateTable('accounts')
      .set({ badges: JSON.stringify(['verified', 'news']) })
      .where('id', '=', alice.id)
      .execute();
    const res = await t.get(`/api/v1/accounts/${alice.id}`);
    expect(res.body.tribune_badges).toEqual(['verified', 'news']);
    expect(res.body.roles).toEqual([
      { id: expect.any(String), name: 'Verified', color: expect.stringMatching(/^#/) },
      { id: expect.any(String), name: 'News', color: expect.stringMatching(/^#/) },
    ]);
  });

  it('shows a limited account as limited', async () => {
    const lim = await t.createUser('lim');
    expect((await t.get(`/api/v1/accounts/${lim.id}`)).body.limited).toBeUndefined();
    await t.ctx.db.updateTable('accounts').set({ limited_at: new Date().toISOString() }).where('id', '=', lim.id).execute();
    expect((await t.get(`/api/v1/accounts/${lim.id}`)).body.limited).toBe(true);
  });

  it('shows a suspended account as suspended with an empty profile', async () => {
    const carol = await t.createUser('carol');
    await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: carol.token, json: { display_name: 'Carol', note: 'hi' } });
    await t.ctx.db.updateTable('accounts').set({ suspended_at: new Date().toISOString() }).where('id', '=', carol.id).execute();
    const res = await t.get(`/api/v1/accounts/${carol.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ suspended: true, display_name: '', note: '', fields: [] });
    expect((await t.get('/api/v1/accounts/verify_credentials', { token: carol.token })).status).toBe(403);
  });
});
