import type { Context } from 'hono';
import { z } from 'zod';
import type { Page } from '../db/pagination.js';
import type { AppEnv } from './env.js';
import { zId, zLimit } from './params.js';

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
    limit: zLimit(defaultLimit, maxLimit),
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
  // Built from the validated parameters, never the raw query: a link carries on only what the route accepted.
  const base = new URL(c.req.path, c.var.ctx.config.publicUrl);
  for (const [key, value] of Object.entries(c.var.params ?? {})) {
    if (key === 'max_id' || key === 'min_id' || key === 'since_id') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isScalar(item)) base.searchParams.append(`${key}[]`, String(item));
    } else if (isScalar(value)) base.searchParams.set(key, String(value));
  }
  const link = (key: 'max_id' | 'min_id', value: string) => {
    const u = new URL(base);
    u.searchParams.set(key, value);
    return u.toString();
  };
  return `<${link('max_id', ids[ids.length - 1]!)}>; rel="next", <${link('min_id', ids[0]!)}>; rel="prev"`;
}

const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
