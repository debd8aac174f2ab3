import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// The findings of the hostile-input review, each reproduced over HTTP: prototype keys, tokens without a read
// scope, NUL characters, ids past 64 bits and Link headers that echoed the query.
describe('hostile input', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    admin = await t.createUser('admin', { role: 'admin' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const prototypeIsClean = () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).filter((k) => ['polluted', 'x'].includes(k))).toEqual([]);
  };

  describe('prototype keys', () => {
    const attempts: Array<[string, () => Promise<{ status: number; body: any }>]> = [
      ['query __proto__', () => t.get('/api/v1/timelines/public?__proto__[polluted]=1')],
      ['query constructor[prototype]', () => t.get('/api/v1/timelines/public?constructor[prototype][polluted]=1')],
      [
        'form __proto__',
        () =>
          t.post('/api/v1/statuses', { token: alice.token, raw: '__proto__[x]=1&status=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      ],
      [
        'multipart __proto__',
        () => {
          const form = new FormData();
          form.append('__proto__[polluted]', '1');
          form.append('status', 'hi');
          return t.post('/api/v1/statuses', { token: alice.token, multipart: form });
        },
      ],
      [
        'JSON __proto__',
        () =>
          t.post('/api/v1/statuses', {
            token: alice.token,
            raw: '{"status":"hi","__proto__":{"polluted":1}}',
            headers: { 'content-type': 'application/json' },
          }),
      ],
      [
        'JSON nested constructor',
        () =>
          t.post('/api/v1/statuses', {
            token: alice.token,
            raw: '{"status":"hi","poll":{"constructor":{"prototype":{"polluted":1}}}}',
            headers: { 'content-type': 'application/json' },
          }),
      ],
    ];
    for (const [name, send] of attempts) {
      it(`refuses ${name} with a 400 and leaves every later request working`, async () => {
        const res = await send();
        expect(res.status).toBe(400);
        expect(res.body.error).toMatch(/not allowed/);
        prototypeIsClean();
        // The requests the pollution used to break: JSON and form writes.
        expect((await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'after, as JSON' } })).status).toBe(200);
        expect((await t.post('/api/v1/statuses', { token: alice.token, form: { status: 'after, as a form' } })).status).toBe(200);
      });
    }
  });

  describe('tokens without a read scope', () => {
    let writeOnly: string;
    let pushOnly: string;
    let privateId: string;
    let pollId: string;
    beforeAll(async () => {
      await t.ok('POST', `/api/v1/accounts/${alice.id}/follow`, bob);
      // bob's own restricted tokens: the account can see the private post, the token may not read it.
      writeOnly = (await issueToken(t.ctx, null, bob.id, 'write')).token;
      pushOnly = (await issueToken(t.ctx, null, bob.id, 'push')).token;
      privateId = (await t.postStatus(alice, 'for followers only', { visibility: 'private' })).id;
      const poll = await t.postStatus(alice, 'a private poll', { visibility: 'private', poll: { options: ['a', 'b'], expires_in: 3600 } });
      pollId = poll.poll.id;
    });

    it('lets the follower read with a read token', async () => {
      expect((await t.get(`/api/v1/statuses/${privateId}`, { token: bob.token })).status).toBe(200);
    });

    for (const path of [
      '/api/v1/statuses/:id',
      '/api/v1/statuses/:id/context',
      '/api/v1/statuses/:id/history',
      '/api/v1/statuses?id[]=:id',
      '/api/v1/accounts/:alice/statuses',
      '/api/v1/timelines/public',
      '/api/v1/search?q=followers',
    ]) {
      it(`refuses ${path} to write-only and push-only tokens`, async () => {
        for (const token of [writeOnly, pushOnly]) {
          const res = await t.get(path.replace(':id', privateId).replace(':alice', alice.id), { token });
          expect(res.status).toBe(403);
          expect(res.text).not.toContain('for followers only');
        }
      });
    }

    it('refuses a private poll to a write-only token', async () => {
      expect((await t.get(`/api/v1/polls/${pollId}`, { token: bob.token })).status).toBe(200);
      expect((await t.get(`/api/v1/polls/${pollId}`, { token: writeOnly })).status).toBe(403);
    });

    it('answers without a token as to anyone: the private post is not found', async () => {
      expect((await t.get(`/api/v1/statuses/${privateId}`)).status).toBe(404);
    });
  });

  describe('NUL characters', () => {
    it('refuses a NUL in a post with a 422 naming the field, and stores nothing', async () => {
      const before = (await t.get(`/api/v1/accounts/${alice.id}`)).body.statuses_count;
      const res = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'a\u0000b' } });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatch(/status/);
      expect((await t.get(`/api/v1/accounts/${alice.id}`)).body.statuses_count).toBe(before);
    });

    it('refuses a NUL in a form field, a query, a nested field and a tag path', async () => {
      const form = await t.post('/api/v1/lists', { token: alice.token, form: { title: 'x\u0000y' } });
      expect(form.status).toBe(422);
      expect(form.body.error).toMatch(/title/);
      const query = await t.get('/api/v2/search?q=a%00b', { token: alice.token });
      expect(query.status).toBe(422);
      expect(query.body.error).toMatch(/\bq\b/);
      const nested = await t.post('/api/v2/filters', {
        token: alice.token,
        json: { title: 't', context: ['home'], keywords_attributes: [{ keyword: 'k\u0000' }] },
      });
      expect(nested.status).toBe(422);
      expect(nested.body.error).toMatch(/keywords_attributes\.0\.keyword/);
      expect((await t.get('/api/v1/timelines/tag/a%00b')).status).toBe(400);
      expect((await t.get('/api/v1/timelines/tag/a?any[]=b%00')).status).toBe(422);
    });
  });

  describe('ids past 64 bits', () => {
    const huge = '9223372036854775808';
    for (const path of [
      `/api/v1/notifications/${huge}`,
      `/api/v1/statuses/${huge}`,
      `/api/v1/accounts/${huge}`,
      `/api/v1/lists/${huge}`,
      `/api/v1/polls/${huge}`,
      `/api/v1/tribune/moderation/actions/${huge}`,
      `/api/v1/admin/reports/${huge}`,
      `/api/v1/admin/accounts/${huge}`,
      `/api/v1/admin/tribune/cases/${huge}`,
      `/api/v2/filters/${huge}`,
    ]) {
      it(`answers ${path.replace(huge, ':id')} with a 404`, async () => {
        const res = await t.get(path, { token: admin.token });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: 'Record not found' });
      });
    }

    it('answers a conversation past 64 bits with a 404 on write routes too', async () => {
      expect((await t.request('DELETE', `/api/v1/conversations/${huge}`, { token: alice.token })).status).toBe(404);
      expect((await t.post(`/api/v1/conversations/${huge}/read`, { token: alice.token })).status).toBe(404);
    });
  });

  it('refuses client credentials that do not decode with a 400 (invalid_request), not a 500', async () => {
    for (const pair of ['%FF:%FF', 'a%00:b', 'app:%E0%A4%A']) {
      const res = await t.post('/oauth/token', {
        form: { grant_type: 'client_credentials' },
        headers: { authorization: `Basic ${Buffer.from(pair).toString('base64')}` },
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
  });

  it('answers a profile-image path that does not decode with a 404', async () => {
    expect((await t.get('/system/accounts/avatars/1/original.png/%FF')).status).toBe(404);
    expect((await t.get('/system/accounts/avatars/%ED%A0%80.png')).status).toBe(404);
  });

  it('builds Link headers from the parameters the route accepts, not the raw query', async () => {
    await t.postStatus(alice, 'one');
    await t.postStatus(alice, 'two');
    const junk = 'x'.repeat(12_000);
    const res = await t.get(`/api/v1/timelines/public?limit=1&junk=${junk}&local=true`);
    const link = res.headers.get('link') ?? '';
    expect(link).toContain('rel="next"');
    expect(link).toContain('limit=1');
    expect(link).toContain('local=true');
    expect(link).not.toContain('junk');
    expect(link.length).toBeLessThan(500);
  });
});
