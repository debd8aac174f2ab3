import { nowIso } from '../domain/time.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { applyAction } from './actions.service.js';
import { writeAudit } from './audit.js';
import { decideAction } from './classifier/thresholds.js';
import type { ModerationDeps } from './moderation.service.js';
import { findCaseById, findOpenCase, findReportById, insertCase, insertReport, type ReportRow, updateCase, updateReport } from './moderation.store.js';
import { categorySeverity, findRule, type ResolvedRule } from './rules.js';
import { scoreParts, screeningSeverity } from './screening.js';
import { findAccount, findStatuses } from './targets.store.js';

// Mastodon's report categories: https://docs.joinmastodon.org/methods/reports/#form-data-parameters
export const REPORT_CATEGORIES = ['spam', 'legal', 'violation', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export interface NewReport {
  accountId: string;
  statusIds: string[];
  comment: string;
  category?: ReportCategory;
  ruleIds: string[];
  /** Sent on to the reported account's server (a remote account only; the caller delivers it). */
  forward: boolean;
  /** A report that came from another server as a Flag: that server's domain and the Flag's id. */
  origin?: { domain: string; uri: string | null };
}

/** Files a report and puts it in the queue: it joins the open case about the same post (or account), or opens one. */
export async function createReport(ctx: ModerationDeps, reporterId: string, input: NewReport): Promise<ReportRow> {
  if (input.accountId === reporterId) throw new ValidationError('Validation failed: account_id cannot be your own account', 'account_id');
  const target = await findAccount(ctx.db, input.accountId);
  if (!target) throw new NotFoundError('Record not found');
  const statusIds = [...new Set(input.statusIds)];
  const statuses = await findStatuses(ctx.db, statusIds);
  for (const id of statusIds) {
    const s = statuses.find((x) => x.id === id);
    // Held and removed posts are invisible to others, so they cannot be reported either.
    if (!s || s.account_id !== input.accountId || s.state !== 'published')
      throw new ValidationError(`Validation failed: status_ids ${id} is not a post by the reported account`, 'status_ids');
  }
  const rules: ResolvedRule[] = [];
  for (const id of new Set(input.ruleIds)) {
    const r = await findRule(ctx, id);
    if (!r) throw new ValidationError(`Validation failed: rule_ids ${id} is not one of the server rules`, 'rule_ids');
    rules.push(r);
  }
  // Mastodon: naming rules makes it a violation report.
  const category: ReportCategory = input.category ?? (rules.length ? 'violation' : 'other');
  const topRule = [...rules].sort((a, b) => b.severity - a.severity)[0];
  let caseCategory = topRule?.category ?? category;
  let severity = Math.max(categorySeverity(caseCategory), categorySeverity(category));
  const now = nowIso();
  const id = ctx.ids.next();
  const statusId = statusIds[0] ?? null;
  // The reported post is scored too: the moderator sees the scores, and a post the classifier finds violent
  // ranks as such even when the reporter picked "spam".
  let scores: Record<string, number> = {};
  const reported = statuses.find((s) => s.id === statusId);
  if (reported) {
    try {
      scores = (await scoreParts(ctx, [reported.text, reported.spoiler_text])).categories;
    } catch (err) {
      ctx.logger.warn({ err }, 'classifier failed on a reported post');
    }
    if (decideAction(scores, ctx.moderation.thresholds) !== 'publish') {
      const scored = screeningSeverity(scores);
      if (scored.severity > severity) {
        severity = scored.severity;
        caseCategory = scored.category;
      }
    }
  }

  await ctx.db.transaction().execute(async (trx) => {
    const open = await findOpenCase(trx, input.accountId, statusId);
    let caseId: string;
    if (open) {
      caseId = open.id;
      const worse = severity > open.severity;
      await updateCase(trx, caseId, {
        severity: Math.max(open.severity, severity),
        ...(worse ? { category: caseCategory } : {}),
        ...(open.scores === '{}' && reported ? { scores: JSON.stringify(scores) } : {}),
        updated_at: now,
      });
    } else {
      caseId = ctx.ids.next();
      await insertCase(trx, {
        id: caseId,
        source: 'report',
        target_account_id: input.accountId,
        status_id: statusId,
        category: caseCategory,
        scores: JSON.stringify(scores),
        severity,
        created_at: now,
        updated_at: now,
      });
    }
    await insertReport(trx, {
      id,
      account_id: reporterId,
      target_account_id: input.accountId,
      status_ids: JSON.stringify(statusIds),
      rule_ids: JSON.stringify(rules.map((r) => r.id)),
      comment: input.comment,
      category,
      // Only a remote account's server can be told; a report that came from elsewhere is not sent back.
      forwarded: input.forward && target.domain !== null && !input.origin ? 1 : 0,
      origin_domain: input.origin?.domain ?? null,
      uri: input.origin?.uri ?? null,
      case_id: caseId,
      created_at: now,
      updated_at: now,
    });
  });
  ctx.jobs.enqueue('notifications.admin_report', { reportId: id }); // admin.report to every moderator and admin
  return (await findReportById(ctx.db, id))!;
}

export async function getReport(ctx: ModerationDeps, id: string): Promise<ReportRow> {
  const r = await findReportById(ctx.db, id);
  if (!r) throw new NotFoundError('Record not found');
  return r;
}

/** Assign/unassign a report (and its case) to a moderator; logged. */
export async function assignReport(ctx: ModerationDeps, actorId: string, id: string, assignee: string | null): Promise<ReportRow> {
  const r = await getReport(ctx, id);
  const now = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    await updateReport(trx, id, { assigned_account_id: assignee, updated_at: now });
    if (r.case_id) await updateCase(trx, r.case_id, { assigned_account_id: assignee, updated_at: now });
    await writeAudit(ctx, trx, {
      actorId,
      action: assignee ? 'report.assign' : 'report.unassign',
      targetType: 'report',
      targetId: id,
      before: { assigned_account_id: r.assigned_account_id },
      after: { assigned_account_id: assignee },
    });
  });
  return getReport(ctx, id);
}

/** Mastodon's resolve: no action against the account; the report (and its case) is closed as dismissed. */
export async function resolveReport(ctx: ModerationDeps, actorId: string, id: string): Promise<ReportRow> {
  const r = await getReport(ctx, id);
  if (r.action_taken_at) return r;
  await applyAction(ctx, actorId, {
    kind: 'dismiss',
    accountId: r.target_account_id,
    caseId: r.case_id,
    reportId: id,
    reason: 'Report resolved without action',
  });
  return getReport(ctx, id);
}

export async function reopenReport(ctx: ModerationDeps, actorId: string, id: string): Promise<ReportRow> {
  const r = await getReport(ctx, id);
  if (!r.action_taken_at) return r;
  const now = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    await updateReport(trx, id, { action_taken_at: null, action_taken_by_id: null, outcome: null, updated_at: now });
    if (r.case_id) {
      const c = await findCaseById(trx, r.case_id);
      if (c && c.state !== 'open') await updateCase(trx, c.id, { state: 'open', resolution: null, resolved_by_id: null, resolved_at: null, updated_at: now });
    }
    await writeAudit(ctx, trx, {
      actorId,
      action: 'report.reopen',
      targetType: 'report',
      targetId: id,
      before: { action_taken_at: r.action_taken_at, outcome: r.outcome },
      after: { action_taken_at: null },
    });
  });
  return getReport(ctx, id);
}

/** PUT /api/v1/admin/reports/:id: a moderator reclassifies a report. */
export async function updateReportClassification(
  ctx: ModerationDeps,
  actorId: string,
  id: string,
  input: { category?: ReportCategory; ruleIds?: string[] },
): Promise<ReportRow> {
  const r = await getReport(ctx, id);
  let ruleIds: string[] | undefined;
  if (input.ruleIds) {
    ruleIds = [];
    for (const x of input.ruleIds) {
      const rule = await findRule(ctx, x);
      if (!rule) throw new ValidationError(`Validation failed: rule_ids ${x} is not one of the server rules`, 'rule_ids');
      ruleIds.push(rule.id);
    }
  }
  const now = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    await updateReport(trx, id, {
      ...(input.category ? { category: input.category } : {}),
      ...(ruleIds ? { rule_ids: JSON.stringify(ruleIds) } : {}),
      updated_at: now,
    });
    await writeAudit(ctx, trx, {
      actorId,
      action: 'report.update',
      targetType: 'report',
      targetId: id,
      before: { category: r.category, rule_ids: JSON.parse(r.rule_ids) },
      after: { category: input.category ?? r.category, rule_ids: ruleIds ?? JSON.parse(r.rule_ids) },
    });
  });
  return getReport(ctx, id);
}
