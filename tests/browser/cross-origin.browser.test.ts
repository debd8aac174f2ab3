import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, collectCorsErrors, hasChromium, newContext, startClientOrigin } from './harness.js';

// A web client served from another origin calls the API from chromium, as Phanpy or Elk do: with a Bearer token
// (a preflighted request), a JSON POST, and reading the Link header of a page. Any CORS refusal fails the test.

type Answer = { status: number; headers: Record<string, string>; body: any } | { error: string };

describe.skipIf(!hasChromium)('a web client on another origin', () => {
  const suite = browserSuite();
  let client: Awaited<ReturnType<typeof startClientOrigin>>;
  beforeAll(async () => {
    client = await startClientOrigin();
  });
  afterAll(() => client?.close());

  it('signs in with a token, posts JSON, pages with Link and reads errors, without a CORS error', async () => {
    const { t, browser } = suite;
    const ada = await t.createUser('ada');
    for (let i = 0; i < 3; i++) await t.postStatus(ada, `earlier post ${i}`);
    const context = await newContext(browser, client.base);
    const page = await context.newPage();
    const corsErrors = collectCorsErrors(page);
    await page.goto('/');
    const call = (method: string, path: string, opts: { token?: string; json?: unknown } = {}) =>
      page.evaluate(([m, url, o]) => (window as any).api(m, url, o) as Promise<Answer>, [method, t.url + path, opts] as const);

    const instance = await call('GET', '/api/v2/instance');
    expect(instance).toMatchObject({ status: 200, body: { domain: t.ctx.config.domain } });

    const me = await call('GET', '/api/v1/accounts/verify_credentials', { token: ada.token });
    expect(me).toMatchObject({ status: 200, body: { username: 'ada' } });
    if ('error' in me) throw new Error(me.error);
    expect(me.headers['x-request-id']).toBeTruthy();

    const posted = await call('POST', '/api/v1/statuses', { token: ada.token, json: { status: 'hello from another origin', visibility: 'public' } });
    expect(posted).toMatchObject({ status: 200, body: { content: '<p>hello from another origin</p>' } });

    const first = await call('GET', `/api/v1/accounts/${ada.id}/statuses?limit=2`, { token: ada.token });
    if ('error' in first) throw new Error(first.error);
    expect(first.body).toHaveLength(2);
    const next = /<([^>]+)>;\s*rel="next"/.exec(first.headers.link ?? '')?.[1];
    expect(next).toBeTruthy();
    const second = await page.evaluate(([url, token]) => (window as any).api('GET', url, { token }) as Promise<Answer>, [next!, ada.token] as const);
    expect(second).toMatchObject({ status: 200 });
    if ('error' in second) throw new Error(second.error);
    expect(second.body.length).toBeGreaterThan(0);

    // Errors are readable too.
    expect(await call('GET', '/api/v1/accounts/verify_credentials', { token: 'wrong' })).toMatchObject({ status: 401, body: { error: expect.any(String) } });
    expect(await call('POST', '/api/v1/statuses', { token: ada.token, json: { status: '' } })).toMatchObject({ status: 422 });
    expect(await call('DELETE', '/api/v1/statuses/1', { token: ada.token })).toMatchObject({ status: 404 });
    expect(await call('POST', '/oauth/token', { json: { grant_type: 'client_credentials', client_id: 'nope', client_secret: 'nope' } })).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    const nodeinfo = await call('GET', '/.well-known/nodeinfo');
    expect(nodeinfo).toMatchObject({ status: 200 });

    expect(corsErrors).toEqual([]);
    await context.close();
  });

  it('is refused by the browser on the cookie-authenticated pages', async () => {
    const { t, browser } = suite;
    const context = await newContext(browser, client.base);
    const page = await context.newPage();
    await page.goto('/');
    const res = await page.evaluate(
      (url) => (window as any).api('POST', url, { json: { login: 'ada', password: 'x' } }) as Promise<Answer>,
      `${t.url}/oauth/sign_in`,
    );
    expect(res).toMatchObject({ error: expect.stringContaining('Failed to fetch') });
    await context.close();
  });
});
