import { fetchPage, type Page } from '../db/pagination.js';
import { NotFoundError } from '../errors.js';
import type { Infra } from '../infra/infra.js';
import { type AdminAccountFilter, adminAccountsQuery } from './admin.store.js';

export type { AdminAccountFilter };

import { findActionsByIds } from './lists.store.js';
import {
  type ActionRow,
  type AppealRow,
  actionsForAccountQuery,
  appealsQuery,
  auditQuery,
  type CaseRow,
  findActionById,
  findCaseById,
  type ReportFilter,
  reportsQuery,
} from './moderation.store.js';
import { findStatuses, type ModStatusRow } from './targets.store.js';

// The pages moderators and reporters read: reports, accounts, actions, appeals, the audit log, and the posts
// cases are about. Routes read them here, never from the stores.

export const reportsPage = (ctx: Pick<Infra, 'db'>, filter: ReportFilter, page: Page) => fetchPage(reportsQuery(ctx.db, filter), 'id', page);

export const adminAccountsPage = (ctx: Pick<Infra, 'db'>, filter: AdminAccountFilter, page: Page) =>
  fetchPage(adminAccountsQuery(ctx.db, filter), 'a.id', page);

export const actionsForAccount = (ctx: Pick<Infra, 'db'>, accountId: string, page: Page) => fetchPage(actionsForAccountQuery(ctx.db, accountId), 'id', page);

export const auditPage = (ctx: Pick<Infra, 'db'>, filter: { targetType?: string; targetId?: string; actorId?: string }, page: Page) =>
  fetchPage(auditQuery(ctx.db, filter), 'id', page);

/** A page of appeals with the actions they appeal, in two queries. */
export async function appealsPage(ctx: Pick<Infra, 'db'>, state: AppealRow['state'] | undefined, page: Page) {
  const rows = await fetchPage(appealsQuery(ctx.db, state), 'id', page);
  const actions = await findActionsByIds(ctx.db, [...new Set(rows.map((r) => r.action_id))]);
  return { rows, actions: new Map<string, ActionRow>(actions.map((a) => [a.id, a])) };
}

/** The action an appeal is about. */
export async function actionOfAppeal(ctx: Pick<Infra, 'db'>, appeal: AppealRow): Promise<ActionRow> {
  const action = await findActionById(ctx.db, appeal.action_id);
  if (!action) throw new NotFoundError();
  return action;
}

/** One action taken against `accountId` (what its target may read of it); 404 for anyone else's. */
export async function ownAction(ctx: Pick<Infra, 'db'>, accountId: string, id: string): Promise<ActionRow> {
  const row = await findActionById(ctx.db, id);
  if (!row || row.target_account_id !== accountId) throw new NotFoundError();
  return row;
}

/** The posts a page of cases is about, by id. */
export async function statusesOfCases(ctx: Pick<Infra, 'db'>, cases: CaseRow[]): Promise<Map<string, ModStatusRow>> {
  const rows = await findStatuses(
    ctx.db,
    cases.map((r) => r.status_id).filter((x): x is string => !!x),
  );
  return new Map(rows.map((s) => [s.id, s]));
}

export async function caseById(ctx: Pick<Infra, 'db'>, id: string): Promise<CaseRow> {
  const row = await findCaseById(ctx.db, id);
  if (!row) throw new NotFoundError();
  return row;
}
