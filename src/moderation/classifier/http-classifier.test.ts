import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier } from './load-classifier.js';
import { ClassifierCallError } from './types.js';

// A tiny moderation service on a free loopback port: answers by path.
let server: Server;
let base: string;
const seen: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(JSON.parse(body || 'null'));
      if (req.url === '/ok') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ categories: { violence: 0.97, harassment: 1.4 }, language: 'fr' }));
      } else if (req.url === '/no-language') res.end(JSON.stringify({ categories: { violence: 0.2 } }));
      else if (req.url === '/bad') res.end(JSON.stringify({ scores: [] }));
      else if (req.url === '/slow') setTimeout(() => res.end('{}'), 500);
      else {
        res.statusCode = 503;
        res.end('down');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('HTTP classifier', () => {
  it('posts {text} and reads the categories and language', async () => {
    const c = await loadClassifier({ kind: 'http', url: `${base}/ok` });
    const r = await c.classify('je vais te tuer');
    expect(seen.at(-1)).toEqual({ text: 'je vais te tuer' });
    expect(r).toEqual({ categories: { violence: 0.97, glorification: 0, harassment: 1 }, language: 'fr' });
  });
  it('guesses the language when the service does not say', async () => {
    const c = await loadClassifier({ kind: 'http', url: `${base}/no-language` });
    expect((await c.classify('I will see you tomorrow')).language).toBe('en');
  });
  it('reports a clear error for a bad answer, an HTTP error, or a timeout', async () => {
    await expect((await loadClassifier({ kind: 'http', url: `${base}/bad` })).classify('x')).rejects.toThrow(/without a "categories" object/);
    await expect((await loadClassifier({ kind: 'http', url: `${base}/down` })).classify('x')).rejects.toThrow(/answered 503/);
    const slow = await loadClassifier({ kind: 'http', url: `${base}/slow`, timeoutMs: 50 });
    await expect(slow.classify('x')).rejects.toBeInstanceOf(ClassifierCallError);
    await expect(slow.classify('x')).rejects.toThrow(/no answer within 50 ms/);
  });
});
