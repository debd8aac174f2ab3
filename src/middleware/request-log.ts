import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../api/env.js';
import type { Logger } from '../logger.js';

/**
 * One structured line per request at `info`, so an operator sees what clients call: method, the route's pattern
 * (`/api/v1/statuses/:id`, never the query, where tokens, codes and secrets travel), status, duration and request
 * id. A request no route answers (a 404, the web app's pages, or refused by the shield first) shows its path
 * instead, still without the query.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  const log = logger.child({ subsystem: 'http' });
  return async function requestLog(c, next) {
    const start = performance.now();
    await next();
    const route = routePattern(c);
    log.info(
      {
        method: c.req.method,
        ...(route ? { route } : { path: c.req.path }),
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
        requestId: c.get('requestId'),
      },
      'request',
    );
  };
}

/**
 * The pattern of the route the request was for: the handler that answered, or (when a middleware answered first,
 * say a refused token) the first route that matched, the one that would have answered. Null when only catch-alls matched (an unknown path, a page).
 */
function routePattern(c: Context<AppEnv>): string | null {
  const routes = matchedRoutes(c);
  const specific = (r: { path: string } | undefined) => !!r && r.path !== '/*' && r.path !== '*';
  const answered = routes[c.req.routeIndex];
  if (specific(answered)) return answered!.path;
  return routes.find((r) => r.method !== 'ALL' && specific(r))?.path ?? null;
}
