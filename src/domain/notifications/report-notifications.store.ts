import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Moderators and admins who can act: approved, enabled, not suspended. */
export async function listStaffAccountIds(db: Kysely<DB>): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select('users.account_id')
    .where('users.role', 'in', ['moderator', 'admin'])
    .where('users.approved', '=', 1)
    .where('users.disabled', '=', 0)
    .where('accounts.suspended_at', 'is', null)
    .execute();
  return rows.map((r) => String(r.account_id));
}

export async function findReportForStaff(db: Kysely<DB>, id: string) {
  return db.selectFrom('reports').select(['id', 'account_id', 'target_account_id']).where('id', '=', id).executeTakeFirst();
}
