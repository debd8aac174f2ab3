import { ForbiddenError } from '../../errors.js';
import { FreshCache } from '../../infra/fresh-cache.js';
import type { Infra } from '../../infra/infra.js';
import { LruMap } from '../../infra/memo.js';
import type { Versions } from '../../infra/versions.js';
import { nowIso } from '../time.js';
import { parseScopes } from './scopes.js';
import { hashToken, randomToken } from './secrets.js';
import { findActiveTokenByHash, insertToken, type TokenRow } from './tokens.store.js';

/** What resolving an access token uses: the database and this process's token cache. */
export type TokenDeps = Pick<Infra, 'db'> & { tokenCache: TokenCache };

/** Who is making a request: the account (if any) behind a valid access token, and what it may do. */
export interface Viewer {
  accountId: string | null;
  appId: string | null;
  tokenId: string;
  scopes: Set<string>;
  role: 'user' | 'moderator' | 'admin';
}

export async function issueToken(
  ctx: Pick<Infra, 'db' | 'ids'>,
  appId: string | null,
  accountId: string | null,
  scopes: string,
): Promise<{ token: string; createdAt: string }> {
  const token = randomToken();
  const createdAt = nowIso();
  await insertToken(ctx.db, { id: ctx.ids.next(), tokenHash: hashToken(token), appId, accountId, scopes, createdAt });
  return { token, createdAt };
}

// Every authenticated request resolves its token: rows that work are kept per process while neither the token
// (revoked) nor its account (suspended, disabled, role) has changed, as src/infra/versions.ts tells; ten seconds at most.
// Unknown hashes are remembered for a minute too: a flood of made-up tokens costs one query each, once.
export interface TokenCache {
  rows: FreshCache<TokenRow>;
  /** Hashes no token has, and when that was read. */
  unknown: LruMap<string, number>;
}
const UNKNOWN_TTL_MS = 60_000;

export function createTokenCache(versions: Versions): TokenCache {
  return { rows: new FreshCache<TokenRow>(versions, { maxAgeMs: 10_000, budget: 10_000 }), unknown: new LruMap(10_000) };
}

/** A token's account that cannot act: waiting for approval, disabled or suspended. */
const accountRefused = (row: TokenRow) => !!row.account_id && (row.disabled === 1 || row.approved === 0 || !!row.suspended_at);

async function activeToken(ctx: TokenDeps, tokenHash: string): Promise<TokenRow | undefined> {
  const cache = ctx.tokenCache;
  const hit = cache.rows.get(tokenHash);
  if (hit) return hit;
  const missedAt = cache.unknown.get(tokenHash);
  if (missedAt !== undefined && Date.now() - missedAt < UNKNOWN_TTL_MS) return undefined;
  const stamp = cache.rows.stamp();
  const row = await findActiveTokenByHash(ctx.db, tokenHash);
  // A refused token is read again each time: it works as soon as its row says so. An unknown hash can only
  // become known by being issued, and a new token's hash has never been asked for.
  if (row && !accountRefused(row)) cache.rows.set(tokenHash, row, stamp, { tokens: [row.id], accounts: row.account_id ? [row.account_id] : [] });
  if (!row) cache.unknown.set(tokenHash, Date.now());
  return row;
}

/**
 * A bearer token's viewer; a ForbiddenError when the token is known but its account cannot act, as Mastodon
 * answers it (403: awaiting approval, disabled or suspended); null when it is unknown or revoked.
 * allowSuspended: a suspended person may still read their moderation history and appeal (moderation area).
 */
export async function authenticateToken(ctx: TokenDeps, token: string, opts: { allowSuspended?: boolean } = {}): Promise<Viewer | ForbiddenError | null> {
  const row = await activeToken(ctx, hashToken(token));
  if (!row) return null;
  if (row.account_id) {
    if (row.approved === 0) return new ForbiddenError('Your login is currently pending approval');
    if (row.disabled === 1 || (row.suspended_at && !opts.allowSuspended)) return new ForbiddenError('Your login is currently disabled');
  }
  return {
    accountId: row.account_id,
    appId: row.app_id,
    tokenId: row.id,
    scopes: parseScopes(row.scopes),
    role: (row.role ?? 'user') as Viewer['role'],
  };
}

/** Resolves a bearer token; null when it is unknown, revoked, or its account cannot act (suspended, disabled, unapproved). */
export async function resolveToken(ctx: TokenDeps, token: string, opts: { allowSuspended?: boolean } = {}): Promise<Viewer | null> {
  const result = await authenticateToken(ctx, token, opts);
  return result instanceof ForbiddenError ? null : result;
}
