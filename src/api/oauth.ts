import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { accountsByIds } from '../domain/accounts/account-views.service.js';
import { OOB_REDIRECT } from '../domain/auth/apps.service.js';
import {
  type AuthorizationRequest,
  alreadyAuthorized,
  checkAuthorizationRequest,
  grantToken,
  issueCode,
  OAuthError,
  revokeToken,
} from '../domain/auth/oauth.service.js';
import {
  CSRF_COOKIE,
  createSession,
  csrfTokenFor,
  csrfValid,
  endSession,
  newCsrfNonce,
  SESSION_COOKIE,
  SESSION_DAYS,
  sessionAccount,
} from '../domain/auth/sessions.js';
import { signIn } from '../domain/auth/sign-in.js';
import { BadRequestError } from '../errors.js';
import { CSP_HEADER, DOCUMENT_POLICY } from '../web/csp.js';
import type { AppEnv } from './env.js';
import { authorizePage, codePage, errorPage, type PageLang, pickLang, signInError, signInPage } from './oauth-pages.js';
import { readParams } from './params.js';

export const oauthRoutes = new Hono<AppEnv>();

type C = Context<AppEnv>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function html(c: C, body: string, status: 200 | 400 | 401 | 403 | 429 = 200) {
  c.header('Cache-Control', 'no-store');
  c.header('X-Frame-Options', 'DENY');
  c.header(CSP_HEADER, DOCUMENT_POLICY);
  return c.html(body, status);
}

function cookieOptions(c: C, maxAge?: number) {
  return {
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: c.var.ctx.config.publicUrl.startsWith('https:'),
    path: '/',
    ...(maxAge !== undefined ? { maxAge } : {}),
  };
}

/** The CSRF nonce cookie, set on first sight; forms carry its HMAC. */
function csrfToken(c: C): string {
  let nonce = getCookie(c, CSRF_COOKIE);
  if (!nonce || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) {
    nonce = newCsrfNonce();
    setCookie(c, CSRF_COOKIE, nonce, cookieOptions(c));
  }
  return csrfTokenFor(c.var.ctx, nonce);
}

function checkCsrf(c: C, form: Record<string, unknown>): boolean {
  return csrfValid(c.var.ctx, getCookie(c, CSRF_COOKIE), form.authenticity_token);
}

const AUTH_FIELDS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'] as const;

function authParams(source: Record<string, unknown>) {
  return Object.fromEntries(AUTH_FIELDS.map((k) => [k, str(source[k])])) as Record<(typeof AUTH_FIELDS)[number], string | undefined>;
}

function redirectWith(c: C, redirectUri: string, values: Record<string, string | undefined>) {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(values)) if (v !== undefined) url.searchParams.set(k, v);
  return c.redirect(url.toString(), 302);
}

/** An authorization error goes back to the app when the redirect URI is trusted, else it is shown. */
function authorizationError(c: C, err: unknown, q: { redirect_uri?: string; state?: string }, req?: AuthorizationRequest) {
  if (!(err instanceof OAuthError)) throw err;
  const redirectable = (err as OAuthError & { redirectable?: boolean }).redirectable !== false;
  const target = req?.redirectUri ?? q.redirect_uri;
  if (redirectable && target && target !== OOB_REDIRECT)
    return redirectWith(c, target, { error: err.error, error_description: err.description, state: q.state });
  return html(c, errorPage(langOf(c), 'failed', err.description), 400);
}

/** The page language: `lang` in the query, the form, or the query of the page the form came from; else the browser's. */
function langOf(c: C, form?: Record<string, unknown>): PageLang {
  let explicit = c.req.query('lang') ?? str(form?.lang);
  const returnTo = str(form?.return_to);
  if (!explicit && returnTo) explicit = new URLSearchParams(returnTo.split('?')[1] ?? '').get('lang') ?? undefined;
  return pickLang(explicit, c.req.header('accept-language'));
}

function returnToOf(c: C): string {
  const url = new URL(c.req.url);
  url.searchParams.delete('force_login');
  return `${url.pathname}${url.search}`;
}

oauthRoutes.get('/oauth/authorize', async (c) => {
  const ctx = c.var.ctx;
  const query = Object.fromEntries(new URL(c.req.url).searchParams);
  const q = authParams(query);
  let req: AuthorizationRequest;
  try {
    req = await checkAuthorizationRequest(ctx, q);
  } catch (err) {
    return authorizationError(c, err, q);
  }
  const csrf = csrfToken(c);
  const accountId = query.force_login === 'true' ? null : await sessionAccount(ctx, getCookie(c, SESSION_COOKIE));
  const [account] = accountId ? await accountsByIds(ctx, [accountId]) : [];
  if (!account) return html(c, signInPage({ lang: langOf(c), instance: ctx.config.instanceTitle, csrf, returnTo: returnToOf(c) }));
  // Asked again by an app the person already approved (same scopes, token still live): answer at once, as Mastodon does.
  if (req.redirectUri !== OOB_REDIRECT && (await alreadyAuthorized(ctx, req, account.id)))
    return redirectWith(c, req.redirectUri, { code: await issueCode(ctx, req, account.id), state: req.state });
  return html(
    c,
    authorizePage({
      lang: langOf(c),
      instance: ctx.config.instanceTitle,
      csrf,
      appName: req.app.name,
      website: req.app.website,
      username: account.username,
      scopes: req.scopes,
      fields: { ...q, redirect_uri: req.redirectUri, scope: req.scopes.join(' '), lang: query.lang, return_to: returnToOf(c) },
    }),
  );
});

function safeReturnTo(v: unknown): string {
  return typeof v === 'string' && v.startsWith('/oauth/authorize') ? v : '/oauth/authorize';
}

oauthRoutes.post('/oauth/sign_in', async (c) => {
  const ctx = c.var.ctx;
  const form = await readParams(c);
  const returnTo = safeReturnTo(form.return_to);
  if (!checkCsrf(c, form)) return html(c, errorPage(langOf(c, form), 'expired'), 403);
  const login = str(form.login) ?? '';
  const result = await signIn(ctx, login, str(form.password) ?? '', c.var.clientIp);
  if (!result.ok) {
    return html(
      c,
      signInPage({
        lang: langOf(c, form),
        instance: ctx.config.instanceTitle,
        csrf: csrfToken(c),
        returnTo,
        error: signInError(langOf(c, form), result.reason, result.message),
        login,
      }),
      result.reason === 'invalid' ? 401 : result.reason === 'throttled' ? 429 : 403,
    );
  }
  const token = await createSession(ctx, result.accountId, { userAgent: c.req.header('user-agent'), ip: c.var.clientIp });
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, SESSION_DAYS * 86_400));
  return c.redirect(returnTo, 303);
});

oauthRoutes.post('/oauth/sign_out', async (c) => {
  const form = await readParams(c);
  if (!checkCsrf(c, form)) return html(c, errorPage(langOf(c, form), 'expired'), 403);
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await endSession(c.var.ctx, token);
  setCookie(c, SESSION_COOKIE, '', cookieOptions(c, 0));
  return c.redirect(safeReturnTo(form.return_to), 303);
});

oauthRoutes.post('/oauth/authorize', async (c) => {
  const ctx = c.var.ctx;
  const form = await readParams(c);
  const q = authParams(form);
  if (!checkCsrf(c, form)) return html(c, errorPage(langOf(c, form), 'expired'), 403);
  const accountId = await sessionAccount(ctx, getCookie(c, SESSION_COOKIE));
  if (!accountId)
    return html(c, signInPage({ lang: langOf(c, form), instance: ctx.config.instanceTitle, csrf: csrfToken(c), returnTo: safeReturnTo(form.return_to) }), 401);
  let req: AuthorizationRequest;
  try {
    req = await checkAuthorizationRequest(ctx, q);
  } catch (err) {
    return authorizationError(c, err, q);
  }
  if (form.decision !== 'approve') {
    const denied = Object.assign(new OAuthError(400, 'access_denied', 'The resource owner or authorization server denied the request.'), {
      redirectable: true,
    });
    return authorizationError(c, denied, q, req);
  }
  const code = await issueCode(ctx, req, accountId);
  if (req.redirectUri === OOB_REDIRECT) return html(c, codePage({ lang: langOf(c, form), code, appName: req.app.name }));
  return redirectWith(c, req.redirectUri, { code, state: req.state });
});

/** Client credentials from HTTP Basic (client_secret_basic) or the body (client_secret_post). */
function basicCredentials(c: C): { client_id?: string; client_secret?: string } {
  const m = /^Basic\s+(.+)$/i.exec(c.req.header('authorization')?.trim() ?? '');
  if (!m) return {};
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return {};
  // RFC 6749 2.3.1: both parts are form-urlencoded; one that does not decode, or hides a NUL, is a bad request.
  try {
    const credentials = { client_id: decodeURIComponent(decoded.slice(0, i)), client_secret: decodeURIComponent(decoded.slice(i + 1)) };
    if (!credentials.client_id.includes('\0') && !credentials.client_secret.includes('\0')) return credentials;
  } catch {
    // Falls through to the refusal.
  }
  throw new BadRequestError('Malformed client credentials in the Authorization header');
}

async function oauthJson(c: C, fn: (body: Record<string, string | undefined>) => Promise<unknown>) {
  c.header('Cache-Control', 'no-store');
  try {
    const raw = await readParams(c);
    const body = { ...Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, str(v)])), ...basicCredentials(c) };
    return c.json((await fn(body)) as object);
  } catch (err) {
    if (err instanceof OAuthError) return c.json({ error: err.error, error_description: err.description }, err.status);
    if (err instanceof BadRequestError) return c.json({ error: 'invalid_request', error_description: err.message }, 400);
    throw err;
  }
}

oauthRoutes.post('/oauth/token', (c) => oauthJson(c, (body) => grantToken(c.var.ctx, body)));

oauthRoutes.post('/oauth/revoke', (c) =>
  oauthJson(c, async (body) => {
    await revokeToken(c.var.ctx, body);
    return {};
  }),
);
