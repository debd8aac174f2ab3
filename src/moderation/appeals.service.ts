import { nowIso } from '../domain/time.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { changed } from '../infra/versions.js';
import { reverseAction } from './action-reversal.js';
import { type ActionKind, APPEALABLE } from './actions.service.js';
import { writeAudit } from './audit.js';
import type { ModerationDeps } from './moderation.service.js';
import { type AppealRow, decideAppealRow, findActionById, findAppealById, findAppealOfAction, insertAppeal } from './moderation.store.js';
import { refanOutStatus } from './publication.js';

export const MAX_APPEAL_CHARS = 2000;

/** The author appeals an action against them, once per action. */
export async function appealAction(ctx: ModerationDeps, accountId: string, actionId: string, text: string): Promise<AppealRow> {
  const action = await findActionById(ctx.db, actionId);
  if (!action || action.target_account_id !== accountId) throw new NotFoundError('Record not found');
  if (!APPEALABLE.has(action.kind as ActionKind)) throw new ValidationError('Validation failed: this action cannot be appealed', 'id');
  if (action.reversed_at) throw new ValidationError('Validation failed: this action was already reversed', 'id');
  const body = text.trim();
  if (!body) throw new ValidationError('Validation failed: text must say why the decision is wrong', 'text');
  if (body.length > MAX_APPEAL_CHARS) throw new ValidationError(`Validation failed: text is too long (maximum is ${MAX_APPEAL_CHARS} characters)`, 'text');
  const id = ctx.ids.next();
  try {
    await insertAppeal(ctx.db, { id, action_id: actionId, account_id: accountId, text: body, created_at: nowIso() });
  } catch (err) {
    // The unique index on action_id is the once-only rule.
    if (await findAppealOfAction(ctx.db, actionId)) throw new ValidationError('Validation failed: this action has already been appealed', 'id');
    throw err;
  }
  return (await findAppealById(ctx.db, id))!;
}

/**
 * A moderator other than the one who acted decides the appeal. Upheld: the action is undone and its
 * strike stops counting. Both outcomes go to the audit log in the same transaction.
 */
export async function decideAppeal(
  ctx: ModerationDeps,
  moderatorId: string,
  appealId: string,
  input: { decision: 'approve' | 'reject'; reason?: string },
): Promise<AppealRow> {
  const appeal = await findAppealById(ctx.db, appealId);
  if (!appeal) throw new NotFoundError('Record not found');
  if (appeal.state !== 'pending') throw new ValidationError('Validation failed: this appeal has already been decided', 'id');
  const action = await findActionById(ctx.db, appeal.action_id);
  if (!action) throw new NotFoundError('Record not found');
  if (action.moderator_id === moderatorId) throw new ForbiddenError('A different moderator must decide an appeal against your own action');
  if (appeal.account_id === moderatorId) throw new ForbiddenError('You cannot decide your own appeal');
  const now = nowIso();
  const state = input.decision === 'approve' ? 'approved' : 'rejected';
  const { republish } = await ctx.db.transaction().execute(async (trx) => {
    const changed = await decideAppealRow(trx, appealId, { state, decided_by_id: moderatorId, decision_reason: input.reason ?? '', decided_at: now });
    if (changed === 0) throw new ValidationError('Validation failed: this appeal has already been decided', 'id');
    await writeAudit(ctx, trx, {
      actorId: moderatorId,
      action: `appeal.${input.decision}`,
      targetType: 'appeal',
      targetId: appealId,
      rule: action.rule,
      reason: input.reason ?? '',
      before: { state: 'pending' },
      after: { state },
      extra: { action_id: action.id, account_id: action.target_account_id },
    });
    if (input.decision === 'approve') return reverseAction(ctx, moderatorId, action.id, input.reason ?? 'Appeal upheld', trx);
    return { republish: false };
  });
  if (input.decision === 'approve') await changed(ctx, { statuses: [action.status_id], accounts: [action.target_account_id] });
  if (republish && action.status_id) refanOutStatus(ctx, action.status_id);
  return (await findAppealById(ctx.db, appealId))!;
}
