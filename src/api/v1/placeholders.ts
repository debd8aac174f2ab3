import { Hono } from 'hono';
import { z } from 'zod';
import { readMarkers, saveMarkers } from '../../domain/accounts/markers.service.js';
import { postingDefaults } from '../../domain/accounts/profile.service.js';
import { optionalUser, requireUser, viewerId } from '../../middleware/auth.js';
import type { AppEnv } from '../env.js';
import { params, zId, zList } from '../params.js';

// What mainstream clients (Elk, Phanpy, Tusky, Ivory) call at start-up and Tribune does not offer yet (the
// directory), answered as Mastodon answers with nothing configured, beside two that
// do real work (preferences from the person's settings, markers). This module is mounted last: a real
// implementation of any of these paths in another module takes precedence.
export const placeholderRoutes = new Hono<AppEnv>();

placeholderRoutes.get('/api/v1/directory', optionalUser('read:accounts'), (c) => c.json([]));

placeholderRoutes.get('/api/v1/preferences', requireUser('read:accounts'), async (c) => {
  const d = await postingDefaults(c.var.ctx, viewerId(c));
  return c.json({
    'posting:default:visibility': d.privacy,
    'posting:default:sensitive': d.sensitive,
    'posting:default:language': d.language,
    'posting:default:quote_policy': 'public',
    'reading:expand:media': 'default',
    'reading:expand:spoilers': false,
    'reading:autoplay:gifs': false,
  });
});

function serializeMarkers(rows: Array<{ timeline: string; last_read_id: string; version: number; updated_at: string }>) {
  return Object.fromEntries(rows.map((r) => [r.timeline, { last_read_id: r.last_read_id, version: r.version, updated_at: r.updated_at }]));
}

placeholderRoutes.get('/api/v1/markers', requireUser('read:statuses'), async (c) => {
  const p = await params(c, z.object({ timeline: zList(z.string()).default([]) }));
  return c.json(serializeMarkers(await readMarkers(c.var.ctx, viewerId(c), p.timeline)));
});

const markerSchema = z.object({ last_read_id: zId }).optional();

placeholderRoutes.post('/api/v1/markers', requireUser('write:statuses'), async (c) => {
  const p = await params(c, z.object({ home: markerSchema, notifications: markerSchema }));
  const rows = await saveMarkers(c.var.ctx, viewerId(c), { home: p.home?.last_read_id, notifications: p.notifications?.last_read_id });
  return c.json(serializeMarkers(rows));
});
