import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followAcross } from '../helpers/federation.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Attachments between two real Tribune servers on loopback: A's Note carries a Document per file; B stores them as
// remote media (their address, not fetched) and shows them in the API with `remote_url`.
const federation = { allowPrivateAddress: true };
const AP = { accept: 'application/activity+json' };

type Media = { type: string; url: string | null; preview_url: string | null; remote_url: string | null; description: string | null; meta: any };
type Status = { id: string; uri: string; media_attachments: Media[] };

describe('attachments across servers', { timeout: 300_000 }, () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    a = await startTestServer({ federation });
    b = await startTestServer({ federation });
    alice = await a.createUser('alice');
    bob = await b.createUser('bob');
    await followAcross(b, bob, a, 'alice');
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  }, 120_000);

  it('sends Documents with the alt text and size, stored on the other server as remote media', async () => {
    const first = await a.seedMedia(alice, { description: 'a cat on a mat' });
    const second = await a.seedMedia(alice, { description: null });
    const post = await a.postStatus<Status>(alice, 'two pictures', { media_ids: [first, second] });
    const localUrl = post.media_attachments[0]!.url!;
    expect(localUrl).toMatch(/^http/);

    const note = await a.get(`/users/alice/statuses/${post.id}`, { headers: AP });
    expect(note.body.attachment).toHaveLength(2);
    expect(note.body.attachment[0]).toMatchObject({ type: 'Document', mediaType: 'image/png', url: localUrl, name: 'a cat on a mat', width: 10, height: 10 });
    expect(note.body.attachment[1].name).toBeUndefined();
    // The outbox carries them too.
    const outbox = await a.get('/users/alice/outbox', { headers: AP });
    const page = await a.get(new URL(outbox.body.first).pathname + new URL(outbox.body.first).search, { headers: AP });
    const created = page.body.orderedItems.find((c: { object: { id: string } }) => c.object.id === note.body.id);
    expect(created.object.attachment).toHaveLength(2);

    const copy = await eventually(async () => {
      const home = await b.ok<Status[]>('GET', '/api/v1/timelines/home', bob);
      const found = home.find((s) => s.uri === note.body.id);
      expect(found).toBeDefined();
      return found!;
    });
    expect(copy.media_attachments).toHaveLength(2);
    const [m1, m2] = copy.media_attachments;
    expect(m1).toMatchObject({ type: 'image', url: localUrl, preview_url: localUrl, remote_url: localUrl, description: 'a cat on a mat' });
    expect(m1!.meta.original).toMatchObject({ width: 10, height: 10 });
    expect(m2).toMatchObject({ remote_url: post.media_attachments[1]!.url, description: null });
    // Stored as addresses only: no file was fetched or written here.
    const rows = await b.ctx.db.selectFrom('media_attachments').select(['file_path', 'remote_url']).execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.file_path === null && r.remote_url !== null)).toBe(true);
    // The post's own page on B shows them the same way.
    expect((await b.ok<Status>('GET', `/api/v1/statuses/${copy.id}`, bob)).media_attachments.map((m) => m.remote_url)).toEqual([
      localUrl,
      post.media_attachments[1]!.url,
    ]);
  });

  it('stores no attachment of a server whose media is rejected (reject_media), and still the post', async () => {
    const admin = await b.createUser('admin', { role: 'admin' });
    const blocked = await b.post('/api/v1/admin/domain_blocks', {
      token: admin.token,
      json: { domain: new URL(a.url).host, severity: 'noop', reject_media: true },
    });
    expect(blocked.status).toBe(200);
    const media = await a.seedMedia(alice, { description: 'not wanted there' });
    const post = await a.postStatus<Status>(alice, 'a picture for a server that rejects media', { media_ids: [media] });
    const copy = await eventually(async () => {
      const found = (await b.ok<Status[]>('GET', '/api/v1/timelines/home', bob)).find((s) => s.uri === `${a.url}/users/alice/statuses/${post.id}`);
      expect(found).toBeDefined();
      return found!;
    });
    expect(copy.media_attachments).toEqual([]);
    const rows = await b.ctx.db.selectFrom('media_attachments').select('remote_url').where('status_id', '=', copy.id).execute();
    expect(rows).toEqual([]);
  });
});
