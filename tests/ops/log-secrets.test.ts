import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENT_REDIRECT, hiddenFields, PageBrowser } from '../helpers/client-session.js';
import { seedUsers, startServeProcess, tempDataDir } from './serve-process.js';

// `tribune serve` at LOG_LEVEL=debug, driven through sign-up, a direct message, tokens in headers and in the query,
// a password sign-in (a wrong one too): everything it wrote on stdout and stderr holds no password, token, client
// secret, authorization code or private message text, and its request lines are JSON with request ids.

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const PASSWORD = 'Pass-phrase-7c1e9a-for-logs';
const WRONG_PASSWORD = 'Wrong-phrase-55d0b2-for-logs';
const DM_TEXT = 'the harbour key is under stone 4417';

describe('logs', { timeout: 600_000 }, () => {
  it('never contain passwords, tokens or private message text', async () => {
    const [bob] = await seedUsers(dataDir, ['bob']);
    const server = await startServeProcess(dataDir, { LOG_LEVEL: 'debug', REGISTRATIONS: 'open' });
    const secrets: string[] = [PASSWORD, WRONG_PASSWORD, DM_TEXT, bob!.token];
    try {
      const call = async (method: string, path: string, opts: { token?: string; json?: unknown; form?: Record<string, string> } = {}) => {
        const headers: Record<string, string> = {};
        if (opts.token) headers.authorization = `Bearer ${opts.token}`;
        let body: string | undefined;
        if (opts.json !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(opts.json);
        } else if (opts.form) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = new URLSearchParams(opts.form).toString();
        }
        const res = await fetch(server.url + path, { method, headers, body, redirect: 'manual' });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
      };

      // Sign-up as an app does it: register, client credentials, POST /api/v1/accounts.
      const app = await call('POST', '/api/v1/apps', { json: { client_name: 'Log test', redirect_uris: CLIENT_REDIRECT, scopes: 'read write follow push' } });
      expect(app.status).toBe(200);
      secrets.push(app.body.client_secret);
      const appToken = await call('POST', '/oauth/token', {
        form: { grant_type: 'client_credentials', client_id: app.body.client_id, client_secret: app.body.client_secret, scope: 'read write follow push' },
      });
      expect(appToken.status).toBe(200);
      secrets.push(appToken.body.access_token);
      const signUp = await call('POST', '/api/v1/accounts', {
        token: appToken.body.access_token,
        json: { username: 'carol', email: 'carol@example.test', password: PASSWORD, agreement: true, locale: 'en' },
      });
      expect(signUp.status, JSON.stringify(signUp.body)).toBe(200);
      const token = signUp.body.access_token as string;
      secrets.push(token);

      // The token in a header and in a query string; a direct message.
      expect((await call('GET', '/api/v1/accounts/verify_credentials', { token })).status).toBe(200);
      expect((await fetch(`${server.url}/api/v1/timelines/home?access_token=${token}`)).status).toBeLessThan(500);
      const dm = await call('POST', '/api/v1/statuses', { token, json: { status: `@bob ${DM_TEXT}`, visibility: 'direct' } });
      expect(dm.status).toBe(200);
      expect((await call('GET', `/api/v1/statuses/${dm.body.id}`, { token: bob!.token })).status).toBe(200);

      // A password sign-in on the authorize page, a wrong password first; the code exchanged for a token.
      const browser = new PageBrowser(server.url);
      const query = new URLSearchParams({ response_type: 'code', client_id: app.body.client_id, redirect_uri: CLIENT_REDIRECT, scope: 'read' });
      const page = await browser.get(`/oauth/authorize?${query}`);
      const fields = hiddenFields(page.text, '/oauth/sign_in');
      expect((await browser.post('/oauth/sign_in', { ...fields, login: 'carol', password: WRONG_PASSWORD })).res.status).toBe(401);
      const again = await browser.get(`/oauth/authorize?${query}`);
      const signedIn = await browser.post('/oauth/sign_in', { ...hiddenFields(again.text, '/oauth/sign_in'), login: 'carol', password: PASSWORD });
      expect(signedIn.res.status).toBe(303);
      // The app already holds a token of carol's (from the sign-up): the code comes at once, without the approval page.
      const approve = await browser.get(signedIn.res.headers.get('location')!);
      const redirect =
        approve.res.status === 200
          ? (await browser.post('/oauth/authorize', { ...hiddenFields(approve.text, '/oauth/authorize'), decision: 'approve' })).res
          : approve.res;
      const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
      expect(code).toBeTruthy();
      secrets.push(code);
      const exchanged = await call('POST', '/oauth/token', {
        form: { grant_type: 'authorization_code', code, client_id: app.body.client_id, client_secret: app.body.client_secret, redirect_uri: CLIENT_REDIRECT },
      });
      expect(exchanged.status).toBe(200);
      secrets.push(exchanged.body.access_token);
      for (const v of browser.cookies.values()) secrets.push(v);
      // A request that fails inside (an unknown id) and one refused for its token.
      expect((await call('GET', '/api/v1/statuses/999999999999', { token })).status).toBe(404);
      expect((await call('GET', '/api/v1/accounts/verify_credentials', { token: `${token}x` })).status).toBe(401);
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited()).code).toBe(0);
    }

    const output = server.output();
    // The capture is real: debug lines and JSON request lines with ids were written.
    const requests = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.every((r) => typeof r.requestId === 'string' && (r.requestId as string).length > 8)).toBe(true);
    expect(requests.some((r) => r.route === '/api/v1/statuses' && r.method === 'POST')).toBe(true);
    expect(output).toMatch(/"level":20/);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(output.includes(secret), `found in the logs: ${secret.slice(0, 6)}...`).toBe(false);
    }
    expect(output).not.toMatch(/harbour key/i);
  });
});
