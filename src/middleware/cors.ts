import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../api/env.js';

// Cross-origin access as Mastodon grants it (config/initializers/cors.rb): any origin, never credentials, so a web
// client on its own origin can call the API with a Bearer token. Cookie-authenticated pages (sign-in, authorize,
// the web app's pages) are left out and keep their CSRF protection.

/** Response headers a cross-origin client may read: Mastodon's list, plus Retry-After for 429 and 503. */
export const CORS_EXPOSED_HEADERS = ['Link', 'X-RateLimit-Reset', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-Request-Id', 'Retry-After'];
/** Seconds a browser may keep a preflight's answer (rack-cors's default; Chromium's ceiling). */
export const CORS_MAX_AGE = 7200;

const shared = { origin: '*', credentials: false, exposeHeaders: CORS_EXPOSED_HEADERS, maxAge: CORS_MAX_AGE } as const;
// No allowHeaders: a preflight's Access-Control-Request-Headers are echoed back, as rack-cors's `headers: :any` does.
const apiCors = cors({ ...shared, allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] });
const tokenCors = cors({ ...shared, allowMethods: ['POST', 'OPTIONS'] });
const readCors = cors({ ...shared, allowMethods: ['GET', 'HEAD', 'OPTIONS'] });

/** The CORS rules of a path, or null for a path other origins may not call (the pages). */
export function corsRulesFor(path: string): MiddlewareHandler | null {
  if (path === '/api' || path.startsWith('/api/')) return apiCors;
  if (/^\/oauth\/(token|revoke)\/?$/.test(path)) return tokenCors;
  if (path.startsWith('/.well-known/') || path.startsWith('/nodeinfo/')) return readCors;
  return null;
}

export function isPreflight(method: string): boolean {
  return method === 'OPTIONS';
}

/**
 * Outermost: puts the CORS headers on whatever answers a cross-origin path, the shield's 429 and 503 and the
 * errors of `app.onError` included (Hono carries headers set before `next()` onto the final response), so a
 * client can read why it was refused. Preflights go on to the shield and then to `corsPreflight()`.
 */
export function corsHeaders(): MiddlewareHandler<AppEnv> {
  return async function corsHeaders(c, next) {
    const rules = isPreflight(c.req.method) ? null : corsRulesFor(c.req.path);
    if (!rules) return next();
    return rules(c, next);
  };
}

/** After the shield has counted it: answers a preflight 204 with the allowed methods and headers. */
export function corsPreflight(): MiddlewareHandler<AppEnv> {
  return async function corsPreflight(c, next) {
    const rules = isPreflight(c.req.method) ? corsRulesFor(c.req.path) : null;
    if (!rules) return next();
    return rules(c, next);
  };
}
