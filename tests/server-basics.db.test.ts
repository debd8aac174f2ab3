import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';

describe('the server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());

  it('answers its health check', async () => {
    const res = await t.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers unknown API paths with a 404 in Mastodon error shape', async () => {
    const res = await t.get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: expect.any(String) });
  });

  it('refuses an unknown bearer token with 401', async () => {
    const res = await t.get('/health', { token: 'not-a-token' });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/token/i);
  });

  it('stores seeded accounts with snowflake ids', async () => {
    const u = await t.createUser('alice');
    expect(u.id).toMatch(/^[0-9]{17,19}$/);
    const row = await t.ctx.db.selectFrom('accounts').select(['id', 'username']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ id: u.id, username: 'alice' });
  });
});
