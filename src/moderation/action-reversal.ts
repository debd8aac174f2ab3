import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { nowIso } from '../domain/time.js';
import { NotFoundError } from '../errors.js';
import { snapshot } from './action-snapshot.js';
import { writeAudit } from './audit.js';
import type { ModerationDeps } from './moderation.service.js';
import { findActionById, markActionReversed } from './moderation.store.js';
import { updateAccountModeration, updateStatusModeration, updateUserFlags } from './targets.store.js';

/** Undoes an action after an upheld appeal; its strike no longer counts. */
export async function reverseAction(ctx: ModerationDeps, actorId: string, actionId: string, reason: string, trx: Kysely<DB>): Promise<{ republish: boolean }> {
  const action = await findActionById(trx, actionId);
  if (!action) throw new NotFoundError('Record not found');
  const now = nowIso();
  const before = await snapshot(trx, action.target_account_id, action.status_id);
  const sid = action.status_id;
  let republish = false;
  switch (action.kind) {
    case 'remove':
      if (sid && before.status?.state === 'removed') {
        await updateStatusModeration(trx, sid, { state: 'published' });
        republish = true;
      }
      break;
    case 'limit':
      if (sid) await updateStatusModeration(trx, sid, { limited: 0 });
      else await updateAccountModeration(trx, action.target_account_id, { limited_at: null }, now);
      break;
    case 'sensitive':
      if (sid) await updateStatusModeration(trx, sid, { sensitive: 0 });
      else await updateAccountModeration(trx, action.target_account_id, { sensitized_at: null }, now);
      break;
    case 'suspend':
      await updateAccountModeration(trx, action.target_account_id, { suspended_at: null, suspended_until: null }, now);
      break;
    case 'disable':
      await updateUserFlags(trx, action.target_account_id, { disabled: 0 });
      break;
  }
  await markActionReversed(trx, actionId, now);
  const after = await snapshot(trx, action.target_account_id, action.status_id);
  await writeAudit(ctx, trx, {
    actorId,
    action: `${sid ? 'status' : 'account'}.reverse_${action.kind}`,
    targetType: sid ? 'status' : 'account',
    targetId: sid ?? action.target_account_id,
    rule: action.rule,
    reason,
    before,
    after,
    extra: { action_id: actionId, account_id: action.target_account_id },
  });
  return { republish };
}
