import type { Context, Hono, MiddlewareHandler, Next } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../api/env.js';
import type { Infra } from '../infra/infra.js';
import { requestLimits } from '../middleware/request-limits.js';
import { CSP_HEADER, challengePolicy, DOCUMENT_POLICY, scriptNonce } from '../web/csp.js';
import { difficultyFor } from './attack-mode.js';
import { cacheKey } from './cache-key.js';
import { challengePage, explanationPage } from './challenge-page.js';
import { sendingServer } from './inbox-sender.js';
import { addressKeys, clearanceNetwork } from './ip.js';
import type { LimitResult } from './limiter.js';
import { fromCacheEntry, toCacheEntry } from './micro-cache.js';
import { CLEARANCE_WINDOW, FORGIVING_POLICIES, type PolicyName } from './options.js';
import { issueChallenge, verifyClearance } from './pow.js';
import { choosePolicy, isAlwaysOpen, isChallengeExempt, isMaintenanceExempt, isReadOnlyExempt, isWrite, wantsHtml } from './routes-policy.js';
import type { Shield } from './shield.service.js';

export type ShieldDeps = Pick<Infra, 'config' | 'logger'> & { shield: Shield };

export const CLEARANCE_COOKIE = 'tribune_clearance';
export const REVALIDATE_HEADER = 'x-tribune-revalidate';

/**
 * The shield's first line, before authentication: modes for anonymous requests, header and body limits,
 * limits by address, the under-attack challenge, the micro-cache and shedding of anonymous renders.
 * `app` is needed to rebuild stale cache entries in the background.
 */
export function shieldBeforeAuth(ctx: ShieldDeps, app: Hono<AppEnv>): MiddlewareHandler<AppEnv> {
  const shield = ctx.shield;
  const limits = requestLimits({
    maxHeaderBytes: shield.options.maxHeaderBytes,
    maxBodyBytes: (method, path) => {
      const policy = choosePolicy(method, path, true);
      return policy === 'media'
        ? shield.options.maxMediaBodyBytes
        : policy === 'auth' || policy === 'sign-up' || policy === 'password-reset'
          ? shield.options.maxAuthBodyBytes
          : policy === 'inbox'
            ? shield.options.maxInboxBodyBytes
            : shield.options.maxBodyBytes;
    },
    onRefused: () => shield.metrics.count('blocked', 'size'),
  });

  return async function shieldBeforeAuth(c, next) {
    const path = c.req.path;
    if (isAlwaysOpen(path)) return next();
    const method = c.req.method;
    const hasToken = !!c.req.header('authorization');
    const html = wantsHtml(c.req.header('accept'));

    // Modes apply with the shield off too: they are the operator's, not the attacker's, switch. A CORS preflight
    // passes in every mode, so that a web client can read the 503 that answers its real request.
    const mode = shield.mode;
    // Moved: this host's data is no longer the community's, for anyone (staff included).
    if (mode.mode === 'moved' && method !== 'OPTIONS') return moved(c, mode, html);
    if (!hasToken && mode.mode === 'maintenance' && method !== 'OPTIONS' && !isMaintenanceExempt(path))
      return unavailable(c, shield, html, 'Down for maintenance');
    if (!hasToken && mode.mode === 'read-only' && isWrite(method) && !isReadOnlyExempt(path)) return unavailable(c, shield, html, 'Read-only mode');
    if (!shield.enabled) return next();

    // A background rebuild of a cache entry, sent by this process: straight to the handler.
    if (c.req.header(REVALIDATE_HEADER) === shield.revalidateToken) return next();
    // A page rendered from the API in-process (app.request with the same socket) was already let in:
    // it is not counted again nor shed, but it uses the cache.
    const incoming = (c.env as { incoming?: object } | undefined)?.incoming;
    const nested = !!incoming && admitted.has(incoming);
    if (incoming && !nested) admitted.add(incoming);
    if (nested) return serveNested(c, next, shield);

    const sized = await runMiddleware(limits, c);
    if (sized) return sized;

    const ip = c.var.clientIp;
    const keys = addressKeys(ip);
    const policy = choosePolicy(method, path, hasToken);
    // Anonymous reads may be challenged and shed whatever cookies they carry (a cookie must not buy a way
    // around either); only those without cookies of their own may read or fill the cache.
    const readsPage = (method === 'GET' || method === 'HEAD') && !hasToken;
    const key =
      readsPage && method === 'GET' && policy !== 'files' && !hasForeignCookie(c)
        ? cacheKey(path, new URL(c.req.url).searchParams, c.req.header('accept'))
        : null;

    // Limits by address come first: a single flooding address is refused, not challenged. A delivery to an inbox
    // is counted against the server that signed it too.
    const server = policy === 'inbox' ? sendingServer(c.req.raw) : null;
    const result = await shield.limiter.consume(policy, { address: keys.address, prefix: keys.prefix, server });
    if (result && !result.allowed) return limited(c, shield, policy, result, keys);

    // Under attack: a browser asking for a page shows a clearance or solves a challenge first.
    let cleared = false;
    if (shield.attack.active && html && readsPage && !isChallengeExempt(path)) {
      const token = getCookie(c, CLEARANCE_COOKIE);
      const claims = token ? verifyClearance(shield.key, token, clearanceNetwork(ip)) : null;
      if (claims && typeof claims === 'object') {
        const budget = await shield.limiter.consumeWindow('clearance', claims.id, CLEARANCE_WINDOW);
        if (!budget.allowed) return limited(c, shield, 'clearance', budget, keys);
        cleared = true;
      } else {
        const cached = key ? shield.cache.lookup(key) : { state: 'miss' as const };
        if (cached.state !== 'miss') {
          shield.metrics.count('cached', policy);
          return fromCacheEntry(cached.entry, cached.state);
        }
        return challenge(c, shield, ip, policy);
      }
    }

    if (key) {
      const found = shield.cache.lookup(key);
      if (found.state !== 'miss') {
        if (found.state === 'stale' && !shield.cache.building(key)) void revalidate(app, c, shield, key);
        shield.metrics.count('cached', policy);
        return withRateHeaders(fromCacheEntry(found.entry, found.state), result);
      }
      if (shield.cache.building(key)) {
        // Someone is already building this page: wait for theirs instead of building it again.
        const entry = await shield.cache.fill(key, async () => null);
        if (entry) {
          shield.metrics.count('cached', policy);
          return withRateHeaders(fromCacheEntry(entry, 'coalesced'), result);
        }
      }
    }

    if (readsPage && policy !== 'files') {
      // Uncached anonymous renders are the cheapest to lose: shed them first when too many run at once.
      // The tighter cap applies as soon as the event loop runs late, before under-attack mode is declared.
      // Media files are not renders (a stream from storage, bounded by their own budget): a page of pictures
      // loaded over a browser's six connections is not shed when the machine runs late.
      const strained = shield.attack.active || shield.attack.pressure >= 1;
      const cap = strained && !cleared ? shield.options.anonConcurrencyUnderAttack : shield.options.anonConcurrency;
      if (shield.anonInFlight >= cap) return shed(c, shield, policy, html);
      shield.anonInFlight++;
      try {
        if (key) {
          const o = shield.options;
          await shield.cache.fill(key, async () => {
            await next();
            return toCacheEntry(c.res.clone(), o.cacheFreshSeconds * 1000, o.cacheStaleSeconds * 1000);
          });
          if (!c.finalized) await next();
          if (c.res.status === 200) setHeader(c.res.headers, 'x-tribune-cache', 'miss');
        } else {
          await next();
        }
      } finally {
        shield.anonInFlight--;
      }
    } else {
      await next();
      if (result && FORGIVING_POLICIES.has(policy) && c.res.status < 400) await shield.limiter.refund(policy, { address: keys.address, prefix: keys.prefix });
      // A delivery whose signature did not verify was not that server's: a forger does not spend its budget.
      if (result && server && c.res.status === 401) await shield.limiter.refund(policy, { server }, { everyWindow: true });
    }
    shield.metrics.count('allowed', policy);
    if (result && !hasToken) setRateHeaders(c.res.headers, result);
  };
}

// Node requests already admitted by the shield; sub-requests made while rendering them reuse the same one.
const admitted = new WeakSet<object>();

async function serveNested(c: Context<AppEnv>, next: Next, shield: Shield): Promise<Response | undefined> {
  const anonymous = c.req.method === 'GET' && !c.req.header('authorization') && !c.req.header('cookie');
  const key = anonymous ? cacheKey(c.req.path, new URL(c.req.url).searchParams, c.req.header('accept')) : null;
  if (!key) {
    await next();
    return;
  }
  const found = shield.cache.lookup(key);
  if (found.state !== 'miss') return fromCacheEntry(found.entry, found.state);
  const o = shield.options;
  const entry = await shield.cache.fill(key, async () => {
    await next();
    return toCacheEntry(c.res.clone(), o.cacheFreshSeconds * 1000, o.cacheStaleSeconds * 1000);
  });
  if (c.finalized) return;
  if (entry) return fromCacheEntry(entry, 'coalesced');
  await next();
}

/** After authentication: modes for token holders (staff pass), and limits by account and application. */
export function shieldAfterAuth(ctx: ShieldDeps): MiddlewareHandler<AppEnv> {
  const shield = ctx.shield;
  return async function shieldAfterAuth(c, next) {
    const viewer = c.var.viewer;
    const path = c.req.path;
    if (!viewer || isAlwaysOpen(path)) return next();
    const method = c.req.method;
    const staff = viewer.role !== 'user' && !!viewer.accountId;
    const mode = shield.mode;
    if (!staff && mode.mode === 'maintenance' && !isMaintenanceExempt(path)) return unavailable(c, shield, false, 'Down for maintenance');
    if (!staff && mode.mode === 'read-only' && isWrite(method) && !isReadOnlyExempt(path)) return unavailable(c, shield, false, 'Read-only mode');
    if (!shield.enabled) return next();

    const policy = choosePolicy(method, path, true);
    const result = await shield.limiter.consume(policy, { account: viewer.accountId, app: viewer.appId });
    if (result && !result.allowed) return limited(c, shield, policy, result, addressKeys(c.var.clientIp));
    await next();
    if (result) setRateHeaders(c.res.headers, result);
  };
}

// Cookies the shield itself sets do not make a request personal; any other cookie might.
function hasForeignCookie(c: Context<AppEnv>): boolean {
  const cookie = c.req.header('cookie');
  if (!cookie) return false;
  return cookie.split(';').some((part) => {
    const name = part.split('=')[0]!.trim();
    return name !== '' && name !== CLEARANCE_COOKIE;
  });
}

async function runMiddleware(mw: MiddlewareHandler<AppEnv>, c: Context<AppEnv>): Promise<Response | undefined> {
  let passed = false;
  const res = await mw(c, (async () => {
    passed = true;
  }) as Next);
  return passed ? undefined : (res ?? c.res);
}

function setRateHeaders(h: Headers, r: LimitResult): void {
  setHeader(h, 'X-RateLimit-Limit', String(r.limit));
  setHeader(h, 'X-RateLimit-Remaining', String(Math.max(0, r.remaining)));
  setHeader(h, 'X-RateLimit-Reset', new Date(r.resetAt).toISOString());
}

function setHeader(h: Headers, name: string, value: string): void {
  try {
    h.set(name, value);
  } catch {
    // Immutable headers (a fetched or upgrade response): the decision stands, only the header is missing.
  }
}

function withRateHeaders(res: Response, r: LimitResult | null): Response {
  if (r) setRateHeaders(res.headers, r);
  return res;
}

function limited(c: Context<AppEnv>, shield: Shield, policy: PolicyName, r: LimitResult, keys: ReturnType<typeof addressKeys>): Response {
  shield.metrics.count('limited', policy);
  shield.metrics.limitedClient(keys.address, keys.prefix);
  const res = c.json({ error: 'Too many requests' }, 429);
  setRateHeaders(res.headers, r);
  res.headers.set('Retry-After', String(Math.max(1, Math.ceil(r.retryAfterMs / 1000))));
  return res;
}

/** A 503 page saying why (busy, maintenance, read-only). */
function explained(c: Context<AppEnv>, heading: string, message: string): Response {
  const res = c.html(explanationPage(c.var.ctx.config.instanceTitle, heading, message), 503);
  res.headers.set(CSP_HEADER, DOCUMENT_POLICY);
  return res;
}

function shed(c: Context<AppEnv>, shield: Shield, policy: PolicyName, html: boolean): Response {
  shield.metrics.count('shed', policy);
  const message = 'The server is busy. Please try again in a few seconds.';
  const res = html ? explained(c, 'Busy', message) : c.json({ error: message }, 503);
  res.headers.set('Retry-After', '5');
  res.headers.set('Cache-Control', 'no-store');
  return res;
}

function challenge(c: Context<AppEnv>, shield: Shield, ip: string, policy: PolicyName): Response {
  shield.metrics.count('challenged', policy);
  const difficulty = difficultyFor(shield.options, shield.attack.pressure);
  const { token, claims } = issueChallenge(shield.key, clearanceNetwork(ip), difficulty, shield.options.challengeTtlSeconds);
  const url = new URL(c.req.url);
  const nonce = scriptNonce();
  const res = c.html(
    challengePage({ token, seed: claims.seed, difficulty, returnTo: url.pathname + url.search, instanceTitle: c.var.ctx.config.instanceTitle, nonce }),
    503,
  );
  res.headers.set(CSP_HEADER, challengePolicy(nonce));
  res.headers.set('Cache-Control', 'no-store');
  res.headers.set('Retry-After', '1');
  res.headers.set('X-Tribune-Challenge', String(difficulty));
  return res;
}

function unavailable(c: Context<AppEnv>, shield: Shield, html: boolean, heading: string): Response {
  const { message, retryAfter } = shield.mode;
  const res = html ? explained(c, heading, message) : c.json({ error: message }, 503);
  res.headers.set('Retry-After', String(retryAfter));
  res.headers.set('Cache-Control', 'no-store');
  return res;
}

/**
 * The moved mode: a page asked for by GET goes to the same path on the new host (301: shared links and bookmarks keep
 * working, and post ids are the same there), with the owner's message in the body for clients that do not follow;
 * anything else (API calls, writes) gets 503 with the message and the new address, since a client's token belongs
 * to the new host now and must not be sent on by a redirect it did not ask for.
 */
function moved(c: Context<AppEnv>, mode: Shield['mode'], html: boolean): Response {
  const base = (mode.movedTo ?? '').replace(/\/+$/, '');
  const url = new URL(c.req.url);
  const there = `${base}${url.pathname}${url.search}`;
  const text = `${mode.message} (new address: ${base})`;
  const isRead = c.req.method === 'GET' || c.req.method === 'HEAD';
  let res: Response;
  if (html) {
    res = c.html(explanationPage(c.var.ctx.config.instanceTitle, 'This community has moved', mode.message, { href: there, text: there }), isRead ? 301 : 503);
    res.headers.set(CSP_HEADER, DOCUMENT_POLICY);
    if (isRead) res.headers.set('Location', there);
  } else res = c.json({ error: text, moved_to: base }, 503);
  res.headers.set('Link', `<${there}>; rel="alternate"`);
  res.headers.set('Cache-Control', 'no-store');
  return res;
}

async function revalidate(app: Hono<AppEnv>, c: Context<AppEnv>, shield: Shield, key: string): Promise<void> {
  const o = shield.options;
  const headers = new Headers({ [REVALIDATE_HEADER]: shield.revalidateToken });
  const accept = c.req.header('accept');
  if (accept) headers.set('accept', accept);
  try {
    await shield.cache.fill(key, async () => {
      const res = await app.fetch(new Request(c.req.url, { headers }), c.env);
      return toCacheEntry(res, o.cacheFreshSeconds * 1000, o.cacheStaleSeconds * 1000);
    });
  } catch (err) {
    c.var.ctx.logger.warn({ err, key }, 'shield: background rebuild failed');
  }
}
