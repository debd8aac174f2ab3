import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTUP_CALLS } from '../helpers/client-session.js';
import { browserSuite, collectCorsErrors, hasChromium, newContext, startClientOrigin } from './harness.js';

// A third-party web client's first session, in chromium, from its own origin, as Phanpy and Elk run it (Ice Cubes
// makes the same calls natively): register the app with fetch, send the person to the authorize page, take the
// code back on the client's origin, exchange it with fetch, then the calls these clients make at start-up. Any CORS
// refusal, 4xx or 5xx fails the test.

type Answer = { status: number; headers: Record<string, string>; body: any } | { error: string };

describe.skipIf(!hasChromium)('third-party web clients at start-up', () => {
  // The shield on, with its default policies: a web client's preflights and calls must fit them.
  const suite = browserSuite({ shieldEnabled: true });
  let client: Awaited<ReturnType<typeof startClientOrigin>>;
  beforeAll(async () => {
    client = await startClientOrigin();
  });
  afterAll(() => client?.close());

  it('signs in through OAuth and loads like Phanpy, Elk and Ice Cubes, with no CORS error, 4xx or 5xx', async () => {
    const { t, browser } = suite;
    const ada = await t.createUser('ada');
    const bea = await t.createUser('bea');
    await t.ok('POST', `/api/v1/accounts/${bea.id}/follow`, ada);
    await t.postStatus(bea, 'hello #welcome');
    await t.ok('POST', '/api/v1/lists', ada, { title: 'Friends' });
    await t.ok('POST', '/api/v1/tags/welcome/follow', ada);

    const context = await newContext(browser, client.base);
    const page = await context.newPage();
    const corsErrors = collectCorsErrors(page);
    const failures: string[] = [];
    const call = async (method: string, url: string, opts: { token?: string; json?: unknown } = {}) => {
      const res = await page.evaluate(([m, u, o]) => (window as any).api(m, u, o) as Promise<Answer>, [method, url, opts] as const);
      if ('error' in res) failures.push(`${method} ${url}: ${res.error}`);
      else if (res.status >= 400) failures.push(`${method} ${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      return res;
    };
    await page.goto('/');

    // 1. The app registers itself from the browser.
    const redirect = `${client.base}/callback`;
    const app = await call('POST', `${t.url}/api/v1/apps`, {
      json: { client_name: 'Phanpy', redirect_uris: redirect, scopes: 'read write follow push', website: client.base },
    });
    if ('error' in app) throw new Error(app.error);
    // 2. The person signs in and approves on Tribune's own pages (a navigation, not a cross-origin call).
    const query = new URLSearchParams({ client_id: app.body.client_id, redirect_uri: redirect, response_type: 'code', scope: 'read write follow push' });
    await page.goto(`${t.url}/oauth/authorize?${query}`);
    await page.fill('input[name=login]', 'ada');
    await page.fill('input[name=password]', 'correct horse battery');
    await page.click('button[type=submit]');
    await page.click('button[name=decision][value=approve]');
    await page.waitForURL(`${redirect}?**`);
    const code = new URL(page.url()).searchParams.get('code');
    expect(code).toBeTruthy();
    // 3. Back on the client's origin, the code is exchanged with fetch.
    const token = await call('POST', `${t.url}/oauth/token`, {
      json: { grant_type: 'authorization_code', code, client_id: app.body.client_id, client_secret: app.body.client_secret, redirect_uri: redirect },
    });
    if ('error' in token) throw new Error(token.error);
    const accessToken: string = token.body.access_token;

    // 4. Start-up.
    const answers = new Map<string, Answer>();
    for (const c of STARTUP_CALLS) answers.set(c.path, await call('GET', t.url + c.path, { token: c.token ? accessToken : undefined }));
    // Clients save their reading position and may look at the policy right away.
    await call('POST', `${t.url}/api/v1/markers`, { token: accessToken, json: { home: { last_read_id: '1' } } });
    await call('PATCH', `${t.url}/api/v2/notifications/policy`, { token: accessToken, json: { for_not_following: 'filter' } });
    expect(failures).toEqual([]);
    expect(corsErrors).toEqual([]);

    const body = (path: string) => (answers.get(path) as { body: any }).body;
    expect(body('/api/v2/instance')).toMatchObject({ version: '4.5.0 (compatible; Tribune 0.1.0)', api_versions: { mastodon: 7 } });
    expect(body('/api/v1/accounts/verify_credentials')).toMatchObject({ username: 'ada', source: expect.any(Object) });
    expect(body('/api/v1/lists')).toEqual([expect.objectContaining({ title: 'Friends' })]);
    expect(body('/api/v1/followed_tags')).toEqual([expect.objectContaining({ name: 'welcome', following: true })]);
    expect(body('/api/v1/announcements')).toEqual([]);
    expect(body('/api/v1/custom_emojis')).toEqual([]);
    expect(body('/api/v2/notifications/policy')).toMatchObject({ for_not_following: 'accept', summary: { pending_requests_count: 0 } });
    expect(body('/api/v1/timelines/home?limit=20')).toEqual([expect.objectContaining({ content: expect.stringContaining('hello') })]);
    // The rate-limit headers of the API are readable from the client's origin.
    expect((answers.get('/api/v1/timelines/home?limit=20') as { headers: Record<string, string> }).headers['x-ratelimit-limit']).toBeTruthy();
    await context.close();
  }, 120_000);
});
