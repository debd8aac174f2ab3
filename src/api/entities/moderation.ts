import { type ActionKind, APPEALABLE } from '../../moderation/actions.service.js';
import type { CaseDetail } from '../../moderation/cases.service.js';
import type { ActionRow, AppealRow, AuditRow, CaseRow } from '../../moderation/moderation.store.js';
import type { LoadedActions } from '../../moderation/moderation-views.js';
import type { ModStatusRow } from '../../moderation/targets.store.js';
import { type AccountEntity, serializeAccount } from './account.js';
import type { AdminAccountEntity } from './admin-account.js';
import type { EntityContext } from './entity-context.js';
import type { AdminReportEntity } from './report.js';

function parseJson(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** A post as moderators see it, whatever its state (held, removed, or its author suspended). */
export interface ModeratedPostEntity {
  id: string;
  account_id: string;
  created_at: string;
  edited_at: string | null;
  state: string;
  visibility: string;
  sensitive: boolean;
  limited: boolean;
  spoiler_text: string;
  text: string;
  content: string;
  in_reply_to_id: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  quotes_count: number;
  url: string;
}

export function serializeModeratedPost(ctx: EntityContext, s: ModStatusRow): ModeratedPostEntity {
  return {
    id: s.id,
    account_id: s.account_id,
    created_at: s.created_at,
    edited_at: s.edited_at,
    state: s.state,
    visibility: s.visibility,
    sensitive: s.sensitive === 1,
    limited: s.limited === 1,
    spoiler_text: s.spoiler_text,
    text: s.text,
    content: s.content,
    in_reply_to_id: s.in_reply_to_id,
    replies_count: s.replies_count,
    reblogs_count: s.reblogs_count,
    favourites_count: s.favourites_count,
    quotes_count: s.quotes_count,
    url: `${ctx.config.publicUrl}/statuses/${s.id}`,
  };
}

// Mastodon's AccountWarning actions: https://docs.joinmastodon.org/entities/AccountWarning/#action
function warningAction(a: ActionRow): string {
  switch (a.kind) {
    case 'remove':
      return 'delete_statuses';
    case 'sensitive':
      return a.status_id ? 'mark_statuses_as_sensitive' : 'sensitive';
    case 'limit':
      return 'silence';
    case 'suspend':
      return 'suspend';
    case 'disable':
      return 'disable';
    default:
      return 'none';
  }
}

/**
 * One action against an account, shaped like Mastodon's AccountWarning (with its Appeal), plus a
 * `tribune` block: the kind, the rule, whether it is a strike, and whether it can still be appealed.
 */
export interface ActionEntity {
  id: string;
  action: string;
  text: string;
  status_ids: string[];
  target_account: AccountEntity | null;
  appeal: { text: string; state: 'pending' | 'approved' | 'rejected' } | null;
  created_at: string;
  tribune: {
    kind: string;
    rule: string | null;
    rule_text: string | null;
    strike: boolean;
    automatic: boolean;
    suspended_until: string | null;
    reversed_at: string | null;
    appealable: boolean;
    appeal_id: string | null;
  };
}

/** Actions against accounts, as the account sees them. */
export function serializeActions(ctx: EntityContext, loaded: LoadedActions): ActionEntity[] {
  return loaded.rows.map((r) => {
    const appeal = loaded.appeals.get(r.id);
    const target = loaded.targets.get(r.target_account_id);
    return {
      id: r.id,
      action: warningAction(r),
      text: r.reason,
      status_ids: r.status_id ? [r.status_id] : [],
      target_account: target ? serializeAccount(ctx, target, loaded.targetEmojis) : null,
      appeal: appeal ? { text: appeal.text, state: appeal.state } : null,
      created_at: r.created_at,
      tribune: {
        kind: r.kind,
        rule: r.rule,
        rule_text: r.rule ? (loaded.ruleTexts.get(r.rule) ?? null) : null,
        strike: r.strike === 1,
        automatic: r.moderator_id === null,
        suspended_until: r.suspended_until,
        reversed_at: r.reversed_at,
        appealable: !appeal && !r.reversed_at && APPEALABLE.has(r.kind as ActionKind),
        appeal_id: appeal?.id ?? null,
      },
    };
  });
}

export type AdminActionEntity = ActionEntity & { moderator_id: string | null; case_id: string | null; report_id: string | null };

/** Actions as moderators see them: who acted, too. */
export function serializeAdminActions(ctx: EntityContext, loaded: LoadedActions): AdminActionEntity[] {
  const rows = loaded.rows;
  return serializeActions(ctx, loaded).map((a, i) => ({ ...a, moderator_id: rows[i]!.moderator_id, case_id: rows[i]!.case_id, report_id: rows[i]!.report_id }));
}

export interface CaseEntity {
  id: string;
  source: string;
  category: string;
  severity: number;
  reach: number | null;
  state: string;
  scores: Record<string, number>;
  /** For a screening case: the post's detected language (ISO 639-1 of the eight screened, or "other"). */
  language: string | null;
  /** For a screening case: the threat form the classifier read (first-person, wish, elimination...). */
  form: string | null;
  resolution: string | null;
  assigned_account_id: string | null;
  resolved_by_id: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  target_account: AdminAccountEntity | null;
  status: ModeratedPostEntity | null;
}

export function serializeCase(
  ctx: EntityContext,
  r: CaseRow & { reach?: number },
  target: AdminAccountEntity | null,
  statuses: Map<string, ModStatusRow>,
): CaseEntity {
  const s = r.status_id ? statuses.get(r.status_id) : undefined;
  return {
    id: r.id,
    source: r.source,
    category: r.category,
    severity: r.severity,
    reach: r.reach ?? null,
    state: r.state,
    scores: (parseJson(r.scores) as Record<string, number> | null) ?? {},
    language: r.language,
    form: r.form,
    resolution: r.resolution,
    assigned_account_id: r.assigned_account_id,
    resolved_by_id: r.resolved_by_id,
    created_at: r.created_at,
    updated_at: r.updated_at,
    resolved_at: r.resolved_at,
    target_account: target,
    status: s ? serializeModeratedPost(ctx, s) : null,
  };
}

export interface CaseDetailEntity extends CaseEntity {
  thread: { ancestors: ModeratedPostEntity[]; replies: ModeratedPostEntity[] };
  author_recent_statuses: ModeratedPostEntity[];
  previous_actions: ActionEntity[];
  reports: AdminReportEntity[];
}

export function serializeCaseDetail(
  ctx: EntityContext,
  d: CaseDetail,
  target: AdminAccountEntity | null,
  previousActions: ActionEntity[],
  reports: AdminReportEntity[],
): CaseDetailEntity {
  return {
    ...serializeCase(ctx, d.case, target, new Map(d.status ? [[d.status.id, d.status]] : [])),
    thread: { ancestors: d.thread.ancestors.map((s) => serializeModeratedPost(ctx, s)), replies: d.thread.replies.map((s) => serializeModeratedPost(ctx, s)) },
    author_recent_statuses: d.authorRecentStatuses.map((s) => serializeModeratedPost(ctx, s)),
    previous_actions: previousActions,
    reports,
  };
}

export interface AdminAppealEntity {
  id: string;
  text: string;
  state: AppealRow['state'];
  created_at: string;
  decided_at: string | null;
  decided_by_id: string | null;
  decision_reason: string | null;
  account: AdminAccountEntity | null;
  action: ActionEntity & { moderator_id: string | null };
}

export function serializeAdminAppeal(r: AppealRow, account: AdminAccountEntity | null, action: AdminActionEntity): AdminAppealEntity {
  return {
    id: r.id,
    text: r.text,
    state: r.state,
    created_at: r.created_at,
    decided_at: r.decided_at,
    decided_by_id: r.decided_by_id,
    decision_reason: r.decision_reason,
    account,
    action,
  };
}

export interface AuditEntity {
  id: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  rule: string | null;
  reason: string;
  before: unknown;
  after: unknown;
  created_at: string;
}

export function serializeAudit(r: AuditRow): AuditEntity {
  return {
    id: r.id,
    actor_id: r.actor_id,
    action: r.action,
    target_type: r.target_type,
    target_id: r.target_id,
    rule: r.rule,
    reason: r.reason,
    before: parseJson(r.before),
    after: parseJson(r.after),
    created_at: r.created_at,
  };
}
