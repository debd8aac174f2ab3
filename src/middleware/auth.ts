import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../api/env.js';
import { hasScope } from '../domain/auth/scopes.js';
import type { Viewer } from '../domain/auth/tokens.js';
import { resolveToken, tokenRefusal } from '../domain/auth/tokens.js';
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
    c.set('viewer', null);
    if (token) {
      const viewer = await resolveToken(c.var.ctx, token, { allowSuspended: c.req.path.startsWith('/api/v1/tribune/moderation/') });
      if (!viewer) throw (await tokenRefusal(c.var.ctx, token)) ?? new UnauthorizedError();
      c.set('viewer', viewer);
    }
    await next();
  };
}

/** The route needs a signed-in account whose token holds `scope`. */
export function requireUser(scope: string): MiddlewareHandler<AppEnv> {
  return async function requireUser(c, next) {
    requireViewer(c, scope, true);
    await next();
  };
}

/** The route needs a token holding `scope`, either a person's or an app's (client_credentials). */
export function requireToken(scope: string): MiddlewareHandler<AppEnv> {
  return async function requireToken(c, next) {
    requireViewer(c, scope, false);
    await next();
  };
}

/** The route needs a moderator or admin with the admin scope. */
export function requireStaff(scope: string, role: 'moderator' | 'admin' = 'moderator'): MiddlewareHandler<AppEnv> {
  return async function requireStaff(c, next) {
    const viewer = requireViewer(c, scope, true);
    if (role === 'admin' ? viewer.role !== 'admin' : viewer.role === 'user') throw new ForbiddenError('This action is not allowed');
    await next();
  };
}

function requireViewer(c: Context<AppEnv>, scope: string, needAccount: boolean): Viewer {
  const viewer = c.var.viewer;
  if (!viewer) throw new UnauthorizedError('The access token is invalid');
  if (needAccount && !viewer.accountId) throw new UnauthorizedError('This method requires an authenticated user');
  if (!hasScope(viewer.scopes, scope)) throw new ForbiddenError('This action is outside the authorized scopes');
  return viewer;
}

/** The signed-in account's id; use only after requireUser. */
export function viewerId(c: Context<AppEnv>): string {
  const id = c.var.viewer?.accountId;
  if (!id) throw new UnauthorizedError('This method requires an authenticated user');
  return id;
}
