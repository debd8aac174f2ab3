import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

interface TranslateBody {
  q: string[];
  source: string;
  target: string;
  format: string;
  api_key?: string;
}

/** A small stand-in for LibreTranslate: /languages, and /translate that prefixes each text with the target. */
async function standIn() {
  const calls: TranslateBody[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && req.url === '/languages') {
        res.end(
          JSON.stringify([
            { code: 'en', name: 'English', targets: ['en', 'fr', 'de'] },
            { code: 'fr', name: 'French', targets: ['en', 'fr'] },
          ]),
        );
        return;
      }
      if (req.method === 'POST' && req.url === '/translate') {
        const b = JSON.parse(body) as TranslateBody;
        calls.push(b);
        if (b.api_key !== 'k3y') return void res.writeHead(403).end(JSON.stringify({ error: 'Invalid API key' }));
        if (b.target === 'xx') return void res.writeHead(400).end(JSON.stringify({ error: 'xx is not supported' }));
        // A target of "de" is slow: longer than the server's deadline.
        const answer = () =>
          res.end(
            JSON.stringify({ translatedText: b.q.map((q) => `[${b.target}] ${q}`), detectedLanguage: b.q.map(() => ({ language: 'en', confidence: 90 })) }),
          );
        // A target of "it" gets markup a compromised service could send.
        if (b.target === 'it')
          return void res.end(JSON.stringify({ translatedText: b.q.map(() => '<p>ciao<script>alert(1)</script><img src="x" onerror="alert(1)"></p>') }));
        if (b.target === 'de') setTimeout(answer, 3_000);
        else answer();
        return;
      }
      res.writeHead(404).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('translation through a LibreTranslate-compatible service', () => {
  let t: TestServer;
  let lt: Awaited<ReturnType<typeof standIn>>;
  let ann: TestUser;
  let ben: TestUser;
  beforeAll(async () => {
    lt = await standIn();
    t = await startTestServer({ translation: { url: lt.url, apiKey: 'k3y', timeoutMs: 1_000, allowLoopback: true } });
    ann = await t.createUser('ann');
    ben = await t.createUser('ben');
  });
  afterAll(async () => {
    await t?.close();
    await lt?.close();
  });

  it('offers nothing when no service is configured', async () => {
    const url = t.ctx.config.translation.url;
    t.ctx.config.translation.url = undefined;
    try {
      expect((await t.ok('GET', '/api/v2/instance', null)).configuration.translation).toEqual({ enabled: false });
      expect(await t.ok('GET', '/api/v1/instance/translation_languages', null)).toEqual({});
      const post = await t.postStatus(ann, 'hello world');
      expect((await t.post(`/api/v1/statuses/${post.id}/translate`, { token: ben.token })).status).toBe(404);
    } finally {
      t.ctx.config.translation.url = url;
      t.ctx.instanceMemo.clear();
    }
  });

  it('asks a service that is down for its languages once a minute, not on every client start', async () => {
    let asked = 0;
    const down = createServer((_req, res) => {
      asked++;
      res.writeHead(500).end('{}');
    });
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    const url = t.ctx.config.translation.url;
    t.ctx.config.translation.url = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    try {
      for (let i = 0; i < 3; i++) expect((await t.get('/api/v1/instance/translation_languages')).status).toBe(503);
      expect(asked).toBe(1);
    } finally {
      t.ctx.config.translation.url = url;
      t.ctx.instanceMemo.clear();
      await new Promise((r) => down.close(r));
    }
  });

  it('advertises translation and the service languages when configured', async () => {
    expect((await t.ok('GET', '/api/v2/instance', null)).configuration.translation).toEqual({ enabled: true });
    expect(await t.ok('GET', '/api/v1/instance/translation_languages', null)).toEqual({ en: ['fr', 'de'], fr: ['en'] });
  });

  it('translates a post, its warning and poll, and keeps the translation until the post is edited', async () => {
    const post = await t.postStatus(ann, 'Good morning', { spoiler_text: 'greetings', language: 'en', poll: { options: ['yes', 'no'], expires_in: 3600 } });
    const before = lt.calls.length;
    const tr = await t.ok('POST', `/api/v1/statuses/${post.id}/translate`, ben, { lang: 'fr' });
    expect(tr).toEqual({
      content: `[fr] ${post.content}`,
      spoiler_text: '[fr] greetings',
      poll: { id: post.poll.id, options: [{ title: '[fr] yes' }, { title: '[fr] no' }] },
      media_attachments: [],
      detected_source_language: 'en',
      language: 'fr',
      provider: 'LibreTranslate',
    });
    expect(lt.calls.slice(before).map((c) => [c.format, c.source, c.target])).toEqual([
      ['html', 'en', 'fr'],
      ['text', 'en', 'fr'],
    ]);
    // Cached: no second call to the service.
    const calls = lt.calls.length;
    expect(await t.ok('POST', `/api/v1/statuses/${post.id}/translate`, ben, { lang: 'fr' })).toEqual(tr);
    expect(lt.calls.length).toBe(calls);
    // An edit invalidates it.
    const edited = await t.ok('PUT', `/api/v1/statuses/${post.id}`, ann, { status: 'Good evening', spoiler_text: 'greetings' });
    const again = await t.ok('POST', `/api/v1/statuses/${post.id}/translate`, ben, { lang: 'fr' });
    expect(again.content).toBe(`[fr] ${edited.content}`);
    expect(lt.calls.length).toBeGreaterThan(calls);
  });

  it("uses the reader's locale when no language is asked, and detects the source", async () => {
    const post = await t.postStatus(ann, 'no language given');
    await t.ctx.db.updateTable('statuses').set({ language: null }).where('id', '=', post.id).execute();
    await t.ctx.db.updateTable('users').set({ locale: 'fr' }).where('account_id', '=', ben.id).execute();
    const tr = await t.ok('POST', `/api/v1/statuses/${post.id}/translate`, ben);
    expect(tr).toMatchObject({ language: 'fr', detected_source_language: 'en', poll: null, spoiler_text: '' });
    expect(lt.calls.at(-1)).toMatchObject({ source: 'auto', target: 'fr', api_key: 'k3y' });
  });

  it('never sends followers-only or direct posts out, nor posts the reader cannot see', async () => {
    const priv = await t.postStatus(ann, 'for my followers', { visibility: 'private' });
    expect((await t.post(`/api/v1/statuses/${priv.id}/translate`, { token: ann.token })).status).toBe(403);
    expect((await t.post(`/api/v1/statuses/${priv.id}/translate`, { token: ben.token })).status).toBe(404);
    expect((await t.post('/api/v1/statuses/1/translate', { token: ben.token })).status).toBe(404);
    expect((await t.post(`/api/v1/statuses/${priv.id}/translate`)).status).toBe(401);
  });

  it('answers 422 for a language the service refuses, 503 when it is slow or unreachable', async () => {
    const post = await t.postStatus(ann, 'something to translate');
    const bad = await t.post(`/api/v1/statuses/${post.id}/translate`, { token: ben.token, json: { lang: 'xx' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatch(/lang/);
    expect((await t.post(`/api/v1/statuses/${post.id}/translate`, { token: ben.token, json: { lang: '<script>' } })).status).toBe(422);
    expect((await t.post(`/api/v1/statuses/${post.id}/translate`, { token: ben.token, json: { lang: 'de' } })).status).toBe(503);
  });

  it("sanitises the service's HTML as a post's is: no script or event handler reaches readers", async () => {
    const post = await t.postStatus(ann, 'una cosa');
    const res = await t.post(`/api/v1/statuses/${post.id}/translate`, { token: ben.token, json: { lang: 'it' } });
    expect(res.status).toBe(200);
    expect(res.body.content).toContain('ciao');
    expect(res.body.content).not.toMatch(/<script|onerror|alert/);
  });

  it('goes through the link-card address guard: a loopback service is refused outside tests', async () => {
    const post = await t.postStatus(ann, 'guarded');
    t.ctx.config.translation.allowLoopback = false;
    const calls = lt.calls.length;
    try {
      expect((await t.post(`/api/v1/statuses/${post.id}/translate`, { token: ben.token, json: { lang: 'fr' } })).status).toBe(503);
      expect(lt.calls.length).toBe(calls);
    } finally {
      t.ctx.config.translation.allowLoopback = true;
    }
  });

  it('reaches a service on this host when the operator says so (TRANSLATION_PRIVATE=on)', async () => {
    const post = await t.postStatus(ann, 'beside the server');
    t.ctx.config.translation.allowLoopback = false;
    t.ctx.config.translation.allowPrivate = true;
    try {
      const res = await t.post(`/api/v1/statuses/${post.id}/translate`, { token: ben.token, json: { lang: 'fr' } });
      expect(res.status).toBe(200);
    } finally {
      t.ctx.config.translation.allowLoopback = true;
      t.ctx.config.translation.allowPrivate = false;
    }
  });
});
