import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

async function appToken(t: TestServer, scope = 'read write follow push') {
  const app = await t.post('/api/v1/apps', { json: { client_name: 'Signup', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' } });
  const token = await t.post('/oauth/token', {
    json: { grant_type: 'client_credentials', client_id: app.body.client_id, client_secret: app.body.client_secret, scope },
  });
  expect(token.status).toBe(200);
  return token.body.access_token as string;
}

const signup = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  email: `${username}@mail.example`,
  password: 'a long enough password',
  agreement: true,
  locale: 'en',
  ...extra,
});

describe('registration', () => {
  // One server per registration mode, started in hooks (not in the tests, whose timeout a slow start on a
  // loaded machine would eat); each test signs up usernames of its own.
  const servers: Partial<Record<'open' | 'approval' | 'closed', TestServer>> = {};
  let t: TestServer;
  beforeAll(async () => {
    [servers.open, servers.approval, servers.closed] = await Promise.all([
      startTestServer({ registrations: 'open' }),
      startTestServer({ registrations: 'approval' }),
      startTestServer({ registrations: 'closed' }),
    ]);
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) await s?.close();
  });
  const useServer = (mode: 'open' | 'approval' | 'closed' = 'open') => {
    t = servers[mode]!;
  };

  it('gives a usable user token at once when registrations are open', async () => {
    useServer('open');
    const token = await appToken(t);
    const res = await t.post('/api/v1/accounts', { token, json: signup('newbie') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer', scope: 'read write follow push', created_at: expect.any(Number) });
    const me = await t.get('/api/v1/accounts/verify_credentials', { token: res.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'newbie', acct: 'newbie', url: `${t.url}/@newbie`, source: { privacy: 'public', note: '' } });
  });

  it('accepts the form encoding clients send', async () => {
    useServer();
    const token = await appToken(t);
    const res = await t.post('/api/v1/accounts', {
      token,
      form: { username: 'formy', email: 'formy@mail.example', password: 'a long enough password', agreement: 'true' },
    });
    expect(res.status).toBe(200);
  });

  it('holds an account for approval: the token is issued but refused until a moderator approves', async () => {
    useServer('approval');
    const admin = await t.createUser('boss', { role: 'admin' });
    const token = await appToken(t);
    const res = await t.post('/api/v1/accounts', { token, json: signup('waiting', { reason: 'I like it here' }) });
    expect(res.status).toBe(200);
    const me = await t.get('/api/v1/accounts/verify_credentials', { token: res.body.access_token });
    expect(me.status).toBe(403);
    expect(me.body.error).toMatch(/pending approval/);
    const row = await t.ctx.db.selectFrom('users').select(['approved', 'reason']).where('email_lower', '=', 'waiting@mail.example').executeTakeFirstOrThrow();
    expect(row).toEqual({ approved: 0, reason: 'I like it here' });
    const staffNote = await t.ctx.db.selectFrom('notifications').select('type').where('account_id', '=', admin.id).execute();
    expect(staffNote.map((n) => n.type)).toContain('admin.sign_up');
    // Until approved, the account does not exist for others.
    const pendingId = (await t.ctx.db.selectFrom('accounts').select('id').where('username', '=', 'waiting').executeTakeFirstOrThrow()).id;
    expect((await t.get(`/api/v1/accounts/${pendingId}`)).status).toBe(404);
    expect((await t.get('/api/v1/accounts/lookup?acct=waiting')).status).toBe(404);
    await t.ctx.db.updateTable('users').set({ approved: 1 }).where('email_lower', '=', 'waiting@mail.example').execute();
    expect((await t.get('/api/v1/accounts/verify_credentials', { token: res.body.access_token })).status).toBe(200);
    expect((await t.get(`/api/v1/accounts/${pendingId}`)).status).toBe(200);
  });

  it('refuses sign-ups when registrations are closed', async () => {
    useServer('closed');
    const token = await appToken(t);
    const res = await t.post('/api/v1/accounts', { token, json: signup('nope') });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual(expect.any(String));
  });

  it('needs an app token with write:accounts', async () => {
    useServer();
    expect((await t.post('/api/v1/accounts', { json: signup('anon') })).status).toBe(401);
    const readOnly = await appToken(t, 'read');
    expect((await t.post('/api/v1/accounts', { token: readOnly, json: signup('anon') })).status).toBe(403);
  });

  it('answers a taken username or e-mail with 422 and Mastodon error details', async () => {
    useServer();
    const token = await appToken(t);
    expect((await t.post('/api/v1/accounts', { token, json: signup('taken') })).status).toBe(200);
    const dupName = await t.post('/api/v1/accounts', { token, json: signup('TAKEN', { email: 'other@mail.example' }) });
    expect(dupName.status).toBe(422);
    expect(dupName.body.error).toMatch(/^Validation failed: Username has already been taken/);
    expect(dupName.body.details.username[0]).toEqual({ error: 'ERR_TAKEN', description: 'has already been taken' });
    const dupMail = await t.post('/api/v1/accounts', { token, json: signup('another', { email: 'Taken@mail.example' }) });
    expect(dupMail.status).toBe(422);
    expect(dupMail.body.details.email[0].error).toBe('ERR_TAKEN');
  });

  it('turns a duplicate insert in a race into a 422, not a 500', async () => {
    useServer();
    const token = await appToken(t);
    // Distinct e-mail addresses, so only the username collides.
    const results = await Promise.all([1, 2, 3].map((i) => t.post('/api/v1/accounts', { token, json: signup('racer', { email: `racer${i}@mail.example` }) })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 422, 422]);
    for (const r of results.filter((x) => x.status === 422)) expect(r.body.details?.username?.[0]?.error, JSON.stringify(r.body)).toBe('ERR_TAKEN');
  });

  it('names each field at fault in bad input', async () => {
    useServer();
    const token = await appToken(t);
    const res = await t.post('/api/v1/accounts', { token, json: { username: 'bad name!', email: 'not-an-email', password: 'short', agreement: false } });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.details).sort()).toEqual(['agreement', 'email', 'password', 'username']);
    expect(res.body.details.agreement[0].error).toBe('ERR_ACCEPTED');
    expect(res.body.details.password[0].error).toBe('ERR_TOO_SHORT');
    const missing = await t.post('/api/v1/accounts', { token, json: { email: 'x@y.example', password: 'a long enough password', agreement: true } });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatch(/username/);
  });
});
