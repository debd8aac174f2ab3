import { requestJson, ServiceError } from '../domain/translation/guarded-json.js';

const TIMEOUT_MS = 10_000;

/**
 * The actor URL WebFinger gives for `username@domain` (RFC 7033: https). With ALLOW_PRIVATE_ADDRESS (tests,
 * servers on loopback without TLS) plain http is tried when https does not answer; Fedify's own lookup only
 * speaks https, hence this one. Every address passes the SSRF guard, checked at connection.
 */
export async function webfingerActorUrl(username: string, domain: string, allowPrivate: boolean): Promise<string | null> {
  const resource = `acct:${username}@${domain}`;
  for (const scheme of allowPrivate ? ['https', 'http'] : ['https']) {
    const url = new URL(`${scheme}://${domain}/.well-known/webfinger`);
    url.searchParams.set('resource', resource);
    let body: { links?: Array<{ rel?: string; type?: string; href?: string }> } | null;
    try {
      // The guarded request of configured services: every address checked and connected to as checked.
      body = (await requestJson(url.href, { method: 'GET', timeoutMs: TIMEOUT_MS, allowPrivate, allowLoopback: allowPrivate })) as typeof body;
    } catch (err) {
      // A server that answers (404, 410...) has no such account; one that does not answer may speak only http.
      if (err instanceof ServiceError && err.status !== undefined) return null;
      continue;
    }
    const self = body?.links?.find((l) => l.rel === 'self' && /^application\/(activity\+json|ld\+json)/.test(l.type ?? '') && l.href);
    return self?.href ?? null;
  }
  return null;
}
