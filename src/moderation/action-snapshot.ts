import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { findAccount, findStatus, findUser, type ModAccountRow, type ModStatusRow } from './targets.store.js';

/** What an action changes on an account and a post, as the audit log records it before and after. */
export interface Snapshot {
  account: Pick<ModAccountRow, 'suspended_at' | 'suspended_until' | 'limited_at' | 'sensitized_at'> & { disabled: number; approved: number };
  status?: Pick<ModStatusRow, 'state' | 'limited' | 'sensitive'>;
}

export async function snapshot(db: Kysely<DB>, accountId: string, statusId: string | null | undefined): Promise<Snapshot> {
  const a = await findAccount(db, accountId);
  if (!a) throw new NotFoundError('Record not found');
  const u = await findUser(db, accountId);
  const snap: Snapshot = {
    account: {
      suspended_at: a.suspended_at,
      suspended_until: a.suspended_until,
      limited_at: a.limited_at,
      sensitized_at: a.sensitized_at,
      disabled: u?.disabled ?? 0,
      approved: u?.approved ?? 1,
    },
  };
  if (statusId) {
    const s = await findStatus(db, statusId);
    if (!s || s.account_id !== accountId) throw new NotFoundError('Record not found');
    snap.status = { state: s.state, limited: s.limited, sensitive: s.sensitive };
  }
  return snap;
}
