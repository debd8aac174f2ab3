import type { AppContext } from '../../context.js';
import type { ReportRow } from '../../moderation/moderation.store.js';
import { findRule } from '../../moderation/rules.js';
import { type AccountEntity, loadAccounts } from './account.js';
import { type AdminAccountEntity, loadAdminAccounts } from './admin-account.js';
import { type StatusEntity, serializeStatusIds } from './status.js';

function parseIds(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** Mastodon's Report entity (what the reporter sees): https://docs.joinmastodon.org/entities/Report/ */
export interface ReportEntity {
  id: string;
  action_taken: boolean;
  action_taken_at: string | null;
  category: string;
  comment: string;
  forwarded: boolean;
  created_at: string;
  status_ids: string[] | null;
  rule_ids: string[] | null;
  target_account: AccountEntity | null;
  /** Tribune extension: what the moderators did, so the reporter is told the outcome. */
  tribune_outcome: string | null;
}

export async function serializeReports(ctx: AppContext, rows: ReportRow[]): Promise<ReportEntity[]> {
  const accounts = await loadAccounts(
    ctx,
    rows.map((r) => r.target_account_id),
  );
  return rows.map((r) => {
    const statusIds = parseIds(r.status_ids);
    const ruleIds = parseIds(r.rule_ids);
    return {
      id: r.id,
      action_taken: r.action_taken_at !== null,
      action_taken_at: r.action_taken_at,
      category: r.category,
      comment: r.comment,
      forwarded: r.forwarded === 1,
      created_at: r.created_at,
      status_ids: statusIds.length ? statusIds : null,
      rule_ids: ruleIds.length ? ruleIds : null,
      target_account: accounts.get(r.target_account_id) ?? null,
      tribune_outcome: r.outcome,
    };
  });
}

export async function serializeReport(ctx: AppContext, row: ReportRow): Promise<ReportEntity> {
  return (await serializeReports(ctx, [row]))[0]!;
}

/** Mastodon's Admin::Report entity: https://docs.joinmastodon.org/entities/Admin_Report/ */
export interface AdminReportEntity {
  id: string;
  action_taken: boolean;
  action_taken_at: string | null;
  category: string;
  comment: string;
  forwarded: boolean;
  created_at: string;
  updated_at: string;
  account: AdminAccountEntity | null;
  target_account: AdminAccountEntity | null;
  assigned_account: AdminAccountEntity | null;
  action_taken_by_account: AdminAccountEntity | null;
  statuses: StatusEntity[];
  rules: Array<{ id: string; text: string; hint: string }>;
  /** Tribune extensions: the queue case this report belongs to, and the outcome. */
  tribune_case_id: string | null;
  tribune_outcome: string | null;
}

export async function serializeAdminReports(ctx: AppContext, rows: ReportRow[]): Promise<AdminReportEntity[]> {
  const ids = rows.flatMap((r) => [r.account_id, r.target_account_id, r.assigned_account_id, r.action_taken_by_id].filter((x): x is string => !!x));
  const accounts = await loadAdminAccounts(ctx, ids);
  const out: AdminReportEntity[] = [];
  for (const r of rows) {
    // Shown as the author sees them, so moderators also see held and removed posts.
    const statuses = await serializeStatusIds(ctx, parseIds(r.status_ids), r.target_account_id);
    const rules: AdminReportEntity['rules'] = [];
    for (const id of parseIds(r.rule_ids)) {
      const rule = await findRule(ctx, id);
      if (rule) rules.push({ id: rule.id, text: rule.text, hint: rule.hint });
    }
    out.push({
      id: r.id,
      action_taken: r.action_taken_at !== null,
      action_taken_at: r.action_taken_at,
      category: r.category,
      comment: r.comment,
      forwarded: r.forwarded === 1,
      created_at: r.created_at,
      updated_at: r.updated_at,
      account: accounts.get(r.account_id) ?? null,
      target_account: accounts.get(r.target_account_id) ?? null,
      assigned_account: r.assigned_account_id ? (accounts.get(r.assigned_account_id) ?? null) : null,
      action_taken_by_account: r.action_taken_by_id ? (accounts.get(r.action_taken_by_id) ?? null) : null,
      statuses,
      rules,
      tribune_case_id: r.case_id,
      tribune_outcome: r.outcome,
    });
  }
  return out;
}

export async function serializeAdminReport(ctx: AppContext, row: ReportRow): Promise<AdminReportEntity> {
  return (await serializeAdminReports(ctx, [row]))[0]!;
}
