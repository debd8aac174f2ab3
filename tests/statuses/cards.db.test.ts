import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Link preview cards (Mastodon's PreviewCard on Status.card, and GET /api/v1/statuses/:id/card), fetched from
// pages served by a local HTTP server.
const OG_PAGE = `<!doctype html><html lang="en-GB"><head>
<title>Ignored title</title>
<meta property="og:title" content="The &amp; Title">
<meta property="og:description" content="  What the page is
  about ">
<meta property="og:site_name" content="Example News">
<meta property="og:image" content="/images/cover.png">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta name="author" content="Ada Lovelace">
</head><body><p>Hello</p></body></html>`;

describe('link preview cards', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let pages: Server;
  let base: string;
  const hits = new Map<string, number>();
  let releaseGate: () => void = () => {};
  let gate = new Promise<void>((r) => {
    releaseGate = r;
  });

  const cardOf = async (id: string, user: TestUser = alice) =>
    (await t.ok<{ card: Record<string, unknown> | null }>('GET', `/api/v1/statuses/${id}`, user)).card;
  const stored = (url: string) => t.ctx.db.selectFrom('preview_cards').selectAll().where('url', '=', url).executeTakeFirst();

  beforeAll(async () => {
    pages = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const html = (body: string) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(body);
      };
      if (!/^Tribune\/[\d.]+ \(link preview; \+http:\/\/127\.0\.0\.1:\d+\/\)$/.test(req.headers['user-agent'] ?? '')) return res.writeHead(400).end();
      if (path.startsWith('/og')) return html(OG_PAGE);
      if (path === '/plain') return html('<html><head><title>  Just a\n title </title><meta name="description" content="Plain description"></head></html>');
      if (path === '/notitle') return html('<html><body>nothing</body></html>');
      if (path === '/redirect') return res.writeHead(302, { location: '/target' }).end();
      if (path === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      if (path === '/to-mapped') return res.writeHead(307, { location: 'http://[::ffff:10.0.0.1]/admin' }).end();
      if (path === '/to-file') return res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      if (path === '/target') return html('<html><head><meta property="og:title" content="Redirect target"></head></html>');
      if (path.startsWith('/hop')) {
        const n = Number(path.slice(4));
        return res.writeHead(301, { location: `/hop${n + 1}` }).end();
      }
      if (path === '/json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"title":"not a page"}');
      }
      if (path === '/endless') {
        // A body that never ends: only a reader that stops at its size cap gets a card before the deadline.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><head><title>Endless</title></head><body>');
        const chunk = `<p>${'x'.repeat(64 * 1024)}</p>`;
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        return pump();
      }
      if (path === '/slow') return setTimeout(() => html('<title>Too late</title>'), 3_000).unref();
      if (path === '/gated') return void gate.then(() => html('<head><meta property="og:title" content="Worth the wait"></head>'));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    t = await startTestServer({ previewCards: { timeoutMs: 5_000, allowLoopback: true } });
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    await t.ok('POST', `/api/v1/accounts/${alice.id}/follow`, bob);
  });

  afterAll(async () => {
    releaseGate();
    pages.closeAllConnections();
    await new Promise((r) => pages.close(r));
    await t.close();
  });

  it('puts the first link’s OpenGraph card on the post, fetched with a Tribune User-Agent', async () => {
    const s = await t.postStatus(alice, `Hi @bob #tag read ${base}/og/a and ${base}/plain`);
    expect(await cardOf(s.id)).toEqual({
      url: `${base}/og/a`,
      title: 'The & Title',
      description: 'What the page is about',
      type: 'link',
      author_name: 'Ada Lovelace',
      author_url: '',
      provider_name: 'Example News',
      provider_url: '',
      html: '',
      width: 1200,
      height: 630,
      image: `${base}/images/cover.png`,
      image_description: '',
      embed_url: '',
      blurhash: null,
      language: 'en',
      published_at: null,
      authors: [],
    });
    expect(hits.get('/plain')).toBeUndefined();
    // The deprecated endpoint answers the same card.
    expect((await t.ok('GET', `/api/v1/statuses/${s.id}/card`, null)).title).toBe('The & Title');
  });

  it('fetches a URL once and reuses its card for later posts', async () => {
    const first = await t.postStatus(alice, `${base}/og/once`);
    const second = await t.postStatus(bob, `again ${base}/og/once`);
    expect((await cardOf(first.id))?.title).toBe('The & Title');
    expect((await cardOf(second.id))?.title).toBe('The & Title');
    expect(hits.get('/og/once')).toBe(1);
  });

  it('resolves a host name and connects to the address it checked', async () => {
    const port = (pages.address() as AddressInfo).port;
    const s = await t.postStatus(alice, `http://localhost:${port}/og/by-name`);
    expect((await cardOf(s.id))?.title).toBe('The & Title');
    expect(hits.get('/og/by-name')).toBe(1);
  });

  it('falls back to <title> and meta description', async () => {
    const s = await t.postStatus(alice, `${base}/plain`);
    expect(await cardOf(s.id)).toMatchObject({ title: 'Just a title', description: 'Plain description', image: null, width: 0, height: 0, provider_name: '' });
  });

  it('follows a redirect to the page', async () => {
    const s = await t.postStatus(alice, `${base}/redirect`);
    expect(await cardOf(s.id)).toMatchObject({ url: `${base}/redirect`, title: 'Redirect target' });
  });

  it('gives up after three redirects', async () => {
    const s = await t.postStatus(alice, `${base}/hop0`);
    expect(await cardOf(s.id)).toBeNull();
    expect(hits.get('/hop3')).toBe(1);
    expect(hits.get('/hop4')).toBeUndefined();
    expect((await stored(`${base}/hop0`))?.error).toMatch(/redirect/);
  });

  it('makes no card of a non-HTML answer or a page without a title, and remembers the failure', async () => {
    const json = await t.postStatus(alice, `${base}/json`);
    const untitled = await t.postStatus(alice, `${base}/notitle`);
    expect(await cardOf(json.id)).toBeNull();
    expect(await cardOf(untitled.id)).toBeNull();
    expect(await t.ok('GET', `/api/v1/statuses/${json.id}/card`, alice)).toEqual({});
    const failed = await stored(`${base}/json`);
    expect(failed?.error).toMatch(/not HTML/);
    expect(failed?.fetched_at).toBeTruthy();
    await t.postStatus(bob, `once more ${base}/json`);
    expect(hits.get('/json')).toBe(1);
  });

  it('reads at most 1 MB of a page', async () => {
    t.ctx.config.previewCards.timeoutMs = 3_000;
    try {
      const s = await t.postStatus(alice, `${base}/endless`);
      expect((await cardOf(s.id))?.title).toBe('Endless');
    } finally {
      t.ctx.config.previewCards.timeoutMs = 5_000;
    }
  });

  it('gives up on a slow answer at the deadline', async () => {
    t.ctx.config.previewCards.timeoutMs = 300;
    try {
      const s = await t.postStatus(alice, `${base}/slow`);
      expect(await cardOf(s.id)).toBeNull();
      expect((await stored(`${base}/slow`))?.error).toMatch(/timed out/);
    } finally {
      t.ctx.config.previewCards.timeoutMs = 5_000;
    }
  });

  it('refuses loopback addresses, by name or by number, unless allowed', async () => {
    const port = (pages.address() as AddressInfo).port;
    t.ctx.config.previewCards.allowLoopback = false;
    try {
      const byName = await t.postStatus(alice, `http://localhost:${port}/og/private`);
      const byNumber = await t.postStatus(alice, `http://127.0.0.1:${port}/og/private-ip`);
      for (const s of [byName, byNumber]) expect(await cardOf(s.id)).toBeNull();
      expect((await stored(`http://localhost:${port}/og/private`))?.error).toMatch(/refused/);
      expect((await stored(`http://127.0.0.1:${port}/og/private-ip`))?.error).toMatch(/refused/);
      expect(hits.get('/og/private')).toBeUndefined();
      expect(hits.get('/og/private-ip')).toBeUndefined();
    } finally {
      t.ctx.config.previewCards.allowLoopback = true;
    }
  });

  it('checks every redirect: private, link-local, IPv4-mapped and non-http targets are refused', async () => {
    for (const path of ['/to-metadata', '/to-mapped', '/to-file']) {
      const s = await t.postStatus(alice, `${base}${path}`);
      expect(await cardOf(s.id)).toBeNull();
      expect((await stored(`${base}${path}`))?.error, path).toMatch(/refused/);
      expect(hits.get(path)).toBe(1);
    }
  });

  it('gives no card to a post with a content warning or media, as Mastodon', async () => {
    const warned = await t.postStatus(alice, `${base}/og/cw`, { spoiler_text: 'spoilers' });
    const media = await t.postStatus(alice, `${base}/og/media`, { media_ids: [await t.seedMedia(alice)] });
    expect(await cardOf(warned.id)).toBeNull();
    expect(await cardOf(media.id)).toBeNull();
    expect(hits.get('/og/cw')).toBeUndefined();
    expect(hits.get('/og/media')).toBeUndefined();
  });

  it('follows edits: a new first link changes the card, no link removes it', async () => {
    const s = await t.postStatus(alice, `${base}/plain`);
    expect((await cardOf(s.id))?.title).toBe('Just a title');
    await t.ok('PUT', `/api/v1/statuses/${s.id}`, alice, { status: `now ${base}/og/edited` });
    expect((await cardOf(s.id))?.title).toBe('The & Title');
    await t.ok('PUT', `/api/v1/statuses/${s.id}`, alice, { status: 'no link any more' });
    expect(await cardOf(s.id)).toBeNull();
    expect(await t.ok('GET', `/api/v1/statuses/${s.id}/card`, alice)).toEqual({});
  });

  it('shows the card on a home page cached before it arrived', async () => {
    // Plain fetch: the test helper's requests wait for background jobs, and this one waits for the gate.
    const get = async (path: string, user: TestUser) => {
      const res = await fetch(t.url + path, { headers: { authorization: `Bearer ${user.token}` } });
      expect(res.status).toBe(200);
      return res.json();
    };
    const res = await fetch(`${t.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: `soon ${base}/gated` }),
    });
    const { id } = (await res.json()) as { id: string };
    const inHome = async () => {
      const home = (await get('/api/v1/timelines/home', bob)) as Array<{ id: string; card: { title: string } | null }>;
      const s = home.find((x) => x.id === id);
      expect(s).toBeDefined();
      return s!;
    };
    expect((await eventually(inHome)).card).toBeNull();
    expect((await inHome()).card).toBeNull();
    await eventually(() => expect(hits.get('/gated')).toBe(1));
    expect((await inHome()).card).toBeNull();
    releaseGate();
    await eventually(async () => expect((await inHome()).card?.title).toBe('Worth the wait'));
    gate = Promise.resolve();
  });
});
