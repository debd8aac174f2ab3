import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type AddressPolicy, isAllowedAddress } from './address.js';

export const MAX_REDIRECTS = 3;
export const MAX_BYTES = 1024 * 1024;

export class PageFetchError extends Error {}

export interface FetchedPage {
  /** Where the page was found, after redirects. */
  url: string;
  html: string;
}

export interface FetchPageOptions extends AddressPolicy {
  timeoutMs: number;
  /** Names Tribune and the instance, so a site's owner knows who fetched the page. */
  userAgent: string;
}

/**
 * Fetches an HTML page chosen by a user without letting them reach this host or its networks: http(s) only, every
 * address (redirects included) checked, and the connection made to the address that was checked (no DNS
 * rebinding). One deadline covers redirects and the body; at most MAX_BYTES are read.
 */
export async function fetchPage(url: string, opts: FetchPageOptions): Promise<FetchedPage> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new PageFetchError('timed out')), opts.timeoutMs);
  try {
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      const res = await get(current, opts, abort.signal);
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
        res.destroy();
        if (hop >= MAX_REDIRECTS) throw new PageFetchError('too many redirects');
        current = new URL(location, current);
        continue;
      }
      if (res.statusCode !== 200) {
        res.destroy();
        throw new PageFetchError(`status ${res.statusCode}`);
      }
      const type = res.headers['content-type'] ?? '';
      if (!/^text\/html\b/i.test(type)) {
        res.destroy();
        throw new PageFetchError(`not HTML (${type.split(';')[0] || 'no content type'})`);
      }
      return { url: current.toString(), html: decode(await readLimited(res), type) };
    }
  } catch (err) {
    if (abort.signal.aborted) throw abort.signal.reason instanceof Error ? abort.signal.reason : new PageFetchError('timed out');
    throw err instanceof PageFetchError ? err : new PageFetchError(err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(timer);
  }
}

function get(url: URL, opts: FetchPageOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const policy: AddressPolicy = { allowLoopback: opts.allowLoopback };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new PageFetchError(`scheme ${url.protocol} refused`));
  if (url.username || url.password) return Promise.reject(new PageFetchError('credentials in URL refused'));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is never looked up, so Node would not call `lookup`: check it here.
  if (isIP(host) !== 0 && !isAllowedAddress(host, policy)) return Promise.reject(new PageFetchError(`address ${host} refused`));
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      agent: false,
      lookup: checkedLookup(policy),
      signal,
      headers: { 'user-agent': opts.userAgent, accept: 'text/html', 'accept-encoding': 'identity' },
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

/** dns.lookup that refuses when any address of the name is refused; the socket connects to what it returns. */
export function checkedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family, hints: options.hints }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => !isAllowedAddress(a.address, policy));
      if (bad || addresses.length === 0) return callback(new PageFetchError(`address ${bad?.address ?? '(none)'} of ${hostname} refused`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

async function readLimited(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    const room = MAX_BYTES - size;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.length, room);
    if (size >= MAX_BYTES) {
      // The head of a page is at its start: parse what was read.
      res.destroy();
      break;
    }
  }
  return Buffer.concat(chunks);
}

function decode(body: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
