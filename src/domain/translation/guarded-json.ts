import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { type AddressPolicy, isAllowedAddress } from '../cards/address.js';
import { checkedLookup } from '../cards/fetch-page.js';

const MAX_BYTES = 2 * 1024 * 1024;

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface JsonRequest extends AddressPolicy {
  method: 'GET' | 'POST';
  body?: unknown;
  timeoutMs: number;
}

/**
 * One JSON request to a configured service through the link-card address guard (src/domain/cards/address.ts):
 * http(s) only, no redirects followed, every address checked and connected to as checked, one deadline, at most
 * 2 MB read. A non-2xx answer throws ServiceError with its status.
 */
export async function requestJson(url: string, opts: JsonRequest): Promise<unknown> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new ServiceError(`scheme ${target.protocol} refused`);
  const policy: AddressPolicy = { allowLoopback: opts.allowLoopback, allowPrivate: opts.allowPrivate };
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && !isAllowedAddress(host, policy)) throw new ServiceError(`address ${host} refused`);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new ServiceError('timed out')), opts.timeoutMs);
  try {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
        method: opts.method,
        agent: false,
        lookup: checkedLookup(policy),
        signal: abort.signal,
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      });
      req.on('response', resolve);
      req.on('error', reject);
      req.end(payload);
    });
    const text = await readLimited(res);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw new ServiceError(`status ${status}: ${text.slice(0, 200)}`, status);
    return JSON.parse(text) as unknown;
  } catch (err) {
    if (abort.signal.aborted) throw abort.signal.reason instanceof Error ? abort.signal.reason : new ServiceError('timed out');
    throw err instanceof ServiceError ? err : new ServiceError(err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(timer);
  }
}

async function readLimited(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BYTES) {
      res.destroy();
      throw new ServiceError('answer too large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
