import { NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import type { ChangeDeps } from '../../infra/versions.js';
import { changedEverything } from '../../infra/versions.js';
import { revokeSessionsOfAccount, revokeTokensOfAccount } from '../auth/oauth.store.js';
import { randomToken } from '../auth/secrets.js';
import { nowIso } from '../time.js';
import { type AccountRow, findAccountByUsername, findUserByAccountId, type UserRow, updateAccount, updateUser } from './accounts.store.js';
import { type Badge, parseBadges } from './badges.js';
import { hashPassword } from './passwords.js';

export type AdminDeps = Pick<Infra, 'db' | 'config'> & ChangeDeps;

// Account administration shared by the admin CLI and the admin API.

export type Role = 'user' | 'moderator' | 'admin';

export async function findLocalUser(ctx: AdminDeps, username: string): Promise<{ account: AccountRow; user: UserRow }> {
  const account = await findAccountByUsername(ctx.db, username.replace(/^@/, ''));
  const user = account ? await findUserByAccountId(ctx.db, account.id) : undefined;
  if (!account || !user) throw new NotFoundError(`No local account named "${username}"`);
  return { account, user };
}

export async function setRole(ctx: AdminDeps, accountId: string, role: Role): Promise<void> {
  await updateUser(ctx.db, accountId, { role });
  // Run from the command line beside a server too: every process re-renders within a second.
  await changedEverything(ctx);
}

/** A new password (generated when none is given); every token and session of the account stops working. */
export async function resetPassword(ctx: AdminDeps, accountId: string, password?: string): Promise<{ password: string; generated: boolean; revoked: number }> {
  const generated = password === undefined;
  const next = password ?? generatePassword();
  if (next.length < 8) throw new ValidationError('Validation failed: password is too short (minimum is 8 characters)', 'password');
  if (next.length > 256) throw new ValidationError('Validation failed: password is too long (maximum is 256 characters)', 'password');
  const hash = await hashPassword(next, ctx.config.passwordCost);
  const now = nowIso();
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, accountId, { password_hash: hash });
    await revokeSessionsOfAccount(trx, accountId, now);
    return revokeTokensOfAccount(trx, accountId, now);
  });
  await changedEverything(ctx);
  return { password: next, generated, revoked };
}

export function generatePassword(): string {
  return randomToken(18);
}

export async function changeBadges(ctx: AdminDeps, account: AccountRow, add: Badge[], remove: Badge[]): Promise<Badge[]> {
  const current = new Set(parseBadges(account.badges));
  for (const b of add) current.add(b);
  for (const b of remove) current.delete(b);
  const badges = [...current];
  await updateAccount(ctx.db, account.id, { badges: JSON.stringify(badges), updated_at: nowIso() });
  await changedEverything(ctx);
  return badges;
}

export async function approveUser(ctx: AdminDeps, accountId: string): Promise<void> {
  await updateUser(ctx.db, accountId, { approved: 1 });
  await changedEverything(ctx);
}
