import type { Infra } from '../../infra/infra.js';
import { type ChangeDeps, changed } from '../../infra/versions.js';
import type { SignInShieldDeps } from '../../shield/sign-in.js';
import { checkSignInAllowed, recordSignInFailure, recordSignInSuccess } from '../../shield/sign-in.js';
import { cancelDeletion } from '../account-data/deletion.service.js';
import { hashPassword, verifyPassword } from '../accounts/passwords.js';
import { nowIso } from '../time.js';
import { findUserForSignIn, recordFailedSignIn, recordSignIn } from './sign-in.store.js';

export type SignInDeps = Pick<Infra, 'db' | 'config'> & SignInShieldDeps & ChangeDeps;

export const GENERIC_SIGN_IN_ERROR = 'Invalid username or password';

export type SignInResult =
  | { ok: true; accountId: string }
  | { ok: false; reason: 'invalid' | 'pending' | 'disabled' | 'suspended' | 'throttled'; message: string; accountId?: string };

let dummyHash: Promise<string> | null = null;

/**
 * Checks a username-or-email and password. A wrong password and an unknown login give the same message and
 * take about the same time; failures are counted on the user row (see signInFailures). `address` is the client's,
 * for the shield's per-address count.
 */
export async function signIn(ctx: SignInDeps, login: string, password: string, address?: string): Promise<SignInResult> {
  // The shield refuses a login after repeated failures from one address, or from all together (src/shield/sign-in.ts).
  const shieldGate = await checkSignInAllowed(ctx, login, address);
  if (!shieldGate.allowed)
    return {
      ok: false,
      reason: 'throttled',
      message: `Too many failed sign-ins for this account. Try again in ${Math.ceil(shieldGate.retryAfterSeconds / 60)} minute(s).`,
    };
  const user = login.trim() ? await findUserForSignIn(ctx.db, login.trim()) : undefined;
  if (!user) {
    dummyHash ??= hashPassword('not a real password', ctx.config.passwordCost);
    await verifyPassword(await dummyHash, password);
    await recordSignInFailure(ctx, login, address); // shield
    return { ok: false, reason: 'invalid', message: GENERIC_SIGN_IN_ERROR };
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    await recordFailedSignIn(ctx.db, user.account_id, nowIso());
    await recordSignInFailure(ctx, login, address); // shield
    return { ok: false, reason: 'invalid', message: GENERIC_SIGN_IN_ERROR, accountId: user.account_id };
  }
  // Signing in during the grace period of one's own deletion cancels it (and lifts the suspension it made).
  if (user.suspended_at && (await cancelDeletion(ctx, user.account_id))) {
    const after = await findUserForSignIn(ctx.db, login.trim());
    user.suspended_at = after?.suspended_at ?? null;
    await changed(ctx, { accounts: [user.account_id] });
  }
  // Only someone who knows the password learns why the account cannot sign in.
  if (user.suspended_at) return { ok: false, reason: 'suspended', message: 'Your account has been suspended.', accountId: user.account_id };
  if (user.disabled === 1) return { ok: false, reason: 'disabled', message: 'Your login is currently disabled.', accountId: user.account_id };
  if (user.approved === 0) return { ok: false, reason: 'pending', message: 'Your account is pending review by a moderator.', accountId: user.account_id };
  await recordSignIn(ctx.db, user.account_id, nowIso());
  await recordSignInSuccess(ctx, login, address); // shield
  return { ok: true, accountId: user.account_id };
}

/** For the shield: how many sign-ins failed in a row for this login, and when the last one was (null if unknown login). */
export async function signInFailures(ctx: SignInDeps, login: string): Promise<{ count: number; lastFailedAt: string | null } | null> {
  const user = await findUserForSignIn(ctx.db, login.trim());
  return user ? { count: user.failed_sign_ins, lastFailedAt: user.last_failed_sign_in_at } : null;
}
