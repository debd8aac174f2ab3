import { Hono } from 'hono';
import { z } from 'zod';
import { createDomainBlock, deleteDomainBlock, updateDomainBlock } from '../../../domain/domain-blocks/domain-blocks.service.js';
import { findDomainBlock, listDomainBlocks } from '../../../domain/domain-blocks/domain-blocks.store.js';
import { NotFoundError } from '../../../errors.js';
import { requireStaff } from '../../../middleware/auth.js';
import { zDomain } from '../../domain-param.js';
import { serializeAdminDomainBlock } from '../../entities/domain-block.js';
import type { AppEnv } from '../../env.js';
import { pageSchema, setLinkHeader, toPage } from '../../pagination.js';
import { params, pathId, zBool } from '../../params.js';

// Servers blocked for everyone here: https://docs.joinmastodon.org/methods/admin/domain_blocks/
export const adminDomainBlocksRoutes = new Hono<AppEnv>();

const fields = {
  severity: z.enum(['suspend', 'silence', 'noop']).optional(),
  reject_media: zBool.optional(),
  reject_reports: zBool.optional(),
  obfuscate: zBool.optional(),
  private_comment: z.string().max(1000).nullable().optional(),
  public_comment: z.string().max(1000).nullable().optional(),
};
const createSchema = z.object({ domain: zDomain, ...fields });
const updateSchema = z.object(fields);

adminDomainBlocksRoutes.get('/api/v1/admin/domain_blocks', requireStaff('admin:read:domain_blocks', 'admin'), async (c) => {
  const rows = await listDomainBlocks(c.var.ctx.db, toPage(await params(c, pageSchema(100, 200))));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(rows.map(serializeAdminDomainBlock));
});

adminDomainBlocksRoutes.get('/api/v1/admin/domain_blocks/:id', requireStaff('admin:read:domain_blocks', 'admin'), async (c) => {
  const id = pathId(c);
  const row = await findDomainBlock(c.var.ctx.db, id);
  if (!row) throw new NotFoundError();
  return c.json(serializeAdminDomainBlock(row));
});

adminDomainBlocksRoutes.post('/api/v1/admin/domain_blocks', requireStaff('admin:write:domain_blocks', 'admin'), async (c) => {
  const { domain, ...input } = await params(c, createSchema);
  const row = await createDomainBlock(c.var.ctx, domain, input);
  c.var.ctx.logger.warn({ domain, severity: row.severity, by: c.var.viewer?.accountId }, 'domain blocked');
  return c.json(serializeAdminDomainBlock(row));
});

adminDomainBlocksRoutes.put('/api/v1/admin/domain_blocks/:id', requireStaff('admin:write:domain_blocks', 'admin'), async (c) => {
  const id = pathId(c);
  const row = await updateDomainBlock(c.var.ctx, id, await params(c, updateSchema));
  c.var.ctx.logger.warn({ domain: row.domain, severity: row.severity, by: c.var.viewer?.accountId }, 'domain block changed');
  return c.json(serializeAdminDomainBlock(row));
});

adminDomainBlocksRoutes.delete('/api/v1/admin/domain_blocks/:id', requireStaff('admin:write:domain_blocks', 'admin'), async (c) => {
  const id = pathId(c);
  await deleteDomainBlock(c.var.ctx, id);
  c.var.ctx.logger.warn({ id, by: c.var.viewer?.accountId }, 'domain block lifted');
  return c.json({});
});
