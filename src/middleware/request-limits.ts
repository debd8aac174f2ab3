import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../api/env.js';

export interface RequestLimitOptions {
  maxHeaderBytes: number;
  /** Body bytes allowed for this request's route. */
  maxBodyBytes(method: string, path: string): number;
  onRefused?(c: Context<AppEnv>, what: 'headers' | 'body'): void;
}

/**
 * Header and body size limits per route: a declared Content-Length over the limit is refused before a
 * byte of body is read, and a chunked body is cut off as soon as it passes the limit.
 */
export function requestLimits(opts: RequestLimitOptions): MiddlewareHandler<AppEnv> {
  const limiters = new Map<number, MiddlewareHandler<AppEnv>>();
  const limiterFor = (max: number) => {
    let l = limiters.get(max);
    if (!l) {
      l = bodyLimit({
        maxSize: max,
        onError: (c) => {
          opts.onRefused?.(c as Context<AppEnv>, 'body');
          return c.json({ error: `The request body is too large (at most ${max} bytes here)` }, 413);
        },
      }) as MiddlewareHandler<AppEnv>;
      limiters.set(max, l);
    }
    return l;
  };
  return async function requestLimits(c, next) {
    let headerBytes = 0;
    c.req.raw.headers.forEach((v, k) => {
      headerBytes += k.length + v.length + 4;
    });
    if (headerBytes > opts.maxHeaderBytes) {
      opts.onRefused?.(c, 'headers');
      return c.json({ error: 'The request headers are too large' }, 431);
    }
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    return limiterFor(opts.maxBodyBytes(method, c.req.path))(c, next);
  };
}
