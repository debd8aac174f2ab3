import { assertFetchable } from './address-guard.js';

const TIMEOUT_MS = 10_000;

/**
 * The actor URL WebFinger gives for `username@domain` (RFC 7033: https). With ALLOW_PRIVATE_ADDRESS (tests,
 * servers on loopback without TLS) plain http is tried when https does not answer; Fedify's own lookup only
 * speaks https, hence this one. Every address passes the SSRF guard.
 */
export async function webfingerActorUrl(username: string, domain: string, allowPrivate: boolean): Promise<string | null> {
  const resource = `acct:${username}@${domain}`;
  for (const scheme of allowPrivate ? ['https', 'http'] : ['https']) {
    const url = new URL(`${scheme}://${domain}/.well-known/webfinger`);
    url.searchParams.set('resource', resource);
    await assertFetchable(url, allowPrivate);
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'application/jrd+json' }, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch {
      continue;
    }
    if (!res.ok) return null;
    const body = (await res.json().catch(() => null)) as { links?: Array<{ rel?: string; type?: string; href?: string }> } | null;
    const self = body?.links?.find((l) => l.rel === 'self' && /^application\/(activity\+json|ld\+json)/.test(l.type ?? '') && l.href);
    return self?.href ?? null;
  }
  return null;
}
