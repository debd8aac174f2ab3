import { nowIso } from '../domain/time.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Infra } from '../infra/infra.js';
import { type ActionKind, type ActionOutcome, applyAction } from './actions.service.js';
import { assertMayActOn } from './admin-accounts.service.js';
import { writeAudit } from './audit.js';
import type { ModerationDeps } from './moderation.service.js';
import {
  type ActionRow,
  type CaseRow,
  findCaseById,
  findOpenCase,
  insertCase,
  listCases,
  type QueueFilter,
  type QueueRow,
  type ReportRow,
  recentActionsForAccount,
  reportsForCase,
  updateCase,
} from './moderation.store.js';
import { categorySeverity } from './rules.js';
import { findAccount, findStatus, type ModAccountRow, type ModStatusRow, recentStatusesOf, threadAround } from './targets.store.js';

export const DECISIONS = ['dismiss', 'approve', 'remove', 'limit', 'sensitive', 'suspend'] as const;
export type Decision = (typeof DECISIONS)[number];

export async function listQueue(ctx: ModerationDeps, filter: QueueFilter): Promise<QueueRow[]> {
  return listCases(ctx.db, filter);
}

export interface CaseDetail {
  case: CaseRow;
  status: ModStatusRow | null;
  thread: { ancestors: ModStatusRow[]; replies: ModStatusRow[] };
  author: ModAccountRow;
  authorRecentStatuses: ModStatusRow[];
  previousActions: ActionRow[];
  reports: ReportRow[];
}

/** Everything a moderator needs to decide: the post in its thread, the author's history and past actions, scores, reports. */
export async function getCase(ctx: ModerationDeps, id: string): Promise<CaseDetail> {
  const c = await findCaseById(ctx.db, id);
  if (!c) throw new NotFoundError('Record not found');
  const author = await findAccount(ctx.db, c.target_account_id);
  if (!author) throw new NotFoundError('Record not found');
  const status = c.status_id ? ((await findStatus(ctx.db, c.status_id)) ?? null) : null;
  const [thread, authorRecentStatuses, previousActions, reports] = await Promise.all([
    status ? threadAround(ctx.db, status) : Promise.resolve({ ancestors: [], replies: [] }),
    recentStatusesOf(ctx.db, c.target_account_id, 10),
    recentActionsForAccount(ctx.db, c.target_account_id, 20),
    reportsForCase(ctx.db, id),
  ]);
  return { case: c, status, thread, author, authorRecentStatuses, previousActions, reports };
}

export interface DecisionInput {
  action: Decision;
  rule?: string;
  reason?: string;
  /** Suspension length in seconds; absent means for good. */
  durationSeconds?: number;
  /** For limit and sensitive on a case about a post: act on the whole account instead. */
  scope?: 'status' | 'account';
}

/** A moderator's decision on a case; the case and its reports are closed with it. */
export async function decideCase(ctx: ModerationDeps, moderatorId: string, id: string, input: DecisionInput): Promise<ActionOutcome> {
  const c = await findCaseById(ctx.db, id);
  if (!c) throw new NotFoundError('Record not found');
  if (c.state !== 'open') throw new ValidationError('Validation failed: this case is already resolved', 'id');
  await assertMayActOn(ctx, moderatorId, c.target_account_id);
  // The post may have been deleted by its author since: the case can still be closed or act on the account.
  const status = c.status_id ? await findStatus(ctx.db, c.status_id) : undefined;
  if (input.action === 'approve' && !status) throw new ValidationError('Validation failed: approve applies to a held post', 'action');
  if (input.action === 'remove' && !status) throw new ValidationError('Validation failed: remove needs a post that still exists', 'action');
  const onStatus = status && input.scope !== 'account' && input.action !== 'suspend';
  const firstReport = (await reportsForCase(ctx.db, id)).find((r) => !r.action_taken_at);
  return applyAction(ctx, moderatorId, {
    kind: input.action as ActionKind,
    accountId: c.target_account_id,
    statusId: onStatus ? c.status_id : null,
    rule: input.rule ?? null,
    reason: input.reason ?? '',
    durationSeconds: input.durationSeconds ?? null,
    caseId: id,
    reportId: firstReport?.id ?? null,
    claimCase: true,
  });
}

export async function assignCase(ctx: ModerationDeps, actorId: string, id: string, assignee: string | null): Promise<CaseRow> {
  const c = await findCaseById(ctx.db, id);
  if (!c) throw new NotFoundError('Record not found');
  await ctx.db.transaction().execute(async (trx) => {
    await updateCase(trx, id, { assigned_account_id: assignee, updated_at: nowIso() });
    await writeAudit(ctx, trx, {
      actorId,
      action: assignee ? 'case.assign' : 'case.unassign',
      targetType: 'case',
      targetId: id,
      before: { assigned_account_id: c.assigned_account_id },
      after: { assigned_account_id: assignee },
    });
  });
  return (await findCaseById(ctx.db, id))!;
}

/**
 * For the media area: an upload matched a known hash (e.g. a terrorist-content hash list). The post joins
 * the queue as its own case, ranked like a call to violence unless a lower category is given.
 */
export async function openHashMatchCase(
  ctx: Pick<Infra, 'db' | 'ids'>,
  input: { accountId: string; statusId: string | null; category?: string; list?: string; score?: number },
): Promise<string> {
  const now = nowIso();
  const category = input.category ?? 'violence';
  const severity = categorySeverity(category) + Math.round((input.score ?? 1) * 99);
  const scores = JSON.stringify({ [category]: input.score ?? 1, ...(input.list ? { [`hash:${input.list}`]: 1 } : {}) });
  return ctx.db.transaction().execute(async (trx) => {
    const open = await findOpenCase(trx, input.accountId, input.statusId);
    if (open) {
      await updateCase(trx, open.id, { severity: Math.max(open.severity, severity), updated_at: now });
      return open.id;
    }
    const id = ctx.ids.next();
    await insertCase(trx, {
      id,
      source: 'hash',
      target_account_id: input.accountId,
      status_id: input.statusId,
      category,
      scores,
      severity,
      created_at: now,
      updated_at: now,
    });
    return id;
  });
}
