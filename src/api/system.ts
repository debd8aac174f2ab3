import { readFile } from 'node:fs/promises';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { mediaFile } from '../domain/accounts/media-paths.js';
import { missingImages } from '../domain/accounts/profile-images.js';
import { hasScope } from '../domain/auth/scopes.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { metricsTokenMatches } from '../ops/metrics-access.js';
import { readiness } from '../ops/readiness.js';
import { isLoopback } from '../shield/ip.js';
import type { AppEnv } from './env.js';

// /health, /ready and /metrics (docs/operations.md, "Health and metrics"); profile images (stored under
// DATA_DIR/media/accounts) and the default avatar and header.
export const systemRoutes = new Hono<AppEnv>();

// Alive: the process answers HTTP. Nothing else is checked, so a restart is never triggered by a slow database.
systemRoutes.get('/health', (c) => c.json({ status: 'ok' }));

// Ready for traffic: the database, Redis and the job queue answer, and the process is not shutting down. Checked
// at most once a second whoever asks (it is open to all, as load balancers need), and why a check failed (a driver's
// message may name internal addresses) is told only to those who may read /metrics.
systemRoutes.get('/ready', async (c) => {
  const ctx = c.var.ctx;
  const r = ctx.lifecycle.draining ? await readiness(ctx) : await ctx.instanceMemo.get('readiness', READINESS_TTL_MS, () => readiness(ctx));
  c.header('Cache-Control', 'no-store');
  const body = mayReadMetrics(c) ? r : { status: r.status, down: r.down };
  return c.json(body, r.status === 'ready' ? 200 : 503);
});
const READINESS_TTL_MS = 1_000;

/**
 * Prometheus text. Served to the host itself (a loopback peer that no proxy forwarded: no X-Forwarded-For,
 * Forwarded or X-Real-IP), to Prometheus elsewhere with METRICS_TOKEN as its basic-auth password, and to a
 * staff token holding admin:read. Anyone else gets 403.
 */
systemRoutes.get('/metrics', async (c) => {
  if (!mayReadMetrics(c)) throw new ForbiddenError('Metrics are served to the host itself, to METRICS_TOKEN, or to staff');
  const registry = c.var.ctx.metrics.registry;
  return c.text(await registry.metrics(), 200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
});

function mayReadMetrics(c: Context<AppEnv>): boolean {
  if (metricsTokenMatches(c.var.ctx.config.metricsToken, c.req.header('authorization'))) return true;
  const viewer = c.var.viewer;
  if (viewer && viewer.role !== 'user' && hasScope(viewer.scopes, 'admin:read')) return true;
  if (c.req.header('x-forwarded-for') || c.req.header('forwarded') || c.req.header('x-real-ip')) return false;
  try {
    return isLoopback(getConnInfo(c).remote.address ?? '');
  } catch {
    return false;
  }
}

const TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

systemRoutes.get('/system/accounts/*', async (c) => {
  // Stored names are plain ASCII: a path that needs decoding names no file.
  const relative = c.req.path.slice('/system/'.length);
  if (!/^accounts\/(avatars|headers)\/[0-9]+\/[A-Za-z0-9_-]+\.(png|jpg)$/.test(relative)) throw new NotFoundError();
  const file = mediaFile(c.var.ctx, relative);
  if (!file) throw new NotFoundError();
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    throw new NotFoundError();
  }
  c.header('Content-Type', TYPES[relative.split('.').pop()!] ?? 'application/octet-stream');
  // File names are random and never reused: they can be cached for good.
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(new Uint8Array(data));
});

for (const kind of ['avatar', 'header'] as const) {
  systemRoutes.get(`/${kind}s/original/missing.png`, async (c) => {
    const images = await missingImages();
    c.header('Content-Type', 'image/png');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(new Uint8Array(images[kind]));
  });
}
