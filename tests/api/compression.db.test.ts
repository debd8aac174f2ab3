import { type IncomingHttpHeaders, request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Responses are gzipped for clients that accept it (src/http-compression.ts; cached bodies in src/api/cached-body.ts).
// node:http sends only the headers given and hands back the bytes as they came: fetch would ask for gzip itself and
// decompress.

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

describe('response compression', () => {
  let t: TestServer;
  let reader: TestUser;

  const raw = (path: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const req = request(`${t.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const gzip = { 'accept-encoding': 'gzip' };
  const auth = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });

  /** The same path asked with and without gzip: both answers, and the JSON each decodes to. */
  const both = async (path: string, headers: Record<string, string> = {}) => {
    const zipped = await raw(path, { ...headers, ...gzip });
    const plain = await raw(path, headers);
    expect(zipped.status).toBe(200);
    expect(plain.status).toBe(200);
    return { zipped, plain };
  };

  beforeAll(async () => {
    t = await startTestServer();
    reader = await t.createUser('reader');
    const author = await t.createUser('author');
    expect((await t.post(`/api/v1/accounts/${author.id}/follow`, { token: reader.token })).status).toBe(200);
    for (let i = 0; i < 20; i++) {
      const r = await t.post('/api/v1/statuses', {
        token: author.token,
        json: { status: `post number ${i} with some words to fill the page`, visibility: 'public' },
      });
      expect(r.status).toBe(200);
    }
  });
  afterAll(() => t?.close());

  it('gzips a large public timeline for a client that accepts gzip, and not for one that does not say', async () => {
    const { zipped, plain } = await both('/api/v1/timelines/public?limit=20');
    expect(plain.body.byteLength).toBeGreaterThan(4096);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(zipped.headers['content-type']).toMatch(/^application\/json/);
    expect(zipped.body.byteLength).toBeLessThan(plain.body.byteLength);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const json = JSON.parse(plain.body.toString('utf8'));
    expect(json).toHaveLength(20);
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(json);
  });

  it('gzips a home page, cached or not, to the same JSON as the identity answer', async () => {
    // The first read renders the page and caches it; the later ones are served from the cache.
    const first = await raw('/api/v1/timelines/home', { ...auth(reader), ...gzip });
    const { zipped, plain } = await both('/api/v1/timelines/home', auth(reader));
    for (const r of [first, zipped]) {
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(r.headers.vary).toMatch(/accept-encoding/i);
    }
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const json = JSON.parse(plain.body.toString('utf8'));
    expect(json).toHaveLength(20);
    expect(JSON.parse(gunzipSync(first.body).toString('utf8'))).toEqual(json);
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(json);
    // The Link header is kept on the cached page.
    expect(zipped.headers.link).toBe(plain.headers.link);
    expect(plain.headers.link).toMatch(/max_id=/);
  });

  it('answers identity to a client refusing gzip with q=0', async () => {
    for (const path of ['/api/v1/timelines/public?limit=20', '/api/v1/timelines/home', '/api/v1/instance']) {
      const r = await raw(path, { ...auth(reader), 'accept-encoding': 'gzip;q=0' });
      expect(r.status, path).toBe(200);
      expect(r.headers['content-encoding'], path).toBeUndefined();
      expect(() => JSON.parse(r.body.toString('utf8')), path).not.toThrow();
    }
  });

  it('leaves a tiny answer (/health) unencoded though gzip is accepted', async () => {
    const r = await raw('/health', gzip);
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(r.body.toString('utf8'))).toEqual({ status: 'ok' });
  });

  it('gzips the instance documents (cached bodies) when asked', async () => {
    for (const path of ['/api/v1/instance', '/api/v2/instance']) {
      const { zipped, plain } = await both(path);
      expect(zipped.headers['content-encoding'], path).toBe('gzip');
      expect(zipped.headers.vary, path).toMatch(/accept-encoding/i);
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      const json = JSON.parse(plain.body.toString('utf8'));
      expect(JSON.parse(gunzipSync(zipped.body).toString('utf8')), path).toEqual(json);
      expect(json.title, path).toBeTypeOf('string');
    }
  });

  it('streams server-sent events unencoded, their first bytes at once, though gzip is accepted', async () => {
    // Gzip would hold the first bytes back until its buffer fills: the read below would never end.
    const { headers, first } = await new Promise<{ headers: IncomingHttpHeaders; first: string }>((resolve, reject) => {
      const req = request(`${t.url}/api/v1/streaming/public?access_token=${reader.token}`, { headers: gzip }, (res) => {
        res.once('data', (chunk: Buffer) => {
          resolve({ headers: res.headers, first: chunk.toString('utf8') });
          req.destroy();
        });
        res.on('error', () => {});
      });
      req.on('error', (err) => {
        if (!req.destroyed) reject(err);
      });
      req.end();
    });
    expect(headers['content-type']).toMatch(/^text\/event-stream/);
    expect(headers['content-encoding']).toBeUndefined();
    expect(first).toMatch(/^:/);
  });
});
