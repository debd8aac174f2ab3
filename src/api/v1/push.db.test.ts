import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer, type TestUser } from '../../../tests/helpers/server.js';

// http_ece (web-push's own dependency, untyped) decrypts what a browser would receive from its push service.
const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(body: Buffer, params: { version: string; privateKey: unknown; authSecret: string }): Buffer;
};

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

describe('Web Push subscriptions (/api/v1/push/subscription)', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let pushService: Server;
  let pushUrl: string;
  let received: Received[] = [];
  let reply = 201;
  const browserKeys = createECDH('prime256v1');
  browserKeys.generateKeys();
  const authSecret = randomBytes(16);

  const subscription = (path = '/push/alice') => ({
    endpoint: `${pushUrl}${path}`,
    keys: { p256dh: browserKeys.getPublicKey('base64url'), auth: authSecret.toString('base64url') },
    standard: true,
  });

  beforeAll(async () => {
    t = await startTestServer();
    t.ctx.webPush.allowHttp = true;
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    // A stand-in for the browser vendor's push service, on loopback.
    pushService = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(reply).end();
      });
    });
    await new Promise<void>((r) => pushService.listen(0, '127.0.0.1', r));
    pushUrl = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => pushService?.close(r));
    await t?.close();
  });

  beforeEach(() => {
    received = [];
    reply = 201;
  });

  it('needs a signed-in token with the push scope', async () => {
    expect((await t.post('/api/v1/push/subscription', { json: { subscription: subscription() } })).status).toBe(401);
    const noPush = await t.createUser('nopush', { scopes: 'read write' });
    const res = await t.post('/api/v1/push/subscription', { token: noPush.token, json: { subscription: subscription() } });
    expect(res.status).toBe(403);
  });

  it('refuses a plain-HTTP endpoint: push services are HTTPS', async () => {
    const state = t.ctx.webPush;
    state.allowHttp = false;
    try {
      const res = await t.post('/api/v1/push/subscription', { token: bob.token, json: { subscription: subscription('/push/bob') } });
      expect(res.status).toBe(422);
      expect(res.body.error).toContain('subscription.endpoint');
    } finally {
      state.allowHttp = true;
    }
  });

  it('publishes the VAPID public key in the app registration and in the instance', async () => {
    const stored = await t.ctx.db.selectFrom('settings').select('value').where('key', '=', 'web_push.vapid_keys').executeTakeFirstOrThrow();
    const key = JSON.parse(stored.value).publicKey as string;
    expect(key).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    const app = await t.post('/api/v1/apps', { json: { client_name: 'pushy', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read push' } });
    expect(app.status).toBe(200);
    expect(app.body.vapid_key).toBe(key);
    const instance = await t.get('/api/v2/instance');
    expect(instance.body.configuration.vapid.public_key).toBe(key);
  });

  it('answers 404 while the token has no subscription', async () => {
    const res = await t.get('/api/v1/push/subscription', { token: bob.token });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: expect.any(String) });
  });

  it('refuses a subscription without a valid endpoint, naming the field', async () => {
    const res = await t.post('/api/v1/push/subscription', { token: alice.token, json: { subscription: { ...subscription(), endpoint: 'not a url' } } });
    expect(res.status).toBe(422);
    expect(res.body.error).toContain('subscription.endpoint');
    const noKeys = await t.post('/api/v1/push/subscription', { token: alice.token, form: { 'subscription[endpoint]': `${pushUrl}/x` } });
    expect(noKeys.status).toBe(422);
    expect(noKeys.body.error).toContain('subscription.keys');
  });

  it('creates, reads, updates and deletes the subscription of the token, with the VAPID key generated at start', async () => {
    const created = await t.post('/api/v1/push/subscription', {
      token: alice.token,
      form: {
        'subscription[endpoint]': `${pushUrl}/push/form`,
        'subscription[keys][p256dh]': browserKeys.getPublicKey('base64url'),
        'subscription[keys][auth]': authSecret.toString('base64url'),
        'data[alerts][favourite]': 'true',
        'data[alerts][mention]': 'true',
        'data[policy]': 'all',
      },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: expect.any(String), endpoint: `${pushUrl}/push/form`, policy: 'all', standard: false });
    expect(created.body.alerts).toMatchObject({ favourite: true, mention: true, follow: false, reblog: false });
    const stored = await t.ctx.db.selectFrom('settings').select('value').where('key', '=', 'web_push.vapid_keys').executeTakeFirstOrThrow();
    expect(created.body.server_key).toBe(JSON.parse(stored.value).publicKey);
    expect(created.body.server_key).toMatch(/^[A-Za-z0-9_-]{80,}$/);

    expect((await t.get('/api/v1/push/subscription', { token: alice.token })).body).toEqual(created.body);

    const updated = await t.request('PUT', '/api/v1/push/subscription', {
      token: alice.token,
      json: { data: { alerts: { follow: true, mention: false }, policy: 'followed' } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.alerts).toMatchObject({ favourite: true, mention: false, follow: true });
    expect(updated.body.policy).toBe('followed');

    const removed = await t.request('DELETE', '/api/v1/push/subscription', { token: alice.token });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({});
    expect((await t.get('/api/v1/push/subscription', { token: alice.token })).status).toBe(404);
  });

  it('pushes an encrypted notification, signed with VAPID, when someone upvotes the post', async () => {
    const sub = await t.post('/api/v1/push/subscription', {
      token: alice.token,
      json: { subscription: subscription(), data: { alerts: { favourite: true }, policy: 'all' } },
    });
    expect(sub.status).toBe(200);
    const post = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'Push me' } });
    expect(post.status).toBe(200);
    expect((await t.post(`/api/v1/statuses/${post.body.id}/favourite`, { token: bob.token })).status).toBe(200);

    await eventually(() => expect(received).toHaveLength(1));
    const r = received[0]!;
    expect(r.path).toBe('/push/alice');
    expect(r.headers['content-encoding']).toBe('aes128gcm');
    expect(r.headers.authorization).toMatch(new RegExp(`^vapid t=[^,]+, k=${sub.body.server_key}$`));
    expect(Number(r.headers.ttl)).toBeGreaterThan(0);
    const clear = ece.decrypt(r.body, { version: 'aes128gcm', privateKey: browserKeys, authSecret: authSecret.toString('base64url') });
    const payload = JSON.parse(clear.toString('utf8'));
    expect(payload).toMatchObject({ notification_type: 'favourite', title: 'bob upvoted your post', body: 'Push me', notification_id: expect.any(String) });
  });

  it('does not push notification types the subscription did not ask for', async () => {
    await t.post('/api/v1/push/subscription', {
      token: alice.token,
      json: { subscription: subscription(), data: { alerts: { mention: true }, policy: 'all' } },
    });
    const post = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'No push for upvotes' } });
    await t.post(`/api/v1/statuses/${post.body.id}/favourite`, { token: bob.token });
    await t.post('/api/v1/statuses', { token: bob.token, json: { status: '@alice hello there' } });
    await eventually(() => expect(received).toHaveLength(1));
    const payload = JSON.parse(
      ece.decrypt(received[0]!.body, { version: 'aes128gcm', privateKey: browserKeys, authSecret: authSecret.toString('base64url') }).toString('utf8'),
    );
    expect(payload.notification_type).toBe('mention');
  });

  it('forgets a subscription the push service says is gone', async () => {
    await t.post('/api/v1/push/subscription', {
      token: alice.token,
      json: { subscription: subscription('/push/gone'), data: { alerts: { favourite: true } } },
    });
    reply = 410;
    const post = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'Gone soon' } });
    await t.post(`/api/v1/statuses/${post.body.id}/favourite`, { token: bob.token });
    await eventually(() => expect(received).toHaveLength(1));
    await eventually(async () => expect((await t.get('/api/v1/push/subscription', { token: alice.token })).status).toBe(404));
  });
});
