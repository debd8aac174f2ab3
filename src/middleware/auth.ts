import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../api/env.js';
import { hasScope, type Scope } from '../domain/auth/scopes.js';
import type { Viewer } from '../domain/auth/tokens.js';
import { authenticateToken } from '../domain/auth/tokens.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';

/** Reads the bearer token (header, or access_token in the query for streaming) and sets c.var.viewer. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const header = c.req.header('authorization');
    let token: string | undefined;
    if (header) {
      const m = /^Bearer\s+(.+)$/i.exec(header.trim());
      // Basic is client authentication for /oauth/token and /oauth/revoke, not a bearer token.
      if (!m && !/^Basic\s/i.test(header.trim())) throw new UnauthorizedError();
      token = m?.[1];
    }
    // Server-sent event streams may carry the token in the query: EventSource cannot set a header.
    if (!header && c.req.path.startsWith('/api/v1/streaming/')) token = c.req.query('access_token') || undefined;
    c.set('viewer', null);
    if (token) {
      const viewer = await authenticateToken(c.var.ctx, token, { allowSuspended: c.req.path.startsWith('/api/v1/tribune/moderation/') });
      if (viewer instanceof ForbiddenError) throw viewer;
      if (!viewer) throw new UnauthorizedError();
      c.set('viewer', viewer);
    }
    await next();
  };
}

/**
 * Who may call a route, declared by the middleware that enforces it, so the route table itself says it
 * (tests read it from app.routes: every route has exactly one).
 * - user: a person's token holding one of the scopes; token: a person's or an app's; staff: a moderator's or admin's;
 * - optional: anyone, but a token that is sent must hold one of the scopes (Mastodon's authorize_if_got_token!);
 * - public: anyone, and a token changes nothing in the answer.
 */
export type RoutePolicy =
  | { kind: 'user' | 'token' | 'optional'; scopes: readonly Scope[] }
  | { kind: 'staff'; scopes: readonly Scope[]; role: 'moderator' | 'admin' }
  | { kind: 'public'; scopes: readonly [] };

export type PolicyMiddleware = MiddlewareHandler<AppEnv> & { policy: RoutePolicy };

const withPolicy = (fn: MiddlewareHandler<AppEnv>, policy: RoutePolicy): PolicyMiddleware => Object.assign(fn, { policy });
const list = (scope: Scope | readonly Scope[]): readonly Scope[] => (typeof scope === 'string' ? [scope] : scope);

/** The route's policy, if `handler` is a policy middleware. */
export function policyOf(handler: unknown): RoutePolicy | undefined {
  return typeof handler === 'function' ? (handler as Partial<PolicyMiddleware>).policy : undefined;
}

/**
 * The route needs a signed-in account whose token holds `scope` (or one of `scope`). `scopeRefusal` 401 is
 * for the streaming API, which answers a token without the scope as an invalid one, as Mastodon's does.
 */
export function requireUser(scope: Scope | readonly Scope[], scopeRefusal: 401 | 403 = 403): PolicyMiddleware {
  const scopes = list(scope);
  return withPolicy(
    async function requireUser(c, next) {
      requireViewer(c, scopes, true, scopeRefusal);
      await next();
    },
    { kind: 'user', scopes },
  );
}

/** The route needs a token holding `scope`, either a person's or an app's (client_credentials); [] takes any token. */
export function requireToken(scope: Scope | readonly Scope[]): PolicyMiddleware {
  const scopes = list(scope);
  return withPolicy(
    async function requireToken(c, next) {
      requireViewer(c, scopes, false);
      await next();
    },
    { kind: 'token', scopes },
  );
}

/** The route needs a moderator or admin with the admin scope. */
export function requireStaff(scope: Scope, role: 'moderator' | 'admin' = 'moderator'): PolicyMiddleware {
  const scopes: readonly Scope[] = [scope];
  return withPolicy(
    async function requireStaff(c, next) {
      const viewer = requireViewer(c, scopes, true);
      if (role === 'admin' ? viewer.role !== 'admin' : viewer.role === 'user') throw new ForbiddenError('This action is not allowed');
      await next();
    },
    { kind: 'staff', scopes, role },
  );
}

/**
 * Anyone may read the route, but a token sent with the request must hold `scope`: a token granted only
 * `write` or `push` never reads what its account could see. https://docs.joinmastodon.org/api/oauth-scopes/
 */
export function optionalUser(scope: Scope | readonly Scope[]): PolicyMiddleware {
  const scopes = list(scope);
  return withPolicy(
    async function optionalUser(c, next) {
      if (c.var.viewer) requireViewer(c, scopes, false);
      await next();
    },
    { kind: 'optional', scopes },
  );
}

/** Anyone may call the route, and what it answers does not depend on who asks. */
export function publicRoute(): PolicyMiddleware {
  return withPolicy(
    async function publicRoute(_c, next) {
      await next();
    },
    { kind: 'public', scopes: [] },
  );
}

function requireViewer(c: Context<AppEnv>, scopes: readonly Scope[], needAccount: boolean, scopeRefusal: 401 | 403 = 403): Viewer {
  const viewer = c.var.viewer;
  if (!viewer) throw new UnauthorizedError('The access token is invalid');
  if (needAccount && !viewer.accountId) throw new UnauthorizedError('This method requires an authenticated user');
  if (scopes.length > 0 && !scopes.some((scope) => hasScope(viewer.scopes, scope))) {
    const message = 'This action is outside the authorized scopes';
    throw scopeRefusal === 401 ? new UnauthorizedError(message) : new ForbiddenError(message);
  }
  return viewer;
}

/** The signed-in account's id; use only after requireUser. */
export function viewerId(c: Context<AppEnv>): string {
  const id = c.var.viewer?.accountId;
  if (!id) throw new UnauthorizedError('This method requires an authenticated user');
  return id;
}
