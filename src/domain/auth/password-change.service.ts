import { inTransaction } from '../../db/transaction.js';
import { ValidationError } from '../../errors.js';
import { changed } from '../../infra/versions.js';
import { hashPassword, verifyPassword } from '../accounts/passwords.js';
import { nowIso } from '../time.js';
import type { AuthDeps } from './apps.service.js';
import { findPasswordHash, revokeOtherTokens, revokeWebSessions, updatePasswordHash } from './password-change.store.js';

/**
 * Tribune extension (Mastodon's API has no password change): checks the current password, stores the
 * new one's argon2id hash, and signs out everywhere else: every other token and every sign-in page
 * session of the account are revoked, the token making the change is kept.
 */
export async function changePassword(
  ctx: AuthDeps,
  viewer: { accountId: string; tokenId: string },
  input: { currentPassword: string; newPassword: string },
): Promise<{ revokedTokens: number }> {
  const next = input.newPassword;
  if (next.length < 8) throw new ValidationError('Validation failed: new_password is too short (minimum is 8 characters)', 'new_password');
  if (next.length > 256) throw new ValidationError('Validation failed: new_password is too long (maximum is 256 characters)', 'new_password');
  const stored = await findPasswordHash(ctx.db, viewer.accountId);
  if (!stored || !(await verifyPassword(stored, input.currentPassword))) {
    throw new ValidationError('Validation failed: current_password is invalid', 'current_password');
  }
  // Hash outside the transaction: argon2 is slow on purpose and must not hold a write lock.
  const passwordHash = await hashPassword(next, ctx.config.passwordCost);
  const at = nowIso();
  const result = await inTransaction(ctx.db, async (trx) => {
    await updatePasswordHash(trx, viewer.accountId, passwordHash);
    const revokedTokens = await revokeOtherTokens(trx, viewer.accountId, viewer.tokenId, at);
    await revokeWebSessions(trx, viewer.accountId, at);
    return { revokedTokens };
  });
  // The other tokens of the account are re-read (and found revoked) on their next use.
  await changed(ctx, { accounts: [viewer.accountId] });
  return result;
}
