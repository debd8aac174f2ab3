import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type {
  AccountsTable,
  DB,
  ModerationActionsTable,
  ModerationAppealsTable,
  ModerationAuditLogTable,
  ModerationCasesTable,
  ModerationScreeningsTable,
  ReportsTable,
  StatusesTable,
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

// --- the accounts and posts moderation acts on

export type ModAccountRow = Selectable<AccountsTable>;
export type ModStatusRow = Selectable<StatusesTable>;

export async function findAccount(db: Db, id: string): Promise<ModAccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findStatus(db: Db, id: string): Promise<ModStatusRow | undefined> {
  return db.selectFrom('statuses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findStatuses(db: Db, ids: string[]): Promise<ModStatusRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('statuses').selectAll().where('id', 'in', ids).execute();
}

/** The post's thread around it: its ancestors (up to `depth`) and its direct replies. */
export async function threadAround(db: Db, status: ModStatusRow, depth = 5): Promise<{ ancestors: ModStatusRow[]; replies: ModStatusRow[] }> {
  const ancestors: ModStatusRow[] = [];
  let parentId = status.in_reply_to_id;
  while (parentId && ancestors.length < depth) {
    const parent = await findStatus(db, parentId);
    if (!parent) break;
    ancestors.unshift(parent);
    parentId = parent.in_reply_to_id;
  }
  const replies = await db.selectFrom('statuses').selectAll().where('in_reply_to_id', '=', status.id).orderBy('id', 'asc').limit(20).execute();
  return { ancestors, replies };
}

export async function recentStatusesOf(db: Db, accountId: string, limit: number): Promise<ModStatusRow[]> {
  return db
    .selectFrom('statuses')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('reblog_of_id', 'is', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function updateAccountModeration(
  db: Db,
  id: string,
  patch: Pick<Updateable<AccountsTable>, 'suspended_at' | 'suspended_until' | 'limited_at' | 'sensitized_at'>,
  at: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function updateStatusModeration(db: Db, id: string, patch: Pick<Updateable<StatusesTable>, 'state' | 'limited' | 'sensitive'>): Promise<void> {
  await db.updateTable('statuses').set(patch).where('id', '=', id).execute();
}

/** Echoes of a post: they disappear with it. */
export async function echoIdsOf(db: Db, statusId: string): Promise<string[]> {
  const rows = await db.selectFrom('statuses').select('id').where('reblog_of_id', '=', statusId).execute();
  return rows.map((r) => r.id);
}

/** Takes a post (and its echoes) out of every home feed and drops the notifications about it. */
export async function purgeStatusFromFeeds(db: Db, statusId: string): Promise<void> {
  await db
    .deleteFrom('feed_entries')
    .where((eb) => eb.or([eb('status_id', '=', statusId), eb('reblog_of_id', '=', statusId)]))
    .execute();
}

export async function accountsSuspendedUntilBefore(db: Db, iso: string): Promise<Array<{ id: string; suspended_until: string }>> {
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'suspended_until'])
    .where('suspended_at', 'is not', null)
    .where('suspended_until', 'is not', null)
    .where('suspended_until', '<=', iso)
    .execute();
  return rows.map((r) => ({ id: r.id, suspended_until: r.suspended_until as string }));
}

/**
 * Lifts this timed suspension only if it is still the one that was found due: true when this call
 * changed the row, false when another process (or a moderator) got there first.
 */
export async function claimExpiredSuspension(db: Db, id: string, suspendedUntil: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable('accounts')
    .set({ suspended_at: null, suspended_until: null, updated_at: at })
    .where('id', '=', id)
    .where('suspended_at', 'is not', null)
    .where('suspended_until', '=', suspendedUntil)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function staffAccountIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('users').select('account_id').where('role', 'in', ['moderator', 'admin']).where('disabled', '=', 0).execute();
  return rows.map((r) => r.account_id);
}

// --- transparency: counts only, grouped by month (YYYY-MM)

const month = sql<string>`substr(created_at, 1, 7)`;

export async function screeningCountsByMonth(db: Db): Promise<Array<{ month: string; outcome: string; n: number }>> {
  const rows = await db
    .selectFrom('moderation_screenings')
    .select([month.as('month'), 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy([month, 'outcome'])
    .execute();
  return rows.map((r) => ({ month: r.month, outcome: r.outcome, n: Number(r.n) }));
}

export async function actionCountsByMonth(db: Db): Promise<Array<{ month: string; kind: string; rule: string | null; n: number }>> {
  const rows = await db
    .selectFrom('moderation_actions')
    .select([month.as('month'), 'kind', 'rule', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy([month, 'kind', 'rule'])
    .execute();
  return rows.map((r) => ({ month: r.month, kind: r.kind, rule: r.rule, n: Number(r.n) }));
}

export async function reportCountsByMonth(db: Db): Promise<Array<{ month: string; n: number }>> {
  const rows = await db
    .selectFrom('reports')
    .select([month.as('month'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(month)
    .execute();
  return rows.map((r) => ({ month: r.month, n: Number(r.n) }));
}

export async function reportResponseTimes(db: Db): Promise<Array<{ created_at: string; action_taken_at: string }>> {
  const rows = await db.selectFrom('reports').select(['created_at', 'action_taken_at']).where('action_taken_at', 'is not', null).execute();
  return rows as Array<{ created_at: string; action_taken_at: string }>;
}

export async function appealCountsByMonth(db: Db): Promise<Array<{ month: string; state: string; n: number }>> {
  const rows = await db
    .selectFrom('moderation_appeals')
    .select([month.as('month'), 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy([month, 'state'])
    .execute();
  return rows.map((r) => ({ month: r.month, state: r.state, n: Number(r.n) }));
}

// --- sign-ups and sign-in (admin account actions)

export async function findUser(db: Db, accountId: string) {
  return db.selectFrom('users').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function updateUserFlags(db: Db, accountId: string, patch: { disabled?: number; approved?: number }): Promise<void> {
  await db.updateTable('users').set(patch).where('account_id', '=', accountId).execute();
}

/** Rejecting a pending sign-up removes it, as Mastodon does. */
export async function deleteAccountRow(db: Db, accountId: string): Promise<void> {
  await db.deleteFrom('accounts').where('id', '=', accountId).execute();
}

/** A batch of an account's posts, oldest first, for deleting its data. */
export async function statusBatchOf(db: Db, accountId: string, limit: number): Promise<ModStatusRow[]> {
  return db.selectFrom('statuses').selectAll().where('account_id', '=', accountId).orderBy('id', 'asc').limit(limit).execute();
}

/** Clears a profile, keeping the account row (and so its moderation history) as a tombstone. */
export async function clearProfile(db: Db, accountId: string, at: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ display_name: '', note: '', avatar_path: null, header_path: null, fields: '[]', statuses_count: 0, updated_at: at })
    .where('id', '=', accountId)
    .execute();
}
