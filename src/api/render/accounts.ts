import { accountsByIds } from '../../domain/accounts/account-views.service.js';
import type { AccountRow } from '../../domain/accounts/accounts.store.js';
import { adminAccountsByIds, usersOfAccounts } from '../../moderation/moderation-views.js';
import { type AccountEntity, serializeAccount } from '../entities/account.js';
import { type AdminAccountEntity, serializeAdminAccount } from '../entities/admin-account.js';
import type { RenderDeps } from './statuses.js';

/** Accounts by id, read in one query and serialised; ids not found are absent from the map. */
export async function loadAccounts(ctx: RenderDeps, ids: Iterable<string>): Promise<Map<string, AccountEntity>> {
  const rows = await accountsByIds(ctx, [...ids]);
  return new Map(rows.map((r) => [r.id, serializeAccount(ctx, r)]));
}

/** Accounts as moderators see them: with their users' email, role and approval. */
export async function renderAdminAccounts(ctx: RenderDeps, rows: AccountRow[]): Promise<AdminAccountEntity[]> {
  const users = await usersOfAccounts(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => serializeAdminAccount(ctx, r, users.get(r.id)));
}

/** Admin accounts by id, for entities that embed them; ids not found are absent. */
export async function loadAdminAccounts(ctx: RenderDeps, ids: Iterable<string>): Promise<Map<string, AdminAccountEntity>> {
  return new Map((await adminAccountsByIds(ctx, ids)).map(({ account, user }) => [account.id, serializeAdminAccount(ctx, account, user)]));
}
