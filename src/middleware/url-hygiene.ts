import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../api/env.js';
import { BadRequestError, ValidationError } from '../errors.js';

/**
 * Refuses a URL with a NUL character in its path or query before any route reads it: PostgreSQL cannot store
 * or compare one in text, and no id, name or search needs it. Bodies are checked where they are decoded
 * (api/params.ts).
 */
export function refuseNulInUrl(): MiddlewareHandler<AppEnv> {
  return async function refuseNulInUrl(c, next) {
    const url = c.req.url;
    if (/%00|\0/i.test(url)) {
      const parsed = new URL(url);
      if (/%00|\0/i.test(parsed.pathname)) throw new BadRequestError('The request path must not contain NUL characters');
      for (const [key, value] of parsed.searchParams) {
        if (key.includes('\0') || value.includes('\0'))
          throw new ValidationError(`Validation failed: ${key.replace(/\0/g, '')} must not contain NUL characters`, key.replace(/\0/g, ''));
      }
    }
    await next();
  };
}
