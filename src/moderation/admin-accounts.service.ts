import { nowIso } from '../domain/time.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { changed } from '../infra/versions.js';
import { type ActionKind, applyAction } from './actions.service.js';
import { writeAudit } from './audit.js';
import type { ModerationDeps } from './moderation.service.js';
import { findReportById } from './moderation.store.js';
import { clearProfile, deleteAccountRow, findAccount, findUser, type ModAccountRow, statusBatchOf } from './targets.store.js';

// Mastodon's account action types: https://docs.joinmastodon.org/methods/admin/accounts/#action
export const ACCOUNT_ACTION_TYPES = ['none', 'sensitive', 'disable', 'silence', 'suspend'] as const;
export type AccountActionType = (typeof ACCOUNT_ACTION_TYPES)[number];

const KIND: Record<AccountActionType, ActionKind> = { none: 'warn', sensitive: 'sensitive', disable: 'disable', silence: 'limit', suspend: 'suspend' };

export async function getAccountForAdmin(ctx: ModerationDeps, id: string): Promise<ModAccountRow> {
  const row = await findAccount(ctx.db, id);
  if (!row) throw new NotFoundError('Record not found');
  return row;
}

/**
 * POST /api/v1/admin/accounts/:id/action. Mastodon clients send no rule: it is taken from the report
 * (its first rule, else its category), else "other". With report_id the report and its case are closed.
 */
export async function takeAccountAction(
  ctx: ModerationDeps,
  moderatorId: string,
  accountId: string,
  input: { type: AccountActionType; reportId?: string; text?: string; rule?: string; durationSeconds?: number },
): Promise<void> {
  await getAccountForAdmin(ctx, accountId);
  await assertMayActOn(ctx, moderatorId, accountId);
  let rule = input.rule;
  let caseId: string | null = null;
  if (input.reportId) {
    const report = await findReportById(ctx.db, input.reportId);
    if (!report || report.target_account_id !== accountId)
      throw new ValidationError('Validation failed: report_id is not a report about this account', 'report_id');
    caseId = report.case_id;
    const ruleIds = JSON.parse(report.rule_ids) as string[];
    rule ??= ruleIds[0] ?? report.category;
  }
  await applyAction(ctx, moderatorId, {
    kind: KIND[input.type],
    accountId,
    rule: rule ?? 'other',
    reason: input.text ?? '',
    durationSeconds: input.type === 'suspend' ? (input.durationSeconds ?? null) : null,
    caseId,
    reportId: input.reportId ?? null,
  });
}

/** Nobody moderates their own account, and only an admin acts against an admin. */
export async function assertMayActOn(ctx: ModerationDeps, moderatorId: string, accountId: string): Promise<void> {
  if (accountId === moderatorId) throw new ForbiddenError('You cannot moderate your own account');
  const [actor, target] = await Promise.all([findUser(ctx.db, moderatorId), findUser(ctx.db, accountId)]);
  if (target?.role === 'admin' && actor?.role !== 'admin') throw new ForbiddenError('Only an admin can act against an admin');
}

/** The undo endpoints (enable, unsilence, unsuspend, unsensitive) and sign-up approval. */
export async function undoAccountAction(
  ctx: ModerationDeps,
  moderatorId: string,
  accountId: string,
  kind: 'enable' | 'unlimit' | 'unsuspend' | 'unsensitive' | 'approve_signup',
): Promise<void> {
  await getAccountForAdmin(ctx, accountId);
  await assertMayActOn(ctx, moderatorId, accountId);
  if (kind === 'approve_signup') {
    const user = await findUser(ctx.db, accountId);
    if (!user || user.approved === 1) throw new ValidationError('Validation failed: this account is not awaiting approval', 'id');
  }
  await applyAction(ctx, moderatorId, { kind, accountId, reason: '' });
}

/** Rejecting a pending sign-up deletes it (Mastodon does the same); the audit log keeps the fact. */
export async function rejectSignup(ctx: ModerationDeps, moderatorId: string, accountId: string): Promise<ModAccountRow> {
  const account = await getAccountForAdmin(ctx, accountId);
  const user = await findUser(ctx.db, accountId);
  if (!user || user.approved === 1) throw new ValidationError('Validation failed: this account is not awaiting approval', 'id');
  await ctx.db.transaction().execute(async (trx) => {
    await writeAudit(ctx, trx, {
      actorId: moderatorId,
      action: 'account.reject_signup',
      targetType: 'account',
      targetId: accountId,
      before: { approved: 0 },
      after: { deleted_at: nowIso() },
    });
    await deleteAccountRow(trx, accountId);
  });
  return account;
}

/**
 * DELETE /api/v1/admin/accounts/:id: Mastodon deletes a suspended account's data. Tribune deletes its posts
 * (through the statuses area: echoes, counters, streams) and its profile, and keeps the account row so the
 * moderation history, the audit log and the transparency counts stay whole.
 */
export async function deleteAccountData(ctx: ModerationDeps, adminId: string | null, accountId: string): Promise<ModAccountRow> {
  const account = await getAccountForAdmin(ctx, accountId);
  // No actor: the shell acting as the system (`tribune admin delete`), who may act on anyone.
  if (adminId) await assertMayActOn(ctx, adminId, accountId);
  if (!account.suspended_at) throw new ValidationError("Validation failed: only a suspended account's data can be deleted", 'id');
  let deleted = 0;
  for (;;) {
    const batch = await statusBatchOf(ctx.db, accountId, 200);
    if (batch.length === 0) break;
    for (const row of batch) await ctx.statusLifecycle.purge(row);
    deleted += batch.length;
  }
  const now = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    await clearProfile(trx, accountId, now);
    await writeAudit(ctx, trx, {
      actorId: adminId,
      action: 'account.delete_data',
      targetType: 'account',
      targetId: accountId,
      before: { statuses: deleted, display_name: account.display_name },
      after: { statuses: 0, display_name: '' },
    });
  });
  await changed(ctx, { accounts: [accountId] });
  return getAccountForAdmin(ctx, accountId);
}
