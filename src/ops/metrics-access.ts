import { timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries METRICS_TOKEN as a basic-auth password (any user name): Prometheus'
 * `basic_auth`. Basic, not Bearer: a bearer token is read as an OAuth token by the authentication middleware.
 */
export function metricsTokenMatches(token: string | undefined, header: string | undefined): boolean {
  if (!token || !header) return false;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const password = Buffer.from(decoded.slice(decoded.indexOf(':') + 1));
  const expected = Buffer.from(token);
  return decoded.includes(':') && password.length === expected.length && timingSafeEqual(password, expected);
}
