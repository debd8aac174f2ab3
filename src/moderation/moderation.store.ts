import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type {
  DB,
  ModerationActionsTable,
  ModerationAppealsTable,
  ModerationAuditLogTable,
  ModerationCasesTable,
  ModerationScreeningsTable,
  ReportsTable,
} from '../db/schema.js';

export type CaseRow = Selectable<ModerationCasesTable>;
export type ReportRow = Selectable<ReportsTable>;
export type ActionRow = Selectable<ModerationActionsTable>;
export type AppealRow = Selectable<ModerationAppealsTable>;
export type AuditRow = Selectable<ModerationAuditLogTable>;
type Db = Kysely<DB>;

// --- screenings

export async function insertScreening(db: Db, row: Insertable<ModerationScreeningsTable>): Promise<void> {
  await db.insertInto('moderation_screenings').values(row).execute();
}

// --- cases

export async function insertCase(db: Db, row: Insertable<ModerationCasesTable>): Promise<void> {
  await db.insertInto('moderation_cases').values(row).execute();
}

export async function findCaseById(db: Db, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('moderation_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The open case about this post (or, with statusId null, about the account alone), if any. */
export async function findOpenCase(db: Db, targetAccountId: string, statusId: string | null): Promise<CaseRow | undefined> {
  let q = db.selectFrom('moderation_cases').selectAll().where('target_account_id', '=', targetAccountId).where('state', '=', 'open');
  q = statusId ? q.where('status_id', '=', statusId) : q.where('status_id', 'is', null);
  return q.orderBy('id', 'asc').executeTakeFirst();
}

export async function openCasesForStatus(db: Db, statusId: string): Promise<CaseRow[]> {
  return db.selectFrom('moderation_cases').selectAll().where('status_id', '=', statusId).where('state', '=', 'open').execute();
}

/** Takes an open case for a decision; false when another moderator has already closed it (row lock on PostgreSQL). */
export async function claimOpenCase(db: Db, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('moderation_cases').set({ updated_at: at }).where('id', '=', id).where('state', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateCase(db: Db, id: string, patch: Updateable<ModerationCasesTable>): Promise<void> {
  await db.updateTable('moderation_cases').set(patch).where('id', '=', id).execute();
}

export interface QueueFilter {
  state: 'open' | 'resolved' | 'all';
  source?: string;
  targetAccountId?: string;
  limit: number;
  offset: number;
}

export type QueueRow = CaseRow & { reach: number };

/** The queue: most severe first, then widest reach (followers + echoes), then oldest. */
export async function listCases(db: Db, f: QueueFilter): Promise<QueueRow[]> {
  let q = db
    .selectFrom('moderation_cases as c')
    .innerJoin('accounts as a', 'a.id', 'c.target_account_id')
    .leftJoin('statuses as s', 's.id', 'c.status_id')
    .selectAll('c')
    .select(sql<number>`a.followers_count + coalesce(s.reblogs_count, 0) + coalesce(s.quotes_count, 0)`.as('reach'));
  if (f.state !== 'all') q = q.where('c.state', '=', f.state);
  if (f.source) q = q.where('c.source', '=', f.source as CaseRow['source']);
  if (f.targetAccountId) q = q.where('c.target_account_id', '=', f.targetAccountId);
  const rows = await q
    .orderBy('c.severity', 'desc')
    .orderBy(sql`a.followers_count + coalesce(s.reblogs_count, 0) + coalesce(s.quotes_count, 0)`, 'desc')
    .orderBy('c.id', 'asc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return rows.map((r) => ({ ...r, reach: Number(r.reach) }));
}

// --- reports

export async function insertReport(db: Db, row: Insertable<ReportsTable>): Promise<void> {
  await db.insertInto('reports').values(row).execute();
}

export async function findReportById(db: Db, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function reportsForCase(db: Db, caseId: string): Promise<ReportRow[]> {
  return db.selectFrom('reports').selectAll().where('case_id', '=', caseId).orderBy('id', 'asc').execute();
}

export async function updateReport(db: Db, id: string, patch: Updateable<ReportsTable>): Promise<void> {
  await db.updateTable('reports').set(patch).where('id', '=', id).execute();
}

export async function updateReportsOfCase(db: Db, caseId: string, patch: Updateable<ReportsTable>): Promise<void> {
  await db.updateTable('reports').set(patch).where('case_id', '=', caseId).where('action_taken_at', 'is', null).execute();
}

export interface ReportFilter {
  resolved?: boolean;
  accountId?: string;
  targetAccountId?: string;
}

export function reportsQuery(db: Db, f: ReportFilter) {
  let q = db.selectFrom('reports').selectAll();
  if (f.resolved === true) q = q.where('action_taken_at', 'is not', null);
  if (f.resolved === false) q = q.where('action_taken_at', 'is', null);
  if (f.accountId) q = q.where('account_id', '=', f.accountId);
  if (f.targetAccountId) q = q.where('target_account_id', '=', f.targetAccountId);
  return q;
}

// --- actions and strikes

export async function insertAction(db: Db, row: Insertable<ModerationActionsTable>): Promise<void> {
  await db.insertInto('moderation_actions').values(row).execute();
}

export async function findActionById(db: Db, id: string): Promise<ActionRow | undefined> {
  return db.selectFrom('moderation_actions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function actionsForAccountQuery(db: Db, accountId: string) {
  return db.selectFrom('moderation_actions').selectAll().where('target_account_id', '=', accountId);
}

export async function recentActionsForAccount(db: Db, accountId: string, limit: number): Promise<ActionRow[]> {
  return actionsForAccountQuery(db, accountId).orderBy('id', 'desc').limit(limit).execute();
}

export async function markActionReversed(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('moderation_actions').set({ reversed_at: at }).where('id', '=', id).execute();
}

/** Confirmed, unreversed violations since `sinceIso`. */
export async function countStrikes(db: Db, accountId: string, sinceIso: string): Promise<number> {
  const row = await db
    .selectFrom('moderation_actions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('target_account_id', '=', accountId)
    .where('strike', '=', 1)
    .where('reversed_at', 'is', null)
    .where('created_at', '>=', sinceIso)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// --- appeals

export async function insertAppeal(db: Db, row: Insertable<ModerationAppealsTable>): Promise<void> {
  await db.insertInto('moderation_appeals').values(row).execute();
}

export async function findAppealById(db: Db, id: string): Promise<AppealRow | undefined> {
  return db.selectFrom('moderation_appeals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAppealOfAction(db: Db, actionId: string): Promise<AppealRow | undefined> {
  return db.selectFrom('moderation_appeals').selectAll().where('action_id', '=', actionId).executeTakeFirst();
}

export async function appealsForActions(db: Db, actionIds: string[]): Promise<AppealRow[]> {
  if (actionIds.length === 0) return [];
  return db.selectFrom('moderation_appeals').selectAll().where('action_id', 'in', actionIds).execute();
}

export function appealsQuery(db: Db, state?: AppealRow['state']) {
  let q = db.selectFrom('moderation_appeals').selectAll();
  if (state) q = q.where('state', '=', state);
  return q;
}

export async function decideAppealRow(db: Db, id: string, patch: Updateable<ModerationAppealsTable>): Promise<number> {
  const r = await db.updateTable('moderation_appeals').set(patch).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// --- audit log (insert and read only: the table refuses UPDATE and DELETE)

export async function insertAudit(db: Db, row: Insertable<ModerationAuditLogTable>): Promise<void> {
  await db.insertInto('moderation_audit_log').values(row).execute();
}

export function auditQuery(db: Db, f: { targetType?: string; targetId?: string; actorId?: string }) {
  let q = db.selectFrom('moderation_audit_log').selectAll();
  if (f.targetType) q = q.where('target_type', '=', f.targetType);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  return q;
}
