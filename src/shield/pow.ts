import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Proof-of-work challenge and clearance tokens, both HMAC-signed with a key derived from SECRET_KEY.
// A challenge: the browser finds a counter such that SHA-256(seed + counter) starts with `difficulty` zero bits.
// A clearance: proof that a browser on this /24 (or /64) solved one, valid for a short while.

export interface ChallengeClaims {
  network: string;
  seed: string;
  difficulty: number;
  expiresAt: number;
}

export interface ClearanceClaims {
  network: string;
  id: string;
  expiresAt: number;
}

export type ClearanceRefusal = 'malformed' | 'signature' | 'expired' | 'network' | 'replayed' | 'work';

export function deriveKey(secretKey: string): Buffer {
  return createHmac('sha256', secretKey).update('tribune shield v1').digest();
}

function sign(key: Buffer, kind: string, payload: string): string {
  return createHmac('sha256', key).update(`${kind}.${payload}`).digest('base64url');
}

function seal(key: Buffer, kind: string, fields: Array<string | number>): string {
  const payload = Buffer.from(fields.join('|')).toString('base64url');
  return `${payload}.${sign(key, kind, payload)}`;
}

function open(key: Buffer, kind: string, token: string): string[] | 'malformed' | 'signature' {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 512) return 'malformed';
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(sign(key, kind, payload), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature';
  return Buffer.from(payload, 'base64url').toString().split('|');
}

export function issueChallenge(
  key: Buffer,
  network: string,
  difficulty: number,
  ttlSeconds: number,
  now = Date.now(),
): { token: string; claims: ChallengeClaims } {
  const claims = { network, seed: randomBytes(12).toString('base64url'), difficulty, expiresAt: now + ttlSeconds * 1000 };
  return { token: seal(key, 'challenge', [claims.network, claims.seed, claims.difficulty, claims.expiresAt]), claims };
}

/** Leading zero bits of SHA-256(seed + counter) >= difficulty. One hash: the server's whole cost. */
export function checkWork(seed: string, counter: string, difficulty: number): boolean {
  if (!/^\d{1,15}$/.test(counter)) return false;
  const h = createHash('sha256')
    .update(seed + counter)
    .digest();
  let bits = difficulty;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const byte = h[i]!;
    if (bits >= 8 ? byte !== 0 : byte >> (8 - bits) !== 0) return false;
  }
  return true;
}

/**
 * Verifies a solved challenge. `seen` remembers spent seeds until their expiry so each challenge buys
 * one clearance only; it answers true when the seed was new (and records it).
 */
export function verifyChallenge(
  key: Buffer,
  token: string,
  counter: string,
  network: string,
  firstUse: (seed: string, expiresAt: number) => boolean,
  now = Date.now(),
): ChallengeClaims | ClearanceRefusal {
  const f = open(key, 'challenge', token);
  if (typeof f === 'string') return f;
  if (f.length !== 4) return 'malformed';
  const claims = { network: f[0]!, seed: f[1]!, difficulty: Number(f[2]), expiresAt: Number(f[3]) };
  if (!(claims.expiresAt > now)) return 'expired';
  if (claims.network !== network) return 'network';
  if (!checkWork(claims.seed, counter, claims.difficulty)) return 'work';
  if (!firstUse(claims.seed, claims.expiresAt)) return 'replayed';
  return claims;
}

export function issueClearance(key: Buffer, network: string, ttlSeconds: number, now = Date.now()): { token: string; claims: ClearanceClaims } {
  const claims = { network, id: randomBytes(9).toString('base64url'), expiresAt: now + ttlSeconds * 1000 };
  return { token: seal(key, 'clearance', [claims.network, claims.id, claims.expiresAt]), claims };
}

export function verifyClearance(key: Buffer, token: string, network: string, now = Date.now()): ClearanceClaims | ClearanceRefusal {
  const f = open(key, 'clearance', token);
  if (typeof f === 'string') return f;
  if (f.length !== 3) return 'malformed';
  const claims = { network: f[0]!, id: f[1]!, expiresAt: Number(f[2]) };
  if (!(claims.expiresAt > now)) return 'expired';
  if (claims.network !== network) return 'network';
  return claims;
}

/** Remembers spent challenge seeds until they expire anyway (bounded: the oldest go first). */
export function createSpentSeeds(max = 200_000): { firstUse(seed: string, expiresAt: number): boolean; readonly size: number } {
  const spent = new Map<string, number>();
  return {
    firstUse(seed, expiresAt) {
      const now = Date.now();
      if (spent.has(seed)) return false;
      spent.set(seed, expiresAt);
      if (spent.size > max || spent.size % 1024 === 0) {
        for (const [s, exp] of spent) {
          if (exp <= now || spent.size > max) spent.delete(s);
          else break;
        }
      }
      return true;
    },
    get size() {
      return spent.size;
    },
  };
}
