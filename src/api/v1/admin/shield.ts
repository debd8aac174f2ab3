import { Hono } from 'hono';
import { z } from 'zod';
import { requireStaff } from '../../../middleware/auth.js';
import { serializeMode, serializeShield } from '../../entities/shield.js';
import type { AppEnv } from '../../env.js';
import { params } from '../../params.js';

// Tribune extension: the shield's admin API (docs/operations.md, "The shield").
export const adminShieldRoutes = new Hono<AppEnv>();

adminShieldRoutes.get('/api/v1/admin/tribune/shield', requireStaff('admin:read'), async (c) => {
  const { limit } = await params(c, z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }));
  return c.json(serializeShield(c.var.ctx.shield, limit));
});

adminShieldRoutes.post('/api/v1/admin/tribune/shield/attack', requireStaff('admin:write', 'admin'), async (c) => {
  const { mode } = await params(c, z.object({ mode: z.enum(['on', 'off', 'auto']) }));
  const shield = c.var.ctx.shield;
  await shield.setAttack(mode);
  c.var.ctx.logger.warn({ mode, by: c.var.viewer?.accountId }, 'under-attack mode set by an admin');
  return c.json(serializeShield(shield));
});

adminShieldRoutes.get('/api/v1/admin/tribune/maintenance', requireStaff('admin:read'), (c) => c.json(serializeMode(c.var.ctx.shield.mode)));

adminShieldRoutes.post('/api/v1/admin/tribune/maintenance', requireStaff('admin:write', 'admin'), async (c) => {
  const input = await params(
    c,
    z.object({
      mode: z.enum(['normal', 'maintenance', 'read-only']),
      message: z.string().max(1000).optional(),
      retry_after: z.coerce.number().int().min(1).max(86_400).optional(),
    }),
  );
  const state = await c.var.ctx.shield.setMode(input.mode, input.message, input.retry_after);
  return c.json(serializeMode(state));
});
