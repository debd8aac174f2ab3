import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError, ValidationError } from '../../../errors.js';
import { deleteHashList, importHashList, listHashLists } from '../../../media/hash-lists/hash-lists.service.js';
import { requireStaff } from '../../../middleware/auth.js';
import type { AppEnv } from '../../env.js';
import { params, zBool } from '../../params.js';

// Tribune extension: the hash lists uploads are matched against (docs/api.md; `tribune hashes` does the same).
export const adminHashListsRoutes = new Hono<AppEnv>();

const importSchema = z.object({
  source: z.string().min(1).max(64),
  // The list as text, or as a file in a multipart body.
  text: z.string().optional(),
  file: z.instanceof(File).optional(),
  skip_bad_lines: zBool.default(false),
});

adminHashListsRoutes.get('/api/v1/admin/tribune/hash_lists', requireStaff('admin:read'), async (c) => {
  const lists = await listHashLists(c.var.ctx.db);
  return c.json(lists.map((l) => ({ source: l.source, total: l.total, ...l.counts, last_added_at: l.lastAddedAt })));
});

adminHashListsRoutes.post('/api/v1/admin/tribune/hash_lists', requireStaff('admin:write', 'admin'), async (c) => {
  const p = await params(c, importSchema);
  const text = p.file ? await p.file.text() : p.text;
  if (text === undefined) throw new ValidationError('Validation failed: send the list as `text` or as a `file`', 'file');
  const r = await importHashList(c.var.ctx, { source: p.source, text, skipBadLines: p.skip_bad_lines });
  const body = { source: r.source, added: r.added, duplicates: r.duplicates, refused: r.refused, bad_lines: r.badLines.slice(0, 100) };
  if (!r.imported)
    throw new ApiError(422, `Nothing imported: ${r.refused} bad line${r.refused === 1 ? '' : 's'} (send skip_bad_lines=true to load the rest)`, body);
  c.var.ctx.logger.warn({ source: r.source, added: r.added, by: c.var.viewer?.accountId }, 'hash list imported');
  return c.json(body);
});

adminHashListsRoutes.delete('/api/v1/admin/tribune/hash_lists/:source', requireStaff('admin:write', 'admin'), async (c) => {
  const source = c.req.param('source');
  const removed = await deleteHashList(c.var.ctx, source);
  c.var.ctx.logger.warn({ source, removed, by: c.var.viewer?.accountId }, 'hash list deleted');
  return c.json({ source, removed });
});
