import { type AccountRow, findAccountsByIds } from '../domain/accounts/accounts.store.js';
import { type EmojiMap, emojisOfAccounts } from '../domain/custom-emojis/emoji-loader.js';
import type { InstanceDeps } from '../domain/instance/instance.service.js';
import { type AdminUserRow, findUsersByIds } from './admin.store.js';
import { type ActionRow, type AppealRow, appealsForActions } from './moderation.store.js';
import { ruleText } from './rules.js';

// What the moderation entities show beside their own rows, read in batches for src/api/entities: the accounts
// with their users, and the actions' targets, appeals and rule texts.

/** The users behind these accounts (email, role, approval), by account id. */
export async function usersOfAccounts(ctx: InstanceDeps, accountIds: string[]): Promise<Map<string, AdminUserRow>> {
  return new Map((await findUsersByIds(ctx.db, [...new Set(accountIds)])).map((u) => [u.account_id, u]));
}

/** Accounts by id with their users: two statements, read at once; ids not found are absent. */
export async function adminAccountsByIds(ctx: InstanceDeps, ids: Iterable<string>): Promise<Array<{ account: AccountRow; user: AdminUserRow | undefined }>> {
  const unique = [...new Set(ids)];
  const [accounts, users] = await Promise.all([findAccountsByIds(ctx.db, unique), usersOfAccounts(ctx, unique)]);
  return accounts.map((account) => ({ account, user: users.get(account.id) }));
}

export interface LoadedActions {
  rows: ActionRow[];
  targets: Map<string, AccountRow>;
  /** The custom emojis the targets' names and bios use. */
  targetEmojis: EmojiMap;
  /** By action id. */
  appeals: Map<string, AppealRow>;
  /** By rule id: its text as shown. */
  ruleTexts: Map<string, string | null>;
}

export async function loadActions(ctx: InstanceDeps, rows: ActionRow[]): Promise<LoadedActions> {
  const rules = [...new Set(rows.map((r) => r.rule).filter((x): x is string => !!x))];
  const [targets, appeals, texts] = await Promise.all([
    findAccountsByIds(ctx.db, [...new Set(rows.map((r) => r.target_account_id))]),
    appealsForActions(
      ctx.db,
      rows.map((r) => r.id),
    ),
    Promise.all(rules.map((id) => ruleText(ctx, id))),
  ]);
  return {
    rows,
    targets: new Map(targets.map((a) => [a.id, a])),
    targetEmojis: await emojisOfAccounts(ctx.db, targets),
    appeals: new Map(appeals.map((a) => [a.action_id, a])),
    ruleTexts: new Map(rules.map((id, i) => [id, texts[i] ?? null])),
  };
}
