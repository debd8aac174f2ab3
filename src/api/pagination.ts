import type { Context } from 'hono';
import { z } from 'zod';
import type { Page } from '../db/pagination.js';
import type { AppEnv } from './env.js';
import { zId } from './params.js';

const pageSchemas = new Map<string, ReturnType<typeof buildPageSchema>>();

/** The page parameters (max_id, since_id, min_id, limit). Built once per pair of limits: zod schemas are dear to build. */
export function pageSchema(defaultLimit = 20, maxLimit = 40) {
  const key = `${defaultLimit}:${maxLimit}`;
  let schema = pageSchemas.get(key);
  if (!schema) {
    schema = buildPageSchema(defaultLimit, maxLimit);
    pageSchemas.set(key, schema);
  }
  return schema;
}

const buildPageSchema = (defaultLimit: number, maxLimit: number) =>
  z.object({
    max_id: zId.optional(),
    since_id: zId.optional(),
    min_id: zId.optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .default(defaultLimit)
      .transform((n) => Math.min(n, maxLimit)),
  });

export function toPage(p: { max_id?: string; since_id?: string; min_id?: string; limit: number }): Page {
  return { max_id: p.max_id, since_id: p.since_id, min_id: p.min_id, limit: p.limit };
}

/**
 * Sets Mastodon's Link header: next (older, max_id) and prev (newer, min_id), keeping the other query parameters.
 * `ids` are the pagination keys of the returned rows, newest first.
 */
export function setLinkHeader(c: Context<AppEnv>, ids: string[]): void {
  const link = linkHeader(c, ids);
  if (link) c.header('Link', link);
}

/** The Link header for a page whose pagination keys are `ids` (newest first); undefined for an empty page. */
export function linkHeader(c: Context<AppEnv>, ids: string[]): string | undefined {
  if (ids.length === 0) return undefined;
  const base = new URL(c.req.url);
  const publicBase = new URL(c.var.ctx.config.publicUrl);
  base.protocol = publicBase.protocol;
  base.host = publicBase.host;
  const link = (key: 'max_id' | 'min_id', value: string) => {
    const u = new URL(base);
    u.searchParams.delete('max_id');
    u.searchParams.delete('min_id');
    u.searchParams.delete('since_id');
    u.searchParams.set(key, value);
    return u.toString();
  };
  return `<${link('max_id', ids[ids.length - 1]!)}>; rel="next", <${link('min_id', ids[0]!)}>; rel="prev"`;
}
