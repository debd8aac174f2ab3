import type { Context } from 'hono';
import type { AccountEntity } from './entities/account.js';
import type { AppEnv } from './env.js';
import { setLinkHeader } from './pagination.js';
import { loadAccounts } from './render/accounts.js';

/**
 * Answers a page of relation rows (follows, blocks, mutes, follow requests) with their accounts, in the page's
 * order and with Mastodon's Link header; `extend` adds per-row fields (a mute's end).
 */
export async function accountPage<R extends { key: string; account_id: string }>(
  c: Context<AppEnv>,
  rows: R[],
  extend: (account: AccountEntity, row: R) => AccountEntity = (account) => account,
) {
  const accounts = await loadAccounts(
    c.var.ctx,
    rows.map((r) => r.account_id),
  );
  setLinkHeader(
    c,
    rows.map((r) => r.key),
  );
  return c.json(rows.flatMap((r) => (accounts.has(r.account_id) ? [extend(accounts.get(r.account_id)!, r)] : [])));
}
