import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { NotFoundError } from '../errors.js';
import { isMediaKey } from '../media/storage/storage.js';
import type { AppEnv } from './env.js';

// Uploaded media served from media storage (local files, or a bucket without MEDIA_PUBLIC_URL). A key names its
// content, so a file is cacheable for good; Range requests let a player seek in a video.
export const systemMediaRoutes = new Hono<AppEnv>();

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` against a size: the inclusive range, 'unsatisfiable', or null to send it all. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

systemMediaRoutes.get('/system/media/*', async (c) => {
  const key = c.req.path.slice('/system/media/'.length);
  // Raw uploads waiting for their job are never served.
  if (!isMediaKey(key) || key.startsWith('incoming/')) throw new NotFoundError();
  const etag = `"${key.slice(key.lastIndexOf('/') + 1, key.lastIndexOf('.'))}"`;
  const common = {
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
    'Accept-Ranges': 'bytes',
    ETag: etag,
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, common);
  const storage = c.var.ctx.mediaStorage;
  const header = c.req.header('range');
  if (header) {
    // A seek: the file's size first, then only the bytes asked for are read from storage.
    const found = await storage.stat(key);
    if (!found) throw new NotFoundError();
    const range = parseRange(header, found.size);
    if (range === 'unsatisfiable') return c.body(null, 416, { ...common, 'Content-Type': found.contentType, 'Content-Range': `bytes */${found.size}` });
    if (range) {
      const part = await storage.stream(key, range);
      if (!part) throw new NotFoundError();
      return c.body(Readable.toWeb(part.body) as ReadableStream, 206, {
        ...common,
        'Content-Type': part.contentType,
        'Content-Range': `bytes ${range.start}-${range.end}/${found.size}`,
        'Content-Length': String(range.end - range.start + 1),
      });
    }
  }
  const file = await storage.stream(key);
  if (!file) throw new NotFoundError();
  return c.body(Readable.toWeb(file.body) as ReadableStream, 200, { ...common, 'Content-Type': file.contentType, 'Content-Length': String(file.size) });
});
