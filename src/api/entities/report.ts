import type { ReportRow } from '../../moderation/moderation.store.js';
import type { AccountEntity } from './account.js';
import type { AdminAccountEntity } from './admin-account.js';
import type { StatusEntity } from './status.js';

function parseIds(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** What the reporter and the moderators both see of a report. */
interface ReportBase {
  id: string;
  action_taken: boolean;
  action_taken_at: string | null;
  category: string;
  comment: string;
  forwarded: boolean;
  created_at: string;
}

/** Mastodon's Report entity (what the reporter sees): https://docs.joinmastodon.org/entities/Report/ */
export interface ReportEntity extends ReportBase {
  status_ids: string[] | null;
  rule_ids: string[] | null;
  target_account: AccountEntity | null;
  /** Tribune extension: what the moderators did, so the reporter is told the outcome. */
  tribune_outcome: string | null;
}

function reportFields(r: ReportRow): ReportBase {
  return {
    id: r.id,
    action_taken: r.action_taken_at !== null,
    action_taken_at: r.action_taken_at,
    category: r.category,
    comment: r.comment,
    forwarded: r.forwarded === 1,
    created_at: r.created_at,
  };
}

/** A report as its reporter sees it, with the account reported. */
export function serializeReport(r: ReportRow, target: AccountEntity | null): ReportEntity {
  const statusIds = parseIds(r.status_ids);
  const ruleIds = parseIds(r.rule_ids);
  return {
    ...reportFields(r),
    status_ids: statusIds.length ? statusIds : null,
    rule_ids: ruleIds.length ? ruleIds : null,
    target_account: target,
    tribune_outcome: r.outcome,
  };
}

/** Mastodon's Admin::Report entity: https://docs.joinmastodon.org/entities/Admin_Report/ */
export interface AdminReportEntity extends ReportBase {
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
  /** Tribune extension: the server this report came from (a Flag), null for one filed here. */
  tribune_origin_domain: string | null;
}

/** The report's ids of posts and of rules (stored as JSON arrays). */
export function reportStatusIds(r: ReportRow): string[] {
  return parseIds(r.status_ids);
}

export function reportRuleIds(r: ReportRow): string[] {
  return parseIds(r.rule_ids);
}

/** A report as moderators see it: the accounts involved, the posts as their author sees them, the rules cited. */
export function serializeAdminReport(
  r: ReportRow,
  accounts: Map<string, AdminAccountEntity>,
  statuses: StatusEntity[],
  rules: AdminReportEntity['rules'],
): AdminReportEntity {
  return {
    ...reportFields(r),
    updated_at: r.updated_at,
    account: accounts.get(r.account_id) ?? null,
    target_account: accounts.get(r.target_account_id) ?? null,
    assigned_account: r.assigned_account_id ? (accounts.get(r.assigned_account_id) ?? null) : null,
    action_taken_by_account: r.action_taken_by_id ? (accounts.get(r.action_taken_by_id) ?? null) : null,
    statuses,
    rules,
    tribune_case_id: r.case_id,
    tribune_outcome: r.outcome,
    tribune_origin_domain: r.origin_domain,
  };
}
