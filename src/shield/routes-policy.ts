import { isInboxPost } from './inbox-sender.js';
import type { PolicyName } from './options.js';

// The shield knows no route handler: it picks a policy from the method, the path and whether a token came.

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method);
}

/** Sign-in and token requests (Mastodon's "sign_in" throttle), and sign-ups (its "sign_up" throttle). */
const AUTH_PATHS = [/^\/oauth\/(authorize|token|revoke|sign_in)\/?$/, /^\/auth\/sign_in\/?$/];
const SIGN_UP_PATHS = [/^\/api\/v1\/accounts\/?$/, /^\/auth\/sign_up\/?$/];
const PASSWORD_PATHS = [/^\/auth\/password/, /password_reset|reset_password|\/password\/?$/];
const SEARCH_PATHS = [/^\/api\/v[12]\/search\/?$/, /^\/api\/v1\/accounts\/search\/?$/];
const MEDIA_PATHS = [/^\/api\/v[12]\/media\/?$/];
const STREAMING_PATHS = [/^\/api\/v1\/streaming(\/|$)/];
const FILE_PATHS = /^\/system\/media\//;

export function choosePolicy(method: string, path: string, signedIn: boolean): PolicyName {
  if (method === 'OPTIONS') return 'preflight';
  if (isInboxPost(method, path)) return 'inbox';
  if (STREAMING_PATHS.some((r) => r.test(path))) return 'streaming';
  if (isWrite(method)) {
    if (PASSWORD_PATHS.some((r) => r.test(path))) return 'password-reset';
    if (AUTH_PATHS.some((r) => r.test(path))) return 'auth';
    if (SIGN_UP_PATHS.some((r) => r.test(path))) return 'sign-up';
    if (MEDIA_PATHS.some((r) => r.test(path))) return 'media';
    return 'write';
  }
  if (SEARCH_PATHS.some((r) => r.test(path))) return 'search';
  if (FILE_PATHS.test(path)) return 'files';
  return signedIn ? 'user-read' : 'anon-read';
}

/** Never limited nor challenged nor shed: the operator's and the load balancer's view must stay open. */
export function isAlwaysOpen(path: string): boolean {
  return path === '/health' || path === '/ready' || path === '/status' || path === '/metrics';
}

/**
 * Never challenged in under-attack mode: machine clients cannot solve a puzzle, and the challenge itself
 * must stay reachable. (OAuth, well-known, nodeinfo, feeds, health.)
 */
export function isChallengeExempt(path: string): boolean {
  return (
    isAlwaysOpen(path) ||
    path.startsWith('/oauth/') ||
    path.startsWith('/.well-known/') ||
    path.startsWith('/nodeinfo/') ||
    path.startsWith('/api/') ||
    path.startsWith('/_shield/') ||
    /\.(rss|atom|json)$/.test(path) ||
    /^\/(users\/[^/]+|@[^/]+|tags\/[^/]+)\/(feed|rss|atom)/.test(path) ||
    /^\/(assets|static|packs|favicon|robots\.txt|manifest)/.test(path)
  );
}

/** Kept open in maintenance mode: health, status, sign-in and what an admin needs to turn it off. */
export function isMaintenanceExempt(path: string): boolean {
  return (
    isAlwaysOpen(path) ||
    path.startsWith('/oauth/') ||
    path.startsWith('/_shield/') ||
    path.startsWith('/.well-known/') ||
    path === '/api/v1/apps' ||
    path === '/api/v1/apps/verify_credentials' ||
    path === '/api/v1/instance' ||
    path === '/api/v2/instance'
  );
}

/** Writes still accepted in read-only mode: signing in (which issues a token) and revoking a token. */
export function isReadOnlyExempt(path: string): boolean {
  return path.startsWith('/oauth/') || path.startsWith('/_shield/') || path === '/api/v1/apps';
}

/** A browser asking for a page (not an API client, not an asset). */
export function wantsHtml(accept: string | undefined): boolean {
  return !!accept && accept.includes('text/html');
}
