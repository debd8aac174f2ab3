import type { Context } from 'hono';
import { z } from 'zod';
import { isId } from '../db/ids.js';
import { BadRequestError, NotFoundError, ValidationError } from '../errors.js';
import type { AppEnv } from './env.js';

/**
 * The request's parameters as one object: the query string, merged with the body for writes.
 * Mastodon clients send JSON, form-encoded and multipart bodies; bracketed form keys
 * (`media_ids[]`, `fields_attributes[0][name]`) become arrays and objects.
 */
export async function readParams(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const url = new URL(c.req.url);
  const pairs: Array<[string, unknown]> = [...url.searchParams.entries()];
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    if (type.includes('application/json')) {
      const text = await c.req.text();
      if (text.trim() !== '') {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new BadRequestError('Malformed JSON in the request body');
        }
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('The request body must be a JSON object');
        return checked({ ...unflatten(pairs), ...(body as Record<string, unknown>) });
      }
    } else if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
      let form: Record<string, string | File | (string | File)[]>;
      try {
        form = await c.req.parseBody({ all: true });
      } catch {
        throw new BadRequestError('Malformed form data in the request body');
      }
      for (const [key, value] of Object.entries(form)) {
        if (Array.isArray(value)) for (const v of value) pairs.push([key, v]);
        else pairs.push([key, value]);
      }
    }
  }
  return checked(unflatten(pairs));
}

// Names that reach an object's prototype when used as keys: never taken from a request.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/**
 * Refuses what no field may hold, whichever way it came (query, form, multipart, JSON): a key that names the
 * prototype, a NUL character (PostgreSQL cannot store one in text), or nesting past MAX_DEPTH. Walks without
 * recursion, so a deep body cannot exhaust the stack.
 */
function checked(root: Record<string, unknown>): Record<string, unknown> {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\0')) throw new ValidationError(`Validation failed: ${path || 'the request'} must not contain NUL characters`, path || undefined);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) throw new BadRequestError('The request is nested too deeply');
    for (const [key, child] of Object.entries(value)) {
      checkKey(key);
      stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return root;
}

function checkKey(key: string): void {
  if (FORBIDDEN_KEYS.has(key)) throw new BadRequestError(`The parameter name ${key} is not allowed`);
  if (key.includes('\0')) throw new BadRequestError('A parameter name must not contain NUL characters');
}

/** `a[]=1&a[]=2&b[0][name]=x&c[d]=y` -> { a: ['1','2'], b: [{name:'x'}], c: {d:'y'} } */
export function unflatten(pairs: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of pairs) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!m) {
      checkKey(rawKey);
      out[rawKey] = value;
      continue;
    }
    const path = [m[1]!, ...[...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)];
    // Checked before building: `__proto__[x]` would otherwise walk onto Object.prototype.
    for (const key of path) checkKey(key);
    let node: Record<string, unknown> | unknown[] = out;
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!;
      const last = i === path.length - 1;
      const nextKey = path[i + 1];
      if (key === '') {
        if (!Array.isArray(node)) break;
        if (last) node.push(value);
        else {
          const child = {};
          node.push(child);
          node = child;
        }
        continue;
      }
      const container = node as Record<string, unknown>;
      if (last) {
        // A repeated plain key (types=a&types=b) collects into an array.
        const own = Object.hasOwn(container, key);
        if (own && !Array.isArray(container[key])) container[key] = [container[key], value];
        else if (own) (container[key] as unknown[]).push(value);
        else container[key] = value;
      } else {
        if (!Object.hasOwn(container, key) || typeof container[key] !== 'object' || container[key] === null) container[key] = nextKey === '' ? [] : {};
        node = container[key] as Record<string, unknown>;
      }
    }
  }
  return out;
}

/** Validates with zod and throws a 422 naming the field at fault. */
export function validate<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  throw new ValidationError(`Validation failed: ${field ? `${field} ` : ''}${issue.message}`, field || undefined);
}

export async function params<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.infer<T>> {
  const parsed = validate(schema, await readParams(c));
  if (parsed !== null && typeof parsed === 'object') c.set('params', { ...c.var.params, ...(parsed as Record<string, unknown>) });
  return parsed;
}

// Form values arrive as strings: these accept both the JSON and the form spelling.
export const zBool = z.preprocess((v) => {
  if (v === 'true' || v === '1' || v === 'on' || v === 1) return true;
  if (v === 'false' || v === '0' || v === '' || v === 'off' || v === 0) return false;
  return v;
}, z.boolean());

export const zInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A rule cited by a moderator: its id, as a number or a string. */
export const zRuleId = z.union([z.string(), z.number()]).transform(String);

/** A suspension's length in seconds, a minute to ten years; absent means for good. */
export const zSuspensionSeconds = z.coerce
  .number()
  .int()
  .min(60)
  .max(10 * 365 * 86400)
  .optional();

/** A page size: `def` when absent, clamped to `max` rather than refused, as Mastodon does. */
export const zLimit = (def: number, max: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .default(def)
    .transform((n) => Math.min(n, max));

export const zId = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .pipe(
    z
      .string()
      .regex(/^[0-9]{1,19}$/, 'is not a valid id')
      // Beyond a signed 64-bit integer PostgreSQL would fail the query instead of finding nothing.
      .refine(isId, 'is not a valid id'),
  );

/** The id in the path: anything that is not a valid id names no row, so it is a 404 as an unknown id is. */
export function pathId(c: Context<AppEnv>, name = 'id'): string {
  const raw = c.req.param(name);
  if (!isId(raw)) throw new NotFoundError();
  return raw;
}

/** A list given as an array, as `key[]=` repeated, or as one value. */
export const zList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : typeof v === 'object' && v !== null ? Object.values(v) : [v]), z.array(item));
