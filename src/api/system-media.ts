import { Readable, Transform } from 'node:stream';
import { Hono } from 'hono';
import { NotFoundError } from '../errors.js';
import { isMediaKey } from '../media/storage/storage.js';
import type { AppEnv } from './env.js';

// Uploaded media served from media storage (local files, or a bucket without MEDIA_PUBLIC_URL). A key names its
// content, so a file is cacheable for good; Range requests let a player seek in a video.
export const systemMediaRoutes = new Hono<AppEnv>();

/** Bytes `start`..`end` (inclusive) of a stream, for a backend that can only stream a file from its beginning. */
function slice(start: number, end: number): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const from = Math.max(0, start - offset);
      const to = Math.min(chunk.length, end + 1 - offset);
      offset += chunk.length;
      if (to > from) this.push(chunk.subarray(from, to));
      if (offset > end) this.push(null);
      done();
    },
  });
}

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
  const file = await c.var.ctx.mediaStorage.stream(key);
  if (!file) throw new NotFoundError();
  const headers: Record<string, string> = { ...common, 'Content-Type': file.contentType };
  const range = parseRange(c.req.header('range'), file.size);
  if (range === 'unsatisfiable') {
    file.body.destroy();
    return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${file.size}` });
  }
  if (range) {
    const part = file.body.pipe(slice(range.start, range.end));
    part.on('close', () => file.body.destroy());
    headers['Content-Range'] = `bytes ${range.start}-${range.end}/${file.size}`;
    headers['Content-Length'] = String(range.end - range.start + 1);
    return c.body(Readable.toWeb(part) as ReadableStream, 206, headers);
  }
  headers['Content-Length'] = String(file.size);
  return c.body(Readable.toWeb(file.body) as ReadableStream, 200, headers);
});
