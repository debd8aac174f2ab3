import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { mediaFile } from '../domain/accounts/media-paths.js';
import { missingImages } from '../domain/accounts/profile-images.js';
import { NotFoundError } from '../errors.js';
import type { AppEnv } from './env.js';

// Profile images (stored under DATA_DIR/media/accounts) and the default avatar and header.
export const systemRoutes = new Hono<AppEnv>();

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
