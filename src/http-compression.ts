import { createServer, type IncomingMessage, type RequestListener, type ServerOptions, type ServerResponse } from 'node:http';
import compression from 'compression';

/** Below this, gzip's header and the CPU cost more than the bytes saved. */
export const COMPRESS_THRESHOLD = 1024;

// Text answers (JSON, HTML, scripts) are compressed for clients that accept it, as a reverse proxy in front would:
// Tribune is served without one. Brotli (quality 4, the package's default) when accepted, as browsers do, else gzip
// at level 1, nginx's default: most of the saving for little CPU. Answers already encoded (cached pages, stored
// gzipped) and server-sent event streams pass unchanged.
const compress = compression({
  threshold: COMPRESS_THRESHOLD,
  level: 1,
  filter: (req, res) => !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') && compression.filter(req, res),
});

/** node:http's createServer (as @hono/node-server calls it), with response compression before the request listener. */
export const compressingServer = ((options: ServerOptions, listener: RequestListener) =>
  createServer(options, (req: IncomingMessage, res: ServerResponse) => {
    compress(req as never, res as never, () => listener(req, res));
  })) as unknown as typeof createServer;
