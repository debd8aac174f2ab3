import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import { listArchives, openArchive, requestArchive } from '../../domain/account-data/archive.service.js';
import { IMPORT_MODES, IMPORT_TYPES } from '../../domain/account-data/csv-formats.js';
import { requestDeletion } from '../../domain/account-data/deletion.service.js';
import { createImport, getImport, listImports } from '../../domain/account-data/imports.service.js';
import { publicRoute, requireUser, viewerId } from '../../middleware/auth.js';
import { serializeArchive, serializeImport } from '../entities/account-data.js';
import type { AppEnv } from '../env.js';
import { params, pathId } from '../params.js';

// People's own data (Tribune extensions: Mastodon has these in its web settings, not in its client API):
// archives of one's account, imports of Mastodon's CSV files, deleting one's account.
export const tribuneDataRoutes = new Hono<AppEnv>();

/** Mastodon's import form takes files up to 20,000 rows; 4 MB is well past that for any of its layouts. */
const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

tribuneDataRoutes.get('/api/v1/tribune/archives', requireUser('read:accounts'), async (c) => {
  return c.json((await listArchives(c.var.ctx, viewerId(c))).map(serializeArchive));
});

tribuneDataRoutes.post('/api/v1/tribune/archives', requireUser('write:accounts'), async (c) => {
  return c.json(serializeArchive(await requestArchive(c.var.ctx, viewerId(c))));
});

const downloadSchema = z.object({
  expires: z.coerce.number({ error: 'is not a time' }).int(),
  sig: z.string().max(100),
});

// The link itself is the authorisation (signed for its owner, for an hour), so a browser can download it directly.
tribuneDataRoutes.get('/api/v1/tribune/archives/:id/download', publicRoute(), async (c) => {
  const p = await params(c, downloadSchema);
  const id = pathId(c);
  const file = await openArchive(c.var.ctx, id, p.expires, p.sig);
  return c.body(Readable.toWeb(file.body) as ReadableStream, 200, {
    'Content-Type': 'application/zip',
    'Content-Length': String(file.size),
    'Content-Disposition': `attachment; filename="archive-${id}.zip"`,
    'Cache-Control': 'private, no-store',
  });
});

const importSchema = z.object({
  type: z.enum(IMPORT_TYPES, { error: `must be one of ${IMPORT_TYPES.join(', ')}` }),
  mode: z.enum(IMPORT_MODES, { error: 'must be merge or overwrite' }).default('merge'),
  data: z.union([z.string(), z.instanceof(File)], { error: "can't be blank" }),
});

tribuneDataRoutes.post('/api/v1/tribune/imports', requireUser('write'), async (c) => {
  const p = await params(c, importSchema);
  if ((typeof p.data === 'string' ? Buffer.byteLength(p.data) : p.data.size) > MAX_IMPORT_BYTES)
    return c.json({ error: 'Validation failed: data is too large (maximum is 4 MB)' }, 422);
  const data = typeof p.data === 'string' ? p.data : await p.data.text();
  return c.json(serializeImport(await createImport(c.var.ctx, viewerId(c), { type: p.type, mode: p.mode, data })));
});

tribuneDataRoutes.get('/api/v1/tribune/imports', requireUser('read'), async (c) => {
  return c.json((await listImports(c.var.ctx, viewerId(c))).map(serializeImport));
});

tribuneDataRoutes.get('/api/v1/tribune/imports/:id', requireUser('read'), async (c) => {
  return c.json(serializeImport(await getImport(c.var.ctx, viewerId(c), pathId(c))));
});

const deleteSchema = z.object({ password: z.string({ error: "can't be blank" }).min(1, "can't be blank").max(1024) });

tribuneDataRoutes.post('/api/v1/tribune/account/delete', requireUser('write:accounts'), async (c) => {
  const p = await params(c, deleteSchema);
  const pending = await requestDeletion(c.var.ctx, viewerId(c), p.password);
  return c.json({ requested_at: pending.requestedAt, purge_after: pending.purgeAfter });
});
