import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Tribune extension: POST /api/v1/tribune/account/password (Mastodon's API has no password change).
describe('changing the password (POST /api/v1/tribune/account/password)', () => {
  let t: TestServer;
  let carol: TestUser;
  const path = '/api/v1/tribune/account/password';

  beforeAll(async () => {
    t = await startTestServer();
    carol = await t.createUser('carol');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('needs a signed-in token with write:accounts', async () => {
    expect((await t.post(path, { json: { current_password: 'correct horse battery', new_password: 'x'.repeat(12) } })).status).toBe(401);
    const readOnly = await t.createUser('reader', { scopes: 'read' });
    const res = await t.post(path, { token: readOnly.token, json: { current_password: 'correct horse battery', new_password: 'x'.repeat(12) } });
    expect(res.status).toBe(403);
  });

  it('refuses a wrong current password with 422 naming current_password, and keeps the old one', async () => {
    const res = await t.post(path, { token: carol.token, json: { current_password: 'not my password', new_password: 'a brand new secret' } });
    expect(res.status).toBe(422);
    expect(res.body.error).toContain('current_password');
    // The old password still works: a change made with it goes through below.
  });

  it('refuses a missing or too short new password, naming new_password', async () => {
    const missing = await t.post(path, { token: carol.token, form: { current_password: 'correct horse battery' } });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toContain('new_password');
    const short = await t.post(path, { token: carol.token, json: { current_password: 'correct horse battery', new_password: 'short' } });
    expect(short.status).toBe(422);
    expect(short.body.error).toContain('new_password');
  });

  it('changes the password, revokes the other tokens of the account and keeps the current one', async () => {
    const other = (await issueToken(t.ctx, null, carol.id, 'read write')).token;
    const bystander = await t.createUser('dave');
    expect((await t.get('/api/v1/accounts/verify_credentials', { token: other })).status).toBe(200);

    const res = await t.post(path, { token: carol.token, form: { current_password: 'correct horse battery', new_password: 'a brand new secret' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});

    expect((await t.get('/api/v1/accounts/verify_credentials', { token: carol.token })).status).toBe(200);
    expect((await t.get('/api/v1/accounts/verify_credentials', { token: other })).status).toBe(401);
    // Nobody else is signed out.
    expect((await t.get('/api/v1/accounts/verify_credentials', { token: bystander.token })).status).toBe(200);

    // The old password is no longer the current one; the new one is.
    const old = await t.post(path, { token: carol.token, json: { current_password: 'correct horse battery', new_password: 'yet another secret' } });
    expect(old.status).toBe(422);
    const again = await t.post(path, { token: carol.token, json: { current_password: 'a brand new secret', new_password: 'yet another secret' } });
    expect(again.status).toBe(200);
  });
});
