import { createHash, randomBytes } from 'node:crypto';

/** A random token for a client: 256 bits, URL-safe. Only its hash is stored. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
