import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Whether a post involving `accountIds` (author, echoed author, mentioned) is kept out of `viewerId`'s
 * live streams: an active mute of any of them, or a block by the viewer. Opening the post still works.
 */
export async function streamFilteredFor(db: Kysely<DB>, viewerId: string, accountIds: string[], now: string): Promise<boolean> {
  const ids = [...new Set(accountIds)].filter((id) => id !== viewerId);
  if (ids.length === 0) return false;
  const row = await db
    .selectFrom('mutes')
    .select('id')
    .where('account_id', '=', viewerId)
    .where('target_account_id', 'in', ids)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .unionAll(db.selectFrom('blocks').select('id').where('account_id', '=', viewerId).where('target_account_id', 'in', ids))
    .executeTakeFirst();
  return row !== undefined;
}
