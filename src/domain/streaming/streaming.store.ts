import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Whether a post involving `accountIds` (author, echoed author, mentioned) is kept out of `viewerId`'s
 * live streams: an active mute or a block of any of them by the viewer, or a block of the viewer by one of
 * `authorIds`. Opening the post still works where visibility allows.
 */
export async function streamFilteredFor(db: Kysely<DB>, viewerId: string, accountIds: string[], authorIds: string[], now: string): Promise<boolean> {
  const ids = [...new Set(accountIds)].filter((id) => id !== viewerId);
  const authors = [...new Set(authorIds)].filter((id) => id !== viewerId);
  // The authors are among the involved accounts, so nothing is left to check when only the viewer is.
  if (ids.length === 0) return false;
  let q = db
    .selectFrom('mutes')
    .select('id')
    .where('account_id', '=', viewerId)
    .where('target_account_id', 'in', ids)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .unionAll(db.selectFrom('blocks').select('id').where('account_id', '=', viewerId).where('target_account_id', 'in', ids));
  if (authors.length > 0) q = q.unionAll(db.selectFrom('blocks').select('id').where('account_id', 'in', authors).where('target_account_id', '=', viewerId));
  return (await q.executeTakeFirst()) !== undefined;
}
