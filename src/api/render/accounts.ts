import { accountsByIds, credentialFacts } from '../../domain/accounts/account-views.service.js';
import type { AccountRow } from '../../domain/accounts/accounts.store.js';
import { emojisOfAccounts } from '../../domain/custom-emojis/emoji-loader.js';
import { adminAccountsByIds, usersOfAccounts } from '../../moderation/moderation-views.js';
import { type AccountEntity, serializeAccount, serializeCredentialAccount } from '../entities/account.js';
import { type AdminAccountEntity, serializeAdminAccount } from '../entities/admin-account.js';
import type { RenderDeps } from './statuses.js';

/** Account rows as Account entities, in order, with the custom emojis their names and bios use (one statement at most). */
export async function renderAccounts(ctx: RenderDeps, rows: AccountRow[]): Promise<AccountEntity[]> {
  // Moved accounts name their new one (Mastodon's `moved`), read in one more statement when there are any.
  const movedIds = [...new Set(rows.flatMap((r) => (r.moved_to_account_id ? [r.moved_to_account_id] : [])))];
  const movedRows = movedIds.length > 0 ? await accountsByIds(ctx, movedIds) : [];
  const emojis = await emojisOfAccounts(ctx.db, movedRows.length > 0 ? [...rows, ...movedRows] : rows);
  const moved = new Map(movedRows.map((r) => [r.id, serializeAccount(ctx, r, emojis)]));
  return rows.map((r) => {
    const entity = serializeAccount(ctx, r, emojis);
    const to = r.moved_to_account_id ? moved.get(r.moved_to_account_id) : undefined;
    if (to) entity.moved = to;
    return entity;
  });
}

export async function renderAccount(ctx: RenderDeps, row: AccountRow): Promise<AccountEntity> {
  return (await renderAccounts(ctx, [row]))[0]!;
}

/** Accounts by id, read in one query and serialised; ids not found are absent from the map. */
export async function loadAccounts(ctx: RenderDeps, ids: Iterable<string>): Promise<Map<string, AccountEntity>> {
  const rows = await accountsByIds(ctx, [...ids]);
  return new Map((await renderAccounts(ctx, rows)).map((a) => [a.id, a]));
}

/** The signed-in person's CredentialAccount. */
export async function renderCredentialAccount(ctx: RenderDeps, accountId: string) {
  const { account, ...facts } = await credentialFacts(ctx, accountId);
  return serializeCredentialAccount(ctx, account, facts, await emojisOfAccounts(ctx.db, [account]));
}

/** Accounts as moderators see them: with their users' email, role and approval. */
export async function renderAdminAccounts(ctx: RenderDeps, rows: AccountRow[]): Promise<AdminAccountEntity[]> {
  const users = await usersOfAccounts(
    ctx,
    rows.map((r) => r.id),
  );
  const emojis = await emojisOfAccounts(ctx.db, rows);
  return rows.map((r) => serializeAdminAccount(ctx, r, users.get(r.id), emojis));
}

/** Admin accounts by id, for entities that embed them; ids not found are absent. */
export async function loadAdminAccounts(ctx: RenderDeps, ids: Iterable<string>): Promise<Map<string, AdminAccountEntity>> {
  const found = await adminAccountsByIds(ctx, ids);
  const emojis = await emojisOfAccounts(
    ctx.db,
    found.map((f) => f.account),
  );
  return new Map(found.map(({ account, user }) => [account.id, serializeAdminAccount(ctx, account, user, emojis)]));
}
