import { Hono } from 'hono';
import { z } from 'zod';
import { registerApp, tokenApp } from '../../domain/auth/apps.service.js';
import { publicRoute, requireToken } from '../../middleware/auth.js';
import { vapidPublicKey } from '../../web/push/push.service.js';
import { serializeApplication } from '../entities/application.js';
import type { AppEnv } from '../env.js';
import { params } from '../params.js';

export const appsRoutes = new Hono<AppEnv>();

const createSchema = z.object({
  client_name: z.string({ error: "can't be blank" }).min(1, "can't be blank").max(200),
  redirect_uris: z.union([z.string(), z.array(z.string())], { error: "can't be blank" }),
  scopes: z.string().optional(),
  website: z.string().max(2000).optional(),
});

appsRoutes.post('/api/v1/apps', publicRoute(), async (c) => {
  const p = await params(c, createSchema);
  const uris = Array.isArray(p.redirect_uris) ? p.redirect_uris : [p.redirect_uris];
  const { app, clientSecret } = await registerApp(c.var.ctx, { name: p.client_name, redirectUris: uris, scopes: p.scopes, website: p.website });
  return c.json(serializeApplication(app, clientSecret, vapidPublicKey(c.var.ctx) ?? ''));
});

// Any valid token of the app will do, whatever its scopes, as in Mastodon.
appsRoutes.get('/api/v1/apps/verify_credentials', requireToken([]), async (c) => {
  const app = await tokenApp(c.var.ctx, c.var.viewer!.appId);
  return c.json(serializeApplication(app, undefined, vapidPublicKey(c.var.ctx) ?? ''));
});
