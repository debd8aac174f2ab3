import { Hono } from 'hono';
import { z } from 'zod';
import { changePassword } from '../../domain/auth/password-change.service.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import type { AppEnv } from '../env.js';
import { params } from '../params.js';

// Tribune extensions about the signed-in account that Mastodon's API does not have.
export const tribuneAccountRoutes = new Hono<AppEnv>();

const passwordSchema = z.object({
  current_password: z.string({ error: "can't be blank" }).min(1, "can't be blank").max(1024),
  new_password: z.string({ error: "can't be blank" }).min(1, "can't be blank").max(1024),
});

tribuneAccountRoutes.post('/api/v1/tribune/account/password', requireUser('write:accounts'), async (c) => {
  const accountId = viewerId(c);
  const p = await params(c, passwordSchema);
  await changePassword(c.var.ctx, { accountId, tokenId: c.var.viewer!.tokenId }, { currentPassword: p.current_password, newPassword: p.new_password });
  return c.json({});
});
