import type { TestServer } from './server.js';

// A Mastodon client's first session, driven over HTTP as an app and the person's browser do: register the app,
// sign in on the authorize page, approve, exchange the code for a token; then the calls clients make at start-up.

export const CLIENT_REDIRECT = 'https://client.example/callback';

/** A tiny browser for the sign-in pages: keeps cookies, sends extra headers (a client address) on every request. */
export class PageBrowser {
  cookies = new Map<string, string>();
  constructor(
    private readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}
  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  async get(path: string) {
    const res = await fetch(this.base + path, { headers: { ...this.headers, accept: 'text/html', cookie: this.cookieHeader() }, redirect: 'manual' });
    this.keep(res);
    return { res, text: await res.text() };
  }
  async post(path: string, form: Record<string, string>) {
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { ...this.headers, accept: 'text/html', cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    this.keep(res);
    return { res, text: await res.text() };
  }
}

/** The hidden fields of the form posting to `action` in a page. */
export function hiddenFields(html: string, action: string): Record<string, string> {
  const form = html.split('<form').find((f) => f.includes(`action="${action}"`));
  if (!form) throw new Error(`no form posting to ${action}`);
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    out[m[1]!] = m[2]!
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#39;/g, "'");
  }
  return out;
}

export type Step = { method: string; path: string; status: number };

/**
 * A new client's first sign-in for `login`, every request sent with `headers`: POST /api/v1/apps, the authorize
 * page, sign-in, approval and the token exchange. Returns the token, or the first step that did not answer as it
 * should (with its status) when the server refused one.
 */
export async function firstSignIn(
  t: TestServer,
  login: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ token: string; steps: Step[] } | { refused: Step; steps: Step[] }> {
  const steps: Step[] = [];
  const step = (method: string, path: string, status: number, ok: boolean) => {
    const s = { method, path, status };
    steps.push(s);
    return ok ? null : s;
  };
  const app = await t.post('/api/v1/apps', { headers, json: { client_name: 'Phone app', redirect_uris: CLIENT_REDIRECT, scopes: 'read write follow push' } });
  const appRefused = step('POST', '/api/v1/apps', app.status, app.status === 200);
  if (appRefused) return { refused: appRefused, steps };
  const browser = new PageBrowser(t.url, headers);
  const query = new URLSearchParams({ response_type: 'code', client_id: app.body.client_id, redirect_uri: CLIENT_REDIRECT, scope: 'read write follow push' });
  const first = await browser.get(`/oauth/authorize?${query}`);
  const r1 = step('GET', '/oauth/authorize', first.res.status, first.res.status === 200);
  if (r1) return { refused: r1, steps };
  const signedIn = await browser.post('/oauth/sign_in', { ...hiddenFields(first.text, '/oauth/sign_in'), login, password });
  const r2 = step('POST', '/oauth/sign_in', signedIn.res.status, signedIn.res.status === 303);
  if (r2) return { refused: r2, steps };
  const page = await browser.get(signedIn.res.headers.get('location')!);
  const r3 = step('GET', '/oauth/authorize', page.res.status, page.res.status === 200);
  if (r3) return { refused: r3, steps };
  const approved = await browser.post('/oauth/authorize', { ...hiddenFields(page.text, '/oauth/authorize'), decision: 'approve' });
  const r4 = step('POST', '/oauth/authorize', approved.res.status, approved.res.status === 302);
  if (r4) return { refused: r4, steps };
  const code = new URL(approved.res.headers.get('location')!).searchParams.get('code')!;
  const token = await t.post('/oauth/token', {
    headers,
    form: { grant_type: 'authorization_code', code, client_id: app.body.client_id, client_secret: app.body.client_secret, redirect_uri: CLIENT_REDIRECT },
  });
  const r5 = step('POST', '/oauth/token', token.status, token.status === 200);
  if (r5) return { refused: r5, steps };
  return { token: token.body.access_token, steps };
}

/**
 * What Phanpy, Elk and Ice Cubes call once signed in, in the order they call it: the instance and nodeinfo to
 * detect features, the account, preferences, emojis, announcements, lists, followed tags, filters, markers, the
 * notification policy, then the first timeline and notifications. `token: false` marks the anonymous ones.
 */
export const STARTUP_CALLS: ReadonlyArray<{ path: string; token: boolean }> = [
  { path: '/api/v2/instance', token: false },
  { path: '/.well-known/nodeinfo', token: false },
  { path: '/nodeinfo/2.1', token: false },
  { path: '/api/v1/instance', token: false },
  { path: '/api/v1/accounts/verify_credentials', token: true },
  { path: '/api/v1/preferences', token: true },
  { path: '/api/v1/custom_emojis', token: false },
  { path: '/api/v1/announcements', token: true },
  { path: '/api/v1/lists', token: true },
  { path: '/api/v1/followed_tags', token: true },
  { path: '/api/v2/filters', token: true },
  { path: '/api/v1/markers?timeline[]=home&timeline[]=notifications', token: true },
  { path: '/api/v2/notifications/policy', token: true },
  { path: '/api/v1/timelines/home?limit=20', token: true },
  { path: '/api/v2/notifications?limit=40', token: true },
  { path: '/api/v1/notifications/unread_count', token: true },
];
