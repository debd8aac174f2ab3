import { Hono } from 'hono';
import { z } from 'zod';
import { translateStatus, translationLanguages } from '../../domain/translation/translation.service.js';
import { publicRoute, requireUser, viewerId } from '../../middleware/auth.js';
import { serializeTranslation } from '../entities/translation.js';
import type { AppEnv } from '../env.js';
import { params, pathId } from '../params.js';

// https://docs.joinmastodon.org/methods/statuses/#translate and
// https://docs.joinmastodon.org/methods/instance/#translation_languages : through the operator's
// LibreTranslate-compatible service (TRANSLATION_URL); without one, no languages and every translation is a 404.
export const translationRoutes = new Hono<AppEnv>();

translationRoutes.post('/api/v1/statuses/:id/translate', requireUser('read:statuses'), async (c) => {
  const p = await params(c, z.object({ lang: z.string().min(2).max(16).optional() }));
  return c.json(serializeTranslation(await translateStatus(c.var.ctx, viewerId(c), pathId(c), p.lang)));
});

translationRoutes.get('/api/v1/instance/translation_languages', publicRoute(), async (c) => c.json(await translationLanguages(c.var.ctx)));
