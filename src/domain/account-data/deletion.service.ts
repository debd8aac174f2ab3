import { rm } from 'node:fs/promises';
import { ForbiddenError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { type ChangeDeps, changed } from '../../infra/versions.js';
import { releaseFiles } from '../../media/media-files.js';
import type { MediaStorage } from '../../media/storage/storage.js';
import { findAccountById, findUserByAccountId } from '../accounts/accounts.store.js';
import { verifyPassword } from '../accounts/passwords.js';
import { nowIso } from '../time.js';
import {
  archivesOf,
  dueDeletions,
  findDeletion,
  insertDeletion,
  liftDeletionSuspension,
  purgeAccountRows,
  removeDeletion,
  revokeAllTokens,
  suspendForDeletion,
  takeAccountMedia,
} from './account-data.store.js';
import { archivePath } from './archive.service.js';

export type DeletionDeps = Pick<Infra, 'db' | 'config' | 'jobs' | 'logger'> & ChangeDeps;

/** The admin path that deletes a suspended account's posts and profile (the moderation area wires it in). */
export type DeleteAccountPosts = (accountId: string) => Promise<void>;
export type PurgeDeps = DeletionDeps & { mediaStorage: MediaStorage; deleteAccountPosts: DeleteAccountPosts };

export interface PendingDeletion {
  requestedAt: string;
  purgeAfter: string;
}

/**
 * A person deletes their own account (with their password): suspended at once (signed out everywhere, hidden),
 * purged after ACCOUNT_DELETION_GRACE_DAYS; signing in before then cancels it.
 */
export async function requestDeletion(ctx: DeletionDeps, accountId: string, password: string): Promise<PendingDeletion> {
  const user = await findUserByAccountId(ctx.db, accountId);
  if (!user || !(await verifyPassword(user.password_hash, password))) throw new ValidationError('Validation failed: password is invalid', 'password');
  // An instance must keep someone who can run it: another admin removes an admin.
  if (user.role === 'admin') throw new ForbiddenError('An admin account cannot delete itself');
  const at = nowIso();
  const purgeAfter = new Date(Date.parse(at) + ctx.config.accountDeletionGraceDays * 86_400_000).toISOString();
  const tokens = await ctx.db.transaction().execute(async (trx) => {
    await insertDeletion(trx, { account_id: accountId, requested_at: at, purge_after: purgeAfter });
    await suspendForDeletion(trx, accountId, at);
    return revokeAllTokens(trx, accountId, at);
  });
  await changed(ctx, { accounts: [accountId], tokens });
  if (ctx.config.accountDeletionGraceDays === 0) ctx.jobs.enqueue('accounts.purge', { accountId });
  return { requestedAt: at, purgeAfter };
}

/** Signing in during the grace period cancels the deletion and lifts the suspension it made (a moderator's stays). */
export async function cancelDeletion(ctx: Pick<Infra, 'db'>, accountId: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const pending = await findDeletion(trx, accountId);
    if (!pending) return false;
    await removeDeletion(trx, accountId);
    await liftDeletionSuspension(trx, accountId, pending.requested_at);
    return true;
  });
}

/**
 * The job: once the grace period is over, deletes the account's posts through the admin path (echoes, counters,
 * streams, media files), then everything else that is its own, keeping the account row as a tombstone.
 */
export async function purgeAccount(ctx: PurgeDeps, accountId: string, now = nowIso()): Promise<boolean> {
  const pending = await findDeletion(ctx.db, accountId);
  if (!pending || pending.purge_after > now) return false;
  // Lifted meanwhile (a moderator's unsuspension): the deletion lapses rather than failing at every sweep.
  if (!(await findAccountById(ctx.db, accountId))?.suspended_at) {
    await removeDeletion(ctx.db, accountId);
    return false;
  }
  await ctx.deleteAccountPosts(accountId);
  const archives = await archivesOf(ctx.db, accountId);
  const media = await ctx.db.transaction().execute(async (trx) => {
    const rows = await takeAccountMedia(trx, accountId);
    await purgeAccountRows(trx, accountId);
    await removeDeletion(trx, accountId);
    return rows;
  });
  await releaseFiles(
    ctx,
    media.flatMap((m) => [m.file_path, m.preview_path, m.incoming_key]),
  );
  for (const a of archives) await rm(archivePath(ctx.config, a.id), { force: true });
  await changed(ctx, { accounts: [accountId] });
  ctx.logger.info({ accountId }, 'account purged at its owner’s request');
  return true;
}

/** Queues the purge of every deletion whose grace period is over (a sweep in every process; the job checks again). */
export async function queueDuePurges(ctx: Pick<Infra, 'db' | 'jobs'>, now = nowIso()): Promise<number> {
  const due = await dueDeletions(ctx.db, now, 100);
  for (const accountId of due) ctx.jobs.enqueue('accounts.purge', { accountId });
  return due.length;
}

export async function pendingDeletion(ctx: Pick<Infra, 'db'>, accountId: string): Promise<PendingDeletion | null> {
  const row = await findDeletion(ctx.db, accountId);
  return row ? { requestedAt: row.requested_at, purgeAfter: row.purge_after } : null;
}
