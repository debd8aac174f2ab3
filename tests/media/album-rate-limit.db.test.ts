import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer, TestUser } from '../helpers/server.js';
import { scene } from './fixtures.js';
import { startMediaServer, uploadForm } from './media-server.js';

// The shield's media policy (Mastodon's: 30 uploads per account in 30 minutes) against a person posting albums.
describe('the media rate limit and a person posting albums', () => {
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startMediaServer({}, { shieldEnabled: true });
    alice = await t.createUser('alice');
  });
  afterAll(() => t?.close());

  it('lets three albums of four, with descriptions, polling and a retry each, through; the 31st upload in half an hour waits', async () => {
    const png = await scene(1, 120, 90);
    let uploads = 0;
    for (let album = 0; album < 3; album++) {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await t.request('POST', '/api/v2/media', { token: alice.token, multipart: uploadForm(png, `${album}-${i}.png`, 'image/png') });
        uploads++;
        expect(res.status, res.text).toBe(200);
        expect((await t.get(`/api/v1/media/${res.body.id}`, { token: alice.token })).status).toBe(200);
        expect((await t.request('PUT', `/api/v1/media/${res.body.id}`, { token: alice.token, json: { description: `picture ${i}` } })).status).toBe(200);
        ids.push(res.body.id);
      }
      // A flaky connection: the last one is sent again.
      const retry = await t.request('POST', '/api/v2/media', { token: alice.token, multipart: uploadForm(png, 'retry.png', 'image/png') });
      uploads++;
      expect(retry.status).toBe(200);
      expect((await t.post('/api/v1/statuses', { token: alice.token, json: { status: `album ${album}`, media_ids: ids } })).status).toBe(200);
    }
    expect(uploads).toBe(15);
    for (; uploads < 30; uploads++) {
      expect((await t.request('POST', '/api/v2/media', { token: alice.token, multipart: uploadForm(png, 'more.png', 'image/png') })).status).toBe(200);
    }
    const over = await t.request('POST', '/api/v2/media', { token: alice.token, multipart: uploadForm(png, 'over.png', 'image/png') });
    expect(over.status).toBe(429);
  }, 120_000);
});
