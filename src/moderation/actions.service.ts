import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { createNotification } from '../domain/notifications/notify.js';
import { nowIso } from '../domain/time.js';
import { ValidationError } from '../errors.js';
import { changed } from '../infra/versions.js';
import { snapshot } from './action-snapshot.js';
import { writeAudit } from './audit.js';
import type { ModerationDeps } from './moderation.service.js';
import {
  type ActionRow,
  claimOpenCase,
  countStrikes,
  findCaseById,
  insertAction,
  openCasesForStatus,
  updateCase,
  updateReport,
  updateReportsOfCase,
} from './moderation.store.js';
import { findRule } from './rules.js';
import {
  accountsSuspendedUntilBefore,
  claimExpiredSuspension,
  echoIdsOf,
  findAccount,
  purgeStatusFromFeeds,
  updateAccountModeration,
  updateStatusModeration,
  updateUserFlags,
} from './targets.store.js';

/** What a moderator can do. `approve` releases a held post; the rest are Mastodon's account actions and post actions. */
export const ACTION_KINDS = [
  'dismiss',
  'approve',
  'remove',
  'limit',
  'sensitive',
  'suspend',
  'warn',
  'disable',
  'unsuspend',
  'unlimit',
  'unsensitive',
  'enable',
  'approve_signup',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** Confirmed violations: they count as strikes and can be appealed. */
const STRIKES = new Set<ActionKind>(['remove', 'limit', 'sensitive', 'suspend', 'warn', 'disable']);
export const APPEALABLE = STRIKES;
export const STRIKE_WINDOW_DAYS = 90;

export interface ActionInput {
  kind: ActionKind;
  accountId: string;
  statusId?: string | null;
  /** Rule id or key; required for strikes. */
  rule?: string | null;
  reason?: string;
  /** Suspension length in seconds; none means for good. */
  durationSeconds?: number | null;
  caseId?: string | null;
  reportId?: string | null;
  /** Automatic actions (strike threshold) are not strikes themselves. */
  automatic?: boolean;
  /** The decision is about this open case: refuse if another moderator closed it meanwhile. */
  claimCase?: boolean;
  /**
   * Unsuspend only: lift the timed suspension ending at this instant, and do nothing (no action, no audit)
   * if it was already lifted — every process runs the sweep, so two may find the same row due.
   */
  expiredSuspensionUntil?: string;
}

/** The timed suspension was lifted by someone else meanwhile: the transaction is rolled back. */
class SuspensionAlreadyLifted extends Error {}

export interface ActionOutcome {
  action: ActionRow;
  /** Set when the strike count suspended the account. */
  autoSuspension?: ActionRow;
}

/**
 * Applies one moderation action: the change, the action record (a strike when it confirms a violation),
 * the audit log entry and the case/report resolution, all in one transaction; then the after-commit
 * effects (streams, fan-out, notifications) and the strike threshold.
 */
export async function applyAction(ctx: ModerationDeps, actorId: string | null, input: ActionInput): Promise<ActionOutcome> {
  const rule = input.rule ? await findRule(ctx, input.rule) : undefined;
  if (input.rule && !rule) throw new ValidationError('Validation failed: rule is not one of the server rules', 'rule');
  if (STRIKES.has(input.kind) && !rule && !input.automatic) throw new ValidationError('Validation failed: rule is required for this action', 'rule');
  const needsStatus = input.kind === 'approve' || input.kind === 'remove';
  if (needsStatus && !input.statusId) throw new ValidationError(`Validation failed: ${input.kind} needs a post`, 'status_id');
  const now = nowIso();
  const suspendedUntil = input.kind === 'suspend' && input.durationSeconds ? new Date(Date.now() + input.durationSeconds * 1000).toISOString() : null;

  const { row: action, release } = await ctx.db.transaction().execute(async (trx) => {
    if (input.claimCase && input.caseId && !(await claimOpenCase(trx, input.caseId, now)))
      throw new ValidationError('Validation failed: this case is already resolved', 'id');
    const before = await snapshot(trx, input.accountId, input.statusId);
    const sid = input.statusId ?? null;
    switch (input.kind) {
      case 'approve':
        if (before.status?.state !== 'pending') throw new ValidationError('Validation failed: this post is not held for review', 'status_id');
        break;
      case 'dismiss':
        break;
      case 'remove':
        await updateStatusModeration(trx, sid!, { state: 'removed' });
        await purgeStatusFromFeeds(trx, sid!);
        break;
      case 'limit':
        if (sid) await updateStatusModeration(trx, sid, { limited: 1 });
        else await updateAccountModeration(trx, input.accountId, { limited_at: now }, now);
        break;
      case 'unlimit':
        if (sid) await updateStatusModeration(trx, sid, { limited: 0 });
        else await updateAccountModeration(trx, input.accountId, { limited_at: null }, now);
        break;
      case 'sensitive':
        if (sid) await updateStatusModeration(trx, sid, { sensitive: 1 });
        else await updateAccountModeration(trx, input.accountId, { sensitized_at: now }, now);
        break;
      case 'unsensitive':
        if (sid) await updateStatusModeration(trx, sid, { sensitive: 0 });
        else await updateAccountModeration(trx, input.accountId, { sensitized_at: null }, now);
        break;
      case 'suspend':
        await updateAccountModeration(trx, input.accountId, { suspended_at: now, suspended_until: suspendedUntil }, now);
        break;
      case 'unsuspend':
        if (input.expiredSuspensionUntil) {
          if (!(await claimExpiredSuspension(trx, input.accountId, input.expiredSuspensionUntil, now))) throw new SuspensionAlreadyLifted();
        } else await updateAccountModeration(trx, input.accountId, { suspended_at: null, suspended_until: null }, now);
        break;
      case 'disable':
        await updateUserFlags(trx, input.accountId, { disabled: 1 });
        break;
      case 'enable':
        await updateUserFlags(trx, input.accountId, { disabled: 0 });
        break;
      case 'approve_signup':
        await updateUserFlags(trx, input.accountId, { approved: 1 });
        break;
      case 'warn':
        break;
    }
    const after = await snapshot(trx, input.accountId, input.statusId);
    // A held post that is approved, or whose case is dismissed as a false alarm, is released after commit
    // by the statuses area (state, counters and fan-out together).
    const release = (input.kind === 'approve' || input.kind === 'dismiss') && before.status?.state === 'pending';
    if (release && after.status) after.status.state = 'published';
    // Recorded as a release either way, so the transparency report counts every post released after review.
    const kind: ActionKind = release ? 'approve' : input.kind;
    const row: ActionRow = {
      id: ctx.ids.next(),
      target_account_id: input.accountId,
      status_id: sid,
      moderator_id: actorId,
      case_id: input.caseId ?? null,
      report_id: input.reportId ?? null,
      kind,
      rule: rule?.id ?? (input.automatic && input.kind === 'suspend' ? 'strikes' : null),
      reason: input.reason ?? '',
      strike: STRIKES.has(input.kind) && !input.automatic ? 1 : 0,
      suspended_until: suspendedUntil,
      reversed_at: null,
      created_at: now,
    };
    await insertAction(trx, row);
    await writeAudit(ctx, trx, {
      actorId,
      action: `${sid ? 'status' : 'account'}.${kind}`,
      targetType: sid ? 'status' : 'account',
      targetId: sid ?? input.accountId,
      rule: row.rule,
      reason: row.reason,
      before,
      after,
      extra: { action_id: row.id, case_id: row.case_id, report_id: row.report_id, account_id: input.accountId },
    });
    await resolveCaseAndReports(ctx, trx, actorId, row, now);
    return { row, release };
  });

  await afterCommit(ctx, actorId, action, release);
  let autoSuspension: ActionRow | undefined;
  if (action.strike === 1) autoSuspension = await enforceStrikeLimit(ctx, actorId, input.accountId);
  return { action, autoSuspension };
}

async function resolveCaseAndReports(ctx: ModerationDeps, trx: Kysely<DB>, actorId: string | null, row: ActionRow, now: string): Promise<void> {
  const caseIds = new Set<string>();
  if (row.case_id) caseIds.add(row.case_id);
  // Removing or releasing a post settles every open case about it.
  if (row.status_id && ['approve', 'dismiss', 'remove'].includes(row.kind)) for (const c of await openCasesForStatus(trx, row.status_id)) caseIds.add(c.id);
  for (const caseId of caseIds) {
    const c = await findCaseById(trx, caseId);
    if (c?.state !== 'open') continue;
    await updateCase(trx, caseId, { state: 'resolved', resolution: row.kind, resolved_by_id: actorId, resolved_at: now, updated_at: now });
    await updateReportsOfCase(trx, caseId, { action_taken_at: now, action_taken_by_id: actorId, outcome: row.kind, updated_at: now });
    await writeAudit(ctx, trx, {
      actorId,
      action: 'case.resolve',
      targetType: 'case',
      targetId: caseId,
      rule: row.rule,
      reason: row.reason,
      before: { state: 'open' },
      after: { state: 'resolved', resolution: row.kind },
      extra: { action_id: row.id },
    });
  }
  if (row.report_id) await updateReport(trx, row.report_id, { action_taken_at: now, action_taken_by_id: actorId, outcome: row.kind, updated_at: now });
}

async function afterCommit(ctx: ModerationDeps, actorId: string | null, action: ActionRow, release: boolean): Promise<void> {
  await changed(ctx, { statuses: [action.status_id], accounts: [action.target_account_id] });
  if (action.kind === 'remove' && action.status_id) await announceRemoval(ctx, action.status_id);
  if (release && action.status_id) await ctx.statusLifecycle.publishHeld(action.status_id);
  if (STRIKES.has(action.kind as ActionKind) && actorId) {
    await createNotification(ctx, { type: 'moderation_warning', accountId: action.target_account_id, fromAccountId: actorId, statusId: action.status_id });
  }
}

/** Removal reaches every open stream at once: the post and its echoes are deleted on the `deletes` channel. */
export async function announceRemoval(ctx: ModerationDeps, statusId: string): Promise<void> {
  const echoes = await echoIdsOf(ctx.db, statusId);
  for (const id of [statusId, ...echoes]) await ctx.events.publish('deletes', { event: 'delete', subject: id });
}

/** Past the configured number of strikes within 90 days, the account is suspended until a moderator or an appeal lifts it. */
async function enforceStrikeLimit(ctx: ModerationDeps, actorId: string | null, accountId: string): Promise<ActionRow | undefined> {
  const since = new Date(Date.now() - STRIKE_WINDOW_DAYS * 86_400_000).toISOString();
  const strikes = await countStrikes(ctx.db, accountId, since);
  if (strikes < ctx.config.moderation.strikesToSuspend) return undefined;
  const account = await findAccount(ctx.db, accountId);
  if (!account || account.suspended_at) return undefined;
  const { action } = await applyAction(ctx, null, {
    kind: 'suspend',
    accountId,
    automatic: true,
    reason: `${strikes} confirmed violations within ${STRIKE_WINDOW_DAYS} days (the limit is ${ctx.config.moderation.strikesToSuspend})`,
  });
  // The moderator whose strike tipped it over is named as the sender, so the person is told.
  if (actorId) await createNotification(ctx, { type: 'moderation_warning', accountId, fromAccountId: actorId, statusId: null });
  return action;
}

/** Timed suspensions end on their own; run periodically in every process. Returns how many this call lifted. */
export async function liftExpiredSuspensions(ctx: ModerationDeps): Promise<number> {
  const due = await accountsSuspendedUntilBefore(ctx.db, nowIso());
  let lifted = 0;
  for (const { id: accountId, suspended_until } of due) {
    try {
      await applyAction(ctx, null, { kind: 'unsuspend', accountId, automatic: true, reason: 'The suspension ended', expiredSuspensionUntil: suspended_until });
      lifted++;
    } catch (err) {
      if (!(err instanceof SuspensionAlreadyLifted)) throw err;
    }
  }
  return lifted;
}
