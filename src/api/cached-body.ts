import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import Negotiator from 'negotiator';
import { COMPRESS_THRESHOLD } from '../http-compression.js';
import type { AppEnv } from './env.js';

const utf8 = new TextEncoder();

/** Whether an Accept-Encoding header takes gzip (negotiated as the compression middleware does). */
export function acceptsGzip(header: string | undefined): boolean {
  return !!header && new Negotiator({ headers: { 'accept-encoding': header } }).encoding(['gzip', 'identity']) === 'gzip';
}

/**
 * A JSON response body served many times (the instance documents, cached home pages): encoded once, and gzipped once
 * (at the best level, on first demand) instead of on every response.
 */
export class CachedBody {
  readonly bytes: Uint8Array<ArrayBuffer>;
  private gzipped?: Uint8Array<ArrayBuffer>;

  constructor(json: string) {
    this.bytes = utf8.encode(json);
  }

  get byteLength(): number {
    return this.bytes.byteLength + (this.gzipped?.byteLength ?? 0);
  }

  gzip(): Uint8Array<ArrayBuffer> {
    this.gzipped ??= new Uint8Array(gzipSync(this.bytes, { level: 6 }));
    return this.gzipped;
  }
}

/** Answers with a cached JSON body, compressed when the client accepts gzip. */
export function sendCachedJson(c: Context<AppEnv>, body: CachedBody): Response {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Vary: 'Accept-Encoding' };
  if (body.bytes.byteLength >= COMPRESS_THRESHOLD && acceptsGzip(c.req.header('Accept-Encoding'))) {
    headers['Content-Encoding'] = 'gzip';
    return c.body(body.gzip(), 200, headers);
  }
  return c.body(body.bytes, 200, headers);
}
