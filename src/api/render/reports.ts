import type { ReportRow } from '../../moderation/moderation.store.js';
import { findRule } from '../../moderation/rules.js';
import { type AdminReportEntity, type ReportEntity, reportRuleIds, reportStatusIds, serializeAdminReport, serializeReport } from '../entities/report.js';
import type { StatusEntity } from '../entities/status.js';
import { loadAccounts, loadAdminAccounts } from './accounts.js';
import type { RenderDeps } from './statuses.js';
import { renderStatusIds } from './statuses.js';

/** Reports as their reporter sees them. */
export async function renderReports(ctx: RenderDeps, rows: ReportRow[]): Promise<ReportEntity[]> {
  const accounts = await loadAccounts(
    ctx,
    rows.map((r) => r.target_account_id),
  );
  return rows.map((r) => serializeReport(r, accounts.get(r.target_account_id) ?? null));
}

export async function renderReport(ctx: RenderDeps, row: ReportRow): Promise<ReportEntity> {
  return (await renderReports(ctx, [row]))[0]!;
}

/**
 * Reports as moderators see them. Each report's posts are shown as their author sees them (so moderators also
 * see held and removed posts): one page load per reported account, shared by the reports about it.
 */
export async function renderAdminReports(ctx: RenderDeps, rows: ReportRow[]): Promise<AdminReportEntity[]> {
  const ids = rows.flatMap((r) => [r.account_id, r.target_account_id, r.assigned_account_id, r.action_taken_by_id].filter((x): x is string => !!x));
  const ruleIds = [...new Set(rows.flatMap(reportRuleIds))];
  const readers = [...new Set(rows.map((r) => r.target_account_id))];
  const [accounts, byReader, rules] = await Promise.all([
    loadAdminAccounts(ctx, ids),
    Promise.all(readers.map((reader) => statusesFor(ctx, reader, rows.filter((r) => r.target_account_id === reader).flatMap(reportStatusIds)))),
    Promise.all(ruleIds.map((id) => findRule(ctx, id))),
  ]);
  const seenBy = new Map(readers.map((reader, i) => [reader, byReader[i]!]));
  const statuses = rows.map((r) => reportStatusIds(r).flatMap((id) => seenBy.get(r.target_account_id)?.get(id) ?? []));
  const ruleById = new Map(ruleIds.map((id, i) => [id, rules[i]]));
  return rows.map((r, i) =>
    serializeAdminReport(
      r,
      accounts,
      statuses[i]!,
      reportRuleIds(r).flatMap((id) => {
        const rule = ruleById.get(id);
        return rule ? [{ id: rule.id, text: rule.text, hint: rule.hint }] : [];
      }),
    ),
  );
}

/** The posts of `ids` as `reader` sees them, by id. */
async function statusesFor(ctx: RenderDeps, reader: string, ids: string[]): Promise<Map<string, StatusEntity>> {
  const entities = await renderStatusIds(ctx, [...new Set(ids)], reader);
  return new Map(entities.map((e) => [e.id, e]));
}

export async function renderAdminReport(ctx: RenderDeps, row: ReportRow): Promise<AdminReportEntity> {
  return (await renderAdminReports(ctx, [row]))[0]!;
}
