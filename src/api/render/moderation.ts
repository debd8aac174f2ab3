import type { CaseDetail } from '../../moderation/cases.service.js';
import type { ActionRow, AppealRow, CaseRow } from '../../moderation/moderation.store.js';
import { loadActions } from '../../moderation/moderation-views.js';
import type { ModStatusRow } from '../../moderation/targets.store.js';
import {
  type ActionEntity,
  type AdminActionEntity,
  type AdminAppealEntity,
  type CaseDetailEntity,
  type CaseEntity,
  serializeActions,
  serializeAdminActions,
  serializeAdminAppeal,
  serializeCase,
  serializeCaseDetail,
} from '../entities/moderation.js';
import { loadAdminAccounts } from './accounts.js';
import { renderAdminReports } from './reports.js';
import type { RenderDeps } from './statuses.js';

// Moderation as the API answers it: src/moderation/moderation-views.ts reads, src/api/entities serializes.

export async function renderActions(ctx: RenderDeps, rows: ActionRow[]): Promise<ActionEntity[]> {
  return serializeActions(ctx, await loadActions(ctx, rows));
}

export async function renderAdminActions(ctx: RenderDeps, rows: ActionRow[]): Promise<AdminActionEntity[]> {
  return serializeAdminActions(ctx, await loadActions(ctx, rows));
}

export async function renderCases(ctx: RenderDeps, rows: Array<CaseRow & { reach?: number }>, statuses: Map<string, ModStatusRow>): Promise<CaseEntity[]> {
  const accounts = await loadAdminAccounts(
    ctx,
    rows.map((r) => r.target_account_id),
  );
  return rows.map((r) => serializeCase(ctx, r, accounts.get(r.target_account_id) ?? null, statuses));
}

export async function renderCaseDetail(ctx: RenderDeps, d: CaseDetail): Promise<CaseDetailEntity> {
  const [accounts, previousActions, reports] = await Promise.all([
    loadAdminAccounts(ctx, [d.case.target_account_id]),
    renderAdminActions(ctx, d.previousActions),
    renderAdminReports(ctx, d.reports),
  ]);
  return serializeCaseDetail(ctx, d, accounts.get(d.case.target_account_id) ?? null, previousActions, reports);
}

export async function renderAdminAppeals(ctx: RenderDeps, rows: AppealRow[], actions: Map<string, ActionRow>): Promise<AdminAppealEntity[]> {
  const [accounts, serialized] = await Promise.all([
    loadAdminAccounts(
      ctx,
      rows.map((r) => r.account_id),
    ),
    renderAdminActions(
      ctx,
      rows.map((r) => actions.get(r.action_id)).filter((a): a is ActionRow => !!a),
    ),
  ]);
  const byId = new Map(serialized.map((a) => [a.id, a]));
  return rows.map((r) => serializeAdminAppeal(r, accounts.get(r.account_id) ?? null, byId.get(r.action_id)!));
}
