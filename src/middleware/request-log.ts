import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../api/env.js';
import type { AppContext } from '../context.js';

/**
 * Every request is timed into `tribune_http_request_duration_seconds` by method, route pattern and status (a
 * request no route answers counts as route "unmatched": raw paths would make a series per id).
 * With LOG_REQUESTS on (the default), one structured line per request at `info`, so an operator sees what clients call: method, the route's pattern
 * (`/api/v1/statuses/:id`, never the query, where tokens, codes and secrets travel), status, duration and request
 * id. A request no route answers (a 404, the web app's pages, or refused by the shield first) shows its path
 * instead, still without the query.
 */
export function requestLog(ctx: Pick<AppContext, 'logger' | 'metrics' | 'config'>): MiddlewareHandler<AppEnv> {
  const log = ctx.config.logRequests ? ctx.logger.child({ subsystem: 'http' }) : null;
  const histogram = ctx.metrics.http;
  return async function requestLog(c, next) {
    const start = performance.now();
    await next();
    const route = routePattern(c);
    const seconds = (performance.now() - start) / 1000;
    histogram.observe({ method: c.req.method, route: route ?? 'unmatched', status: String(c.res.status) }, seconds);
    log?.info(
      {
        method: c.req.method,
        ...(route ? { route } : { path: c.req.path }),
        status: c.res.status,
        ms: Math.round(seconds * 10_000) / 10,
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
