import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../tests/helpers/memory-storage.js';
import { startTestServer, type TestServer, type TestUser } from '../tests/helpers/server.js';
import { scene } from '../tests/media/fixtures.js';
import { uploadForm } from '../tests/media/media-server.js';
import { resolveThresholds } from './moderation/classifier/thresholds.js';
import type { Classifier } from './moderation/classifier/types.js';

// The composition root builds each service from the configuration unless one is passed in (createContext's
// `overrides`): a test swaps the classifier or the media storage without touching module state.
describe('createContext with services passed in', () => {
  const storage = memoryStorage();
  const classifier: Classifier = {
    name: 'stand-in',
    version: '1',
    // Scores only the word "lunch" as a threat: the shipped model would publish it.
    classify: (text) => ({ categories: { violence: text.includes('lunch') ? 1 : 0, glorification: 0 }, language: 'en' }),
  };
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startTestServer(
      {},
      {
        services: {
          mediaStorage: storage,
          moderation: { classifier, thresholds: resolveThresholds({ thresholds: { violence: { review: 0.5, refuse: 0.9 } } }) },
        },
      },
    );
    alice = await t.createUser('alice');
  });
  afterAll(() => t?.close());

  it('screens posts with the classifier passed in', async () => {
    const refused = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'what a lunch' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/threat or a call to violence/);
    const published = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'what a dinner' } });
    expect(published.status).toBe(200);
    expect(published.body.tribune.moderation_state).toBeUndefined();
  });

  it('stores uploads in the storage passed in, and serves them from it', async () => {
    const res = await t.request('POST', '/api/v2/media', { token: alice.token, multipart: uploadForm(await scene(3, 300, 200), 'a.png', 'image/png') });
    expect(res.status).toBe(200);
    const keys = [...storage.files.keys()];
    expect(keys.some((k) => k.startsWith('original/'))).toBe(true);
    expect(keys.some((k) => k.startsWith('small/'))).toBe(true);
    expect(t.ctx.mediaStorage).toBe(storage);
    const key = new URL(res.body.url).pathname.replace('/system/media/', '');
    const served = await fetch(res.body.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(storage.files.get(key)!.body)).toBe(true);
  });
});
