import type { Page } from '../../db/pagination.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { findAccountById } from '../accounts/accounts.store.js';
import { findFollow } from '../relationships/relationships.store.js';
import { nowIso } from '../time.js';
import { deleteEndorsement, endorsedPage, insertEndorsement } from './endorsements.store.js';

// Mastodon's endorsements ("feature on profile"): https://docs.joinmastodon.org/methods/accounts/#pin . Only an
// account one follows can be endorsed; the list is public, as Mastodon 4.4 shows it on profiles.

async function target(ctx: Pick<Infra, 'db' | 'ids'>, viewerId: string, targetId: string) {
  const account = await findAccountById(ctx.db, targetId);
  if (!account || account.suspended_at) throw new NotFoundError();
  if (account.id === viewerId) throw new ForbiddenError('This action is not allowed');
  return account;
}

export async function endorse(ctx: Pick<Infra, 'db' | 'ids'>, viewerId: string, targetId: string): Promise<void> {
  await target(ctx, viewerId, targetId);
  if (!(await findFollow(ctx.db, viewerId, targetId)))
    throw new ValidationError('Validation failed: You must be already following the person you want to endorse');
  await insertEndorsement(ctx.db, { id: ctx.ids.next(), account_id: viewerId, target_account_id: targetId, created_at: nowIso() });
}

export async function unendorse(ctx: Pick<Infra, 'db' | 'ids'>, viewerId: string, targetId: string): Promise<void> {
  await target(ctx, viewerId, targetId);
  await deleteEndorsement(ctx.db, viewerId, targetId);
}

/** A page of the accounts `accountId` endorses: the page keys (for Link headers) and the account ids, newest first. */
export async function endorsements(ctx: Pick<Infra, 'db' | 'ids'>, accountId: string, page: Page): Promise<{ pageIds: string[]; accountIds: string[] }> {
  const rows = await endorsedPage(ctx.db, accountId, page);
  return { pageIds: rows.map((r) => r.page_id), accountIds: rows.map((r) => r.target_account_id) };
}
