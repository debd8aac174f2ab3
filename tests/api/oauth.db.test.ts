import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_REDIRECT, hiddenFields, PageBrowser } from '../helpers/client-session.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const REDIRECT = CLIENT_REDIRECT;
describe('OAuth 2', () => {
  let t: TestServer;
  let app: { client_id: string; client_secret: string; id: string };
  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser('alice');
    const res = await t.post('/api/v1/apps', {
      json: {
        client_name: 'Test Client',
        redirect_uris: [REDIRECT, 'urn:ietf:wg:oauth:2.0:oob'],
        scopes: 'read write follow',
        website: 'https://client.example',
      },
    });
    expect(res.status).toBe(200);
    app = res.body;
  });
  afterAll(() => t?.close());

  it('registers an app and returns its credentials once', async () => {
    expect(app).toMatchObject({
      name: 'Test Client',
      scopes: ['read', 'write', 'follow'],
      redirect_uris: [REDIRECT, 'urn:ietf:wg:oauth:2.0:oob'],
      client_secret_expires_at: 0,
    });
    expect(app.client_id).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const row = await t.ctx.db.selectFrom('oauth_apps').selectAll().where('id', '=', app.id).executeTakeFirstOrThrow();
    expect(row.client_secret_hash).not.toContain(app.client_secret);
  });

  it('accepts app registration as a form with a single redirect URI', async () => {
    const res = await t.post('/api/v1/apps', { form: { client_name: 'Form', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' } });
    expect(res.status).toBe(200);
    expect(res.body.scopes).toEqual(['read']);
  });

  it('refuses an app without a name or with a relative redirect URI, naming the field', async () => {
    const a = await t.post('/api/v1/apps', { json: { redirect_uris: REDIRECT } });
    expect(a.status).toBe(422);
    expect(a.body.error).toMatch(/client_name/);
    const b = await t.post('/api/v1/apps', { json: { client_name: 'x', redirect_uris: '/relative' } });
    expect(b.status).toBe(422);
    expect(b.body.error).toMatch(/Redirect URI/);
    const c = await t.post('/api/v1/apps', { json: { client_name: 'x', redirect_uris: REDIRECT, scopes: 'read fly' } });
    expect(c.status).toBe(422);
  });

  async function signedInAuthorizePage(browser: PageBrowser, query: Record<string, string>) {
    // An app already approved is not asked about again: start each flow from no live token.
    await t.ctx.db.updateTable('oauth_tokens').set({ revoked_at: new Date().toISOString() }).where('app_id', '=', app.id).execute();
    const qs = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read write', ...query });
    const first = await browser.get(`/oauth/authorize?${qs}`);
    expect(first.res.status).toBe(200);
    expect(first.text).toContain('Sign in');
    const signInFields = hiddenFields(first.text, '/oauth/sign_in');
    const signedIn = await browser.post('/oauth/sign_in', { ...signInFields, login: 'alice', password: 'correct horse battery' });
    expect(signedIn.res.status).toBe(303);
    expect(browser.cookies.get('tribune_session')).toBeTruthy();
    const location = signedIn.res.headers.get('location')!;
    const page = await browser.get(location);
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('Test Client');
    return page.text;
  }

  it('runs the authorization-code flow with PKCE from sign-in to a working token', async () => {
    const browser = new PageBrowser(t.url);
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const html = await signedInAuthorizePage(browser, { state: 'xyz', code_challenge: challenge, code_challenge_method: 'S256' });
    expect(html).toContain('read');
    const approved = await browser.post('/oauth/authorize', { ...hiddenFields(html, '/oauth/authorize'), decision: 'approve' });
    expect(approved.res.status).toBe(302);
    const target = new URL(approved.res.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).toBe(REDIRECT);
    expect(target.searchParams.get('state')).toBe('xyz');
    const code = target.searchParams.get('code')!;

    const wrong = await t.post('/oauth/token', {
      form: {
        grant_type: 'authorization_code',
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: REDIRECT,
        code_verifier: 'x'.repeat(43),
      },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');

    const res = await t.post('/oauth/token', {
      json: {
        grant_type: 'authorization_code',
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', scope: 'read write', created_at: expect.any(Number) });
    const me = await t.get('/api/v1/accounts/verify_credentials', { token: res.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('alice');

    // The app asks again with the same scopes: the person is not asked twice.
    const repeat = await browser.get(
      `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read', state: 'again' })}`,
    );
    expect(repeat.res.status).toBe(302);
    const repeated = new URL(repeat.res.headers.get('location')!);
    expect(repeated.searchParams.get('code')).toBeTruthy();
    expect(repeated.searchParams.get('state')).toBe('again');

    const again = await t.post('/oauth/token', {
      json: {
        grant_type: 'authorization_code',
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      },
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('refuses a code exchanged with another redirect URI, and one without its PKCE verifier', async () => {
    const browser = new PageBrowser(t.url);
    const verifier = randomBytes(32).toString('base64url');
    const html = await signedInAuthorizePage(browser, { code_challenge: verifier, code_challenge_method: 'plain' });
    const approved = await browser.post('/oauth/authorize', { ...hiddenFields(html, '/oauth/authorize'), decision: 'approve' });
    const code = new URL(approved.res.headers.get('location')!).searchParams.get('code')!;
    const base = { grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret };
    expect((await t.post('/oauth/token', { json: { ...base, redirect_uri: 'https://evil.example/cb', code_verifier: verifier } })).body.error).toBe(
      'invalid_grant',
    );
    expect((await t.post('/oauth/token', { json: { ...base, redirect_uri: REDIRECT } })).body.error).toBe('invalid_grant');
    const ok = await t.post('/oauth/token', { json: { ...base, redirect_uri: REDIRECT, code_verifier: verifier } });
    expect(ok.status).toBe(200);
  });

  it('refuses an expired code', async () => {
    const browser = new PageBrowser(t.url);
    const html = await signedInAuthorizePage(browser, {});
    const approved = await browser.post('/oauth/authorize', { ...hiddenFields(html, '/oauth/authorize'), decision: 'approve' });
    const code = new URL(approved.res.headers.get('location')!).searchParams.get('code')!;
    await t.ctx.db
      .updateTable('oauth_codes')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const res = await t.post('/oauth/token', {
      json: { grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret, redirect_uri: REDIRECT },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('shows the code on a page for out-of-band apps, and sends a denial back to the app', async () => {
    const browser = new PageBrowser(t.url);
    const html = await signedInAuthorizePage(browser, { redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read' });
    const shown = await browser.post('/oauth/authorize', { ...hiddenFields(html, '/oauth/authorize'), decision: 'approve' });
    expect(shown.res.status).toBe(200);
    const code = /<code id="code">([^<]+)<\/code>/.exec(shown.text)![1]!;
    const token = await t.post('/oauth/token', {
      form: { grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' },
    });
    expect(token.status).toBe(200);
    expect(token.body.scope).toBe('read');

    const page = await browser.get(
      `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read write', state: 's1' })}`,
    );
    const denied = await browser.post('/oauth/authorize', { ...hiddenFields(page.text, '/oauth/authorize'), decision: 'deny' });
    expect(denied.res.status).toBe(302);
    const loc = new URL(denied.res.headers.get('location')!);
    expect(loc.searchParams.get('error')).toBe('access_denied');
    expect(loc.searchParams.get('state')).toBe('s1');
  });

  it('signs out a session whose account is suspended', async () => {
    const browser = new PageBrowser(t.url);
    const html = await signedInAuthorizePage(browser, {});
    const alice = await t.ctx.db.selectFrom('accounts').select('id').where('username', '=', 'alice').executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('accounts').set({ suspended_at: new Date().toISOString() }).where('id', '=', alice.id).execute();
    try {
      const res = await browser.post('/oauth/authorize', { ...hiddenFields(html, '/oauth/authorize'), decision: 'approve' });
      expect(res.res.status).toBe(401);
      expect(res.text).toContain('Sign in');
    } finally {
      await t.ctx.db.updateTable('accounts').set({ suspended_at: null }).where('id', '=', alice.id).execute();
    }
  });

  it('refuses form posts without the CSRF token', async () => {
    const browser = new PageBrowser(t.url);
    const html = await signedInAuthorizePage(browser, {});
    const fields = hiddenFields(html, '/oauth/authorize');
    const res = await browser.post('/oauth/authorize', { ...fields, authenticity_token: 'forged', decision: 'approve' });
    expect(res.res.status).toBe(403);
    expect(res.res.headers.get('location')).toBeNull();
  });

  it('keeps sign-in failures generic and counts them on the user', async () => {
    const browser = new PageBrowser(t.url);
    const first = await browser.get(`/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT })}`);
    const fields = hiddenFields(first.text, '/oauth/sign_in');
    const wrong = await browser.post('/oauth/sign_in', { ...fields, login: 'alice', password: 'wrong password' });
    const unknown = await browser.post('/oauth/sign_in', { ...fields, login: 'nobody', password: 'wrong password' });
    expect(wrong.res.status).toBe(401);
    expect(wrong.text).toContain('Invalid username or password');
    expect(unknown.text).toContain('Invalid username or password');
    const row = await t.ctx.db
      .selectFrom('users')
      .select(['failed_sign_ins', 'last_failed_sign_in_at'])
      .where('email_lower', '=', 'alice@example.test')
      .executeTakeFirstOrThrow();
    expect(row.failed_sign_ins).toBeGreaterThanOrEqual(1);
    expect(row.last_failed_sign_in_at).toBeTruthy();
  });

  it('speaks French when asked, through the sign-in failure too', async () => {
    const browser = new PageBrowser(t.url);
    const first = await browser.get(
      `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, lang: 'fr' })}`,
    );
    expect(first.text).toContain('<html lang="fr">');
    expect(first.text).toContain('Se connecter');
    const wrong = await browser.post('/oauth/sign_in', { ...hiddenFields(first.text, '/oauth/sign_in'), login: 'alice', password: 'nope nope' });
    expect(wrong.text).toContain('Nom d’utilisateur ou mot de passe incorrect');
    const english = await browser.get(`/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT })}`);
    expect(english.text).toContain('<html lang="en">');
  });

  it('refuses scopes beyond what the app registered, and unknown clients without redirecting', async () => {
    const browser = new PageBrowser(t.url);
    const res = await browser.get(
      `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'admin:write' })}`,
    );
    expect(res.res.status).toBe(302);
    expect(new URL(res.res.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
    const unknown = await browser.get(`/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'nope', redirect_uri: REDIRECT })}`);
    expect(unknown.res.status).toBe(400);
    expect(unknown.res.headers.get('location')).toBeNull();
  });

  it('issues app tokens with client_credentials, in JSON and form and with HTTP Basic', async () => {
    const json = await t.post('/oauth/token', {
      json: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read' },
    });
    expect(json.status).toBe(200);
    const verify = await t.get('/api/v1/apps/verify_credentials', { token: json.body.access_token });
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ name: 'Test Client', scopes: ['read', 'write', 'follow'] });
    expect(verify.body.client_secret).toBeUndefined();
    const basic = await t.post('/oauth/token', {
      form: { grant_type: 'client_credentials' },
      headers: { authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}` },
    });
    expect(basic.status).toBe(200);
    expect(basic.body.scope).toBe('read');
    const bad = await t.post('/oauth/token', { form: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: 'wrong' } });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    const scope = await t.post('/oauth/token', {
      json: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'admin:read' },
    });
    expect(scope.status).toBe(400);
    expect(scope.body.error).toBe('invalid_scope');
    const malformed = await t.post('/oauth/token', { raw: '{not json', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('invalid_request');
    const missing = await t.post('/oauth/token', { form: { client_id: app.client_id } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
    const grant = await t.post('/oauth/token', { json: { grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret } });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe('unsupported_grant_type');
  });

  it('revokes a token so it no longer works', async () => {
    const { body } = await t.post('/oauth/token', { json: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret } });
    expect((await t.get('/api/v1/apps/verify_credentials', { token: body.access_token })).status).toBe(200);
    const res = await t.post('/oauth/revoke', { form: { client_id: app.client_id, client_secret: app.client_secret, token: body.access_token } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect((await t.get('/api/v1/apps/verify_credentials', { token: body.access_token })).status).toBe(401);
  });

  it('publishes RFC 8414 server metadata', async () => {
    const res = await t.get('/.well-known/oauth-authorization-server');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: `${t.url}/`,
      authorization_endpoint: `${t.url}/oauth/authorize`,
      token_endpoint: `${t.url}/oauth/token`,
      revocation_endpoint: `${t.url}/oauth/revoke`,
      app_registration_endpoint: `${t.url}/api/v1/apps`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(res.body.scopes_supported).toContain('write:statuses');
  });
});
