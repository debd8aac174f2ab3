import type { Hono } from 'hono';
import type { AppEnv } from '../../src/api/env.js';
import { policyOf, type RoutePolicy } from '../../src/middleware/auth.js';

export interface TableRoute {
  method: string;
  path: string;
  /** The policy its middleware declares; undefined where none does. */
  policy?: RoutePolicy;
  /** How many policy middlewares the route has (exactly one for every /api route). */
  policies: number;
}

/** Every route the app serves, one row per method and path, with the policy its middleware declares. */
export function routeTable(app: Hono<AppEnv>): TableRoute[] {
  const rows = new Map<string, TableRoute>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    let row = rows.get(key);
    if (!row) {
      row = { method: r.method, path: r.path, policies: 0 };
      rows.set(key, row);
    }
    const policy = policyOf(r.handler);
    if (policy) {
      row.policies++;
      row.policy ??= policy;
    }
  }
  return [...rows.values()];
}
