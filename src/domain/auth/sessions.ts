import { createHmac, timingSafeEqual } from 'node:crypto';
import { nowIso } from '../time.js';
import type { AuthDeps } from './apps.service.js';
import { deleteExpiredSessions, findSessionAccount, insertSession, revokeSession } from './oauth.store.js';
import { hashToken, randomToken } from './secrets.js';

// The sign-in pages remember a person with a cookie; the cookie carries a random token, the database its hash.
export const SESSION_COOKIE = 'tribune_session';
export const CSRF_COOKIE = 'tribune_csrf';
export const SESSION_DAYS = 30;

export async function createSession(ctx: AuthDeps, accountId: string, meta: { userAgent?: string; ip?: string }): Promise<string> {
  const token = randomToken();
  const now = Date.now();
  await insertSession(ctx.db, {
    id: ctx.ids.next(),
    token_hash: hashToken(token),
    account_id: accountId,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip ?? null,
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + SESSION_DAYS * 86_400_000).toISOString(),
  });
  await deleteExpiredSessions(ctx.db, new Date(now).toISOString());
  return token;
}

export async function sessionAccount(ctx: AuthDeps, token: string | undefined): Promise<string | null> {
  if (!token) return null;
  return (await findSessionAccount(ctx.db, hashToken(token), nowIso())) ?? null;
}

export async function endSession(ctx: AuthDeps, token: string): Promise<void> {
  await revokeSession(ctx.db, hashToken(token), nowIso());
}

/** Double-submit CSRF: the form carries an HMAC of the random value in the CSRF cookie. */
export function csrfTokenFor(ctx: AuthDeps, nonce: string): string {
  return createHmac('sha256', ctx.config.secretKey).update(`csrf:${nonce}`).digest('base64url');
}

export function csrfValid(ctx: AuthDeps, nonce: string | undefined, token: unknown): boolean {
  if (!nonce || typeof token !== 'string') return false;
  const a = Buffer.from(csrfTokenFor(ctx, nonce));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newCsrfNonce(): string {
  return randomToken(16);
}
