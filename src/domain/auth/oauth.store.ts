import type { Kysely, Selectable } from 'kysely';
import type { DB, OauthAppsTable, OauthCodesTable } from '../../db/schema.js';

export type AppRow = Selectable<OauthAppsTable>;
export type CodeRow = Selectable<OauthCodesTable>;

export async function insertApp(db: Kysely<DB>, row: AppRow): Promise<void> {
  await db.insertInto('oauth_apps').values(row).execute();
}

export async function findAppByClientId(db: Kysely<DB>, clientId: string): Promise<AppRow | undefined> {
  return db.selectFrom('oauth_apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function findAppById(db: Kysely<DB>, id: string): Promise<AppRow | undefined> {
  return db.selectFrom('oauth_apps').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCode(db: Kysely<DB>, row: Omit<CodeRow, 'used_at'>): Promise<void> {
  await db
    .insertInto('oauth_codes')
    .values({ ...row, used_at: null })
    .execute();
}

export async function findCodeByHash(db: Kysely<DB>, codeHash: string): Promise<CodeRow | undefined> {
  return db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/** Marks a code used; false if it was already used (the check and the write are one statement, so a code works once). */
export async function consumeCode(db: Kysely<DB>, codeHash: string, at: string): Promise<boolean> {
  const res = await db.updateTable('oauth_codes').set({ used_at: at }).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteExpiredCodes(db: Kysely<DB>, before: string): Promise<void> {
  await db.deleteFrom('oauth_codes').where('expires_at', '<', before).execute();
}

export async function findTokenByHash(db: Kysely<DB>, tokenHash: string) {
  return db.selectFrom('oauth_tokens').select(['id', 'app_id', 'account_id', 'revoked_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function revokeTokensOfAccount(db: Kysely<DB>, accountId: string, at: string): Promise<number> {
  const res = await db
    .updateTable('oauth_tokens')
    .set({ revoked_at: at })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function revokeTokenById(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db.updateTable('oauth_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

// Browser sessions of the sign-in pages.

export async function insertSession(
  db: Kysely<DB>,
  row: { id: string; token_hash: string; account_id: string; user_agent: string | null; ip: string | null; created_at: string; expires_at: string },
): Promise<void> {
  await db.insertInto('web_sessions').values(row).execute();
}

export async function findSessionAccount(db: Kysely<DB>, tokenHash: string, now: string): Promise<string | undefined> {
  // A session ends with the account's right to act: suspended, disabled or unapproved people are signed out.
  const row = await db
    .selectFrom('web_sessions as s')
    .innerJoin('users as u', 'u.account_id', 's.account_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select('s.account_id')
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('a.suspended_at', 'is', null)
    .where('u.disabled', '=', 0)
    .where('u.approved', '=', 1)
    .executeTakeFirst();
  return row?.account_id;
}

export async function revokeSession(db: Kysely<DB>, tokenHash: string, at: string): Promise<void> {
  await db.updateTable('web_sessions').set({ revoked_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function revokeSessionsOfAccount(db: Kysely<DB>, accountId: string, at: string): Promise<void> {
  await db.updateTable('web_sessions').set({ revoked_at: at }).where('account_id', '=', accountId).where('revoked_at', 'is', null).execute();
}

/** Whether the account already holds a live token of this app (to skip asking again, as Mastodon does). */
export async function liveTokenScopes(db: Kysely<DB>, appId: string, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('oauth_tokens')
    .select('scopes')
    .where('app_id', '=', appId)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.scopes);
}

export async function deleteExpiredSessions(db: Kysely<DB>, before: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('expires_at', '<', before).execute();
}
