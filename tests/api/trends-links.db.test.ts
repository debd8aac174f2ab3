import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

interface Link {
  url: string;
  title: string;
  history: Array<{ day: string; uses: string; accounts: string }>;
}

// Trending links with a handful of people: the links most people shared in public posts of the last day.
describe('trending links', () => {
  let t: TestServer;
  let pages: Server;
  let base: string;
  const users: TestUser[] = [];
  beforeAll(async () => {
    pages = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path === '/broken') return res.writeHead(500).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html><head><meta property="og:title" content="Page ${path.slice(1)}"></head></html>`);
    });
    await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    t = await startTestServer({ previewCards: { timeoutMs: 5_000, allowLoopback: true } });
    for (const name of ['ann', 'ben', 'cy', 'dee']) users.push(await t.createUser(name));
  });
  afterAll(async () => {
    await t?.close();
    pages?.closeAllConnections();
    await new Promise((r) => pages?.close(r));
  });

  const trends = (q = '') => t.ok<Link[]>('GET', `/api/v1/trends/links${q}`, null);

  it('is empty before anyone shares a link', async () => {
    expect(await trends()).toEqual([]);
  });

  it('ranks links by the people who shared them in public, with a week of history', async () => {
    const [ann, ben, cy, dee] = users as [TestUser, TestUser, TestUser, TestUser];
    for (const u of [ann, ben, cy]) await t.postStatus(u, `look ${base}/popular`);
    for (const u of [ann, ann, dee]) await t.postStatus(u, `also ${base}/second`);
    await t.postStatus(dee, `only me ${base}/third`);
    // Not counted: private posts, pages without a card.
    await t.postStatus(dee, `secret ${base}/private`, { visibility: 'private' });
    await t.postStatus(cy, `broken ${base}/broken`);

    const links = await trends();
    expect(links.map((l) => l.title)).toEqual(['Page popular', 'Page second', 'Page third']);
    expect(links[0]).toMatchObject({ url: `${base}/popular`, type: 'link' });
    expect(links[0]!.history).toHaveLength(7);
    expect(links[0]!.history[0]).toMatchObject({ uses: '3', accounts: '3' });
    expect(links[1]!.history[0]).toMatchObject({ uses: '3', accounts: '2' });
    expect(links[0]!.history[1]).toMatchObject({ uses: '0', accounts: '0' });
    expect((await trends('?limit=1&offset=1')).map((l) => l.title)).toEqual(['Page second']);
  });

  it('leaves out what accounts limited by a moderator shared', async () => {
    const dee = users[3]!;
    await t.ctx.db.updateTable('accounts').set({ limited_at: new Date().toISOString() }).where('id', '=', dee.id).execute();
    await t.postStatus(dee, `muted ${base}/limited`);
    const links = await trends();
    expect(links.map((l) => l.title)).toEqual(['Page popular', 'Page second']);
    expect(links[1]!.history[0]).toMatchObject({ uses: '2', accounts: '1' });
  });

  it('forgets links older than a day', async () => {
    await t.ctx.db
      .updateTable('statuses')
      .set({ created_at: new Date(Date.now() - 2 * 86_400_000).toISOString() })
      .execute();
    expect(await trends()).toEqual([]);
  });
});
