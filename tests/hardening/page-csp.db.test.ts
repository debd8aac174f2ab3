import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../browser/harness.js';
import type { TestResponse, TestServer, TestUser } from '../helpers/server.js';
import { startShieldServer } from '../shield/shield-server.js';

// Every HTML page the server sends carries a Content-Security-Policy, and the policy lets the page load what it
// actually loads (its inline style and script, its own files) and nothing it does not need.

type Policy = Map<string, string[]>;

function parsePolicy(header: string | null): Policy {
  const policy: Policy = new Map();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), values);
  }
  return policy;
}

/** The sources a fetch of this kind may use: its directive, else default-src (as browsers fall back). */
const sources = (p: Policy, directive: string) => p.get(directive) ?? p.get('default-src') ?? ['*'];

/** What on the page the policy would block: inline scripts and styles, style attributes, own scripts and styles. */
function blocked(html: string, p: Policy): string[] {
  const out: string[] = [];
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const inlineOk = (allowed: string[], attrs: string, text: string) => {
    const nonce = /\snonce="([^"]+)"/.exec(attrs)?.[1];
    return allowed.includes("'unsafe-inline'") || allowed.includes(hash(text)) || (!!nonce && allowed.includes(`'nonce-${nonce}'`));
  };
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attrs = '', text = ''] = m;
    const src = /\ssrc="([^"]+)"/.exec(attrs)?.[1];
    if (src) {
      if (src.startsWith('/') && !sources(p, 'script-src').includes("'self'")) out.push(`script ${src}`);
    } else if (!inlineOk(sources(p, 'script-src'), attrs, text)) out.push(`inline script ${text.slice(0, 40)}`);
  }
  for (const m of html.matchAll(/<style\b([^>]*)>([\s\S]*?)<\/style>/gi)) {
    if (!inlineOk(sources(p, 'style-src'), m[1] ?? '', m[2] ?? '')) out.push(`inline style ${m[2]!.slice(0, 40)}`);
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="(\/[^"]+)"/gi)) {
    if (!sources(p, 'style-src').includes("'self'")) out.push(`stylesheet ${m[1]}`);
  }
  if (/<[a-z][^>]*\sstyle="/i.test(html) && !sources(p, 'style-src-attr').includes("'unsafe-inline'") && !sources(p, 'style-src').includes("'unsafe-inline'"))
    out.push('style attribute');
  return out;
}

describe('Content-Security-Policy on every server-rendered page', () => {
  let t: TestServer & { shield: { setAttack(mode: 'on' | 'off' | 'auto'): Promise<void> } };
  let alice: TestUser;
  let admin: TestUser;
  let postId: string;
  const html = { accept: 'text/html' };

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startShieldServer();
    alice = await t.createUser('alice');
    admin = await t.createUser('boss', { role: 'admin' });
    postId = (await t.postStatus(alice, 'A public post with an image link https://example.test/')).id;
  });
  afterAll(() => t?.close());

  /** The page answered, its policy, and what the policy would block on it. */
  async function page(path: string, status: number, from = '192.0.2.1'): Promise<{ res: TestResponse; policy: Policy }> {
    const res = await t.get(path, { headers: { ...html, 'x-forwarded-for': from } });
    expect(res.status, path).toBe(status);
    expect(res.headers.get('content-type'), path).toContain('text/html');
    expect(res.headers.get('content-security-policy'), path).toBeTruthy();
    const policy = parsePolicy(res.headers.get('content-security-policy'));
    expect(blocked(res.text, policy), path).toEqual([]);
    // Never framed, no <base> rewriting, no plugins.
    expect(policy.get('frame-ancestors'), path).toEqual(["'none'"]);
    expect(policy.get('base-uri'), path).toEqual(["'none'"]);
    expect(sources(policy, 'object-src'), path).toEqual(["'none'"]);
    return { res, policy };
  }

  it('the web app (its shell at / and client routes, index.html): own scripts only, images from anywhere, the API and its stream', async () => {
    for (const path of ['/', '/home', '/index.html']) {
      const { policy } = await page(path, 200);
      expect(policy.get('script-src'), path).toEqual(["'self'"]);
      // Link preview images come straight from the linked site; uploads are previewed from blob: URLs.
      expect(policy.get('img-src'), path).toEqual(expect.arrayContaining(['*', 'blob:']));
      const wsOrigin = t.url.replace(/^http/, 'ws');
      expect(policy.get('connect-src'), path).toEqual(["'self'", wsOrigin]);
      expect(sources(policy, 'worker-src'), path).toContain("'self'");
      expect(sources(policy, 'manifest-src'), path).toContain("'self'");
    }
  });

  it('profiles, posts and their not-found page (the shell with the page inside)', async () => {
    for (const [path, status] of [
      ['/@alice', 200],
      [`/@alice/${postId}`, 200],
      ['/@nobody-here', 404],
    ] as const) {
      const { policy } = await page(path, status);
      expect(policy.get('script-src'), path).toEqual(["'self'"]);
      expect(policy.get('style-src'), path).not.toContain("'unsafe-inline'");
    }
  });

  it('the transparency report', async () => {
    const { policy } = await page('/about/transparency', 200);
    expect(sources(policy, 'script-src')).toEqual(["'none'"]);
  });

  it('the OAuth sign-in page and its error page', async () => {
    const app = await t.ok('POST', '/api/v1/apps', null, { client_name: 'CSP', redirect_uris: 'https://app.example/cb', scopes: 'read' });
    const qs = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: 'https://app.example/cb', scope: 'read' });
    const { policy } = await page(`/oauth/authorize?${qs}`, 200);
    expect(sources(policy, 'script-src')).toEqual(["'none'"]);
    await page('/oauth/authorize?response_type=code&client_id=nope&redirect_uri=https://x.example/', 400);
  });

  it('the shield: its proof-of-work challenge runs its own script only; its explanation pages', async () => {
    await t.shield.setAttack('on');
    try {
      // A page nobody read yet: recently read ones are still served from the micro-cache.
      const { res, policy } = await page('/@nobody-read-this', 503, '198.51.100.7');
      expect(res.headers.get('x-tribune-challenge')).toBeTruthy();
      expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
      expect(policy.get('form-action')).toEqual(["'self'"]);
    } finally {
      await t.shield.setAttack('off');
    }
    const refused = await t.post('/_shield/clearance', { form: { challenge: 'forged', counter: '1' }, headers: html });
    expect(refused.status).toBe(403);
    expect(blocked(refused.text, parsePolicy(refused.headers.get('content-security-policy')))).toEqual([]);
    expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    await t.ok('POST', '/api/v1/admin/tribune/maintenance', admin, { mode: 'maintenance', message: 'Back soon.' });
    try {
      const { res } = await page('/@nobody-read-that', 503, '198.51.100.8');
      expect(res.text).toContain('Back soon.');
    } finally {
      await t.ok('POST', '/api/v1/admin/tribune/maintenance', admin, { mode: 'normal' });
    }
  });
});
