import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import { fetchPage, type Page } from '../../db/pagination.js';
import type { DB, NotificationsTable } from '../../db/schema.js';
import { noDomainBlockBy } from '../../db/shunning.js';
import { type NotificationType, OPT_IN_NOTIFICATION_TYPES } from './types.js';

export type NotificationRow = Selectable<NotificationsTable>;

export interface NotificationFilter {
  types?: string[];
  excludeTypes?: string[];
  /** Only those caused by this account. */
  fromAccountId?: string;
  statusId?: string;
  /** Created at or after this instant, and before `createdBefore` (ISO strings). */
  createdFrom?: string;
  createdBefore?: string;
  /** Include notifications the policy filtered (always when `fromAccountId` is given, as Mastodon does). */
  includeFiltered?: boolean;
  /** Tribune's own types too, unasked (a lookup by id: the client already holds the id). */
  anyType?: boolean;
}

/** Whether `accountId` must not hear from `fromAccountId`: a block either way, or an active mute that hides notifications. */
export async function isSilenced(db: Kysely<DB>, accountId: string, fromAccountId: string, now: string): Promise<boolean> {
  const row = await db
    .selectFrom('blocks')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('account_id', '=', accountId), eb('target_account_id', '=', fromAccountId)]),
        eb.and([eb('account_id', '=', fromAccountId), eb('target_account_id', '=', accountId)]),
      ]),
    )
    .unionAll(
      db
        .selectFrom('mutes')
        .select('id')
        .where('account_id', '=', accountId)
        .where('target_account_id', '=', fromAccountId)
        .where('hide_notifications', '=', 1)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** False when the same notification already exists (the `notifications_once` index, migration 0800). */
export async function insertNotification(db: Kysely<DB> | Transaction<DB>, row: NotificationRow): Promise<boolean> {
  const res = await db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

// Read-time rules: a sender blocked (either way), muted with notifications hidden, or suspended disappears
// from the list, even for notifications recorded before.
function visibleTo(accountId: string, now: string) {
  return (eb: ExpressionBuilder<DB & { n: NotificationsTable }, 'n'>) =>
    eb.and([
      eb('n.account_id', '=', accountId),
      // A moderation warning stays whoever acted: it is about the reader's own account.
      eb.or([eb('n.type', '=', 'moderation_warning' satisfies NotificationType), senderVisible(eb, accountId, now)]),
    ]);
}

function senderVisible(eb: ExpressionBuilder<DB & { n: NotificationsTable }, 'n'>, accountId: string, now: string) {
  return eb.and([
    eb.not(
      eb.exists(
        eb
          .selectFrom('blocks as b')
          .select('b.id')
          .where((x) =>
            x.or([
              x.and([x('b.account_id', '=', accountId), x('b.target_account_id', '=', x.ref('n.from_account_id'))]),
              x.and([x('b.account_id', '=', x.ref('n.from_account_id')), x('b.target_account_id', '=', accountId)]),
            ]),
          ),
      ),
    ),
    eb.not(
      eb.exists(
        eb
          .selectFrom('mutes as m')
          .select('m.id')
          .where('m.account_id', '=', accountId)
          .whereRef('m.target_account_id', '=', 'n.from_account_id')
          .where('m.hide_notifications', '=', 1)
          .where((x) => x.or([x('m.expires_at', 'is', null), x('m.expires_at', '>', now)])),
      ),
    ),
    eb.not(eb.exists(eb.selectFrom('accounts as a').select('a.id').whereRef('a.id', '=', 'n.from_account_id').where('a.suspended_at', 'is not', null))),
    noDomainBlockBy(eb, accountId, { ref: 'n.from_account_id' }),
  ]);
}

function filtered(db: Kysely<DB>, accountId: string, filter: NotificationFilter, now: string) {
  let q = db.selectFrom('notifications as n').selectAll('n').where(visibleTo(accountId, now));
  if (filter.types && filter.types.length > 0) q = q.where('n.type', 'in', filter.types);
  const unasked = filter.anyType ? [] : OPT_IN_NOTIFICATION_TYPES.filter((t) => !filter.types?.includes(t));
  if (unasked.length > 0) q = q.where('n.type', 'not in', unasked);
  if (filter.excludeTypes && filter.excludeTypes.length > 0) q = q.where('n.type', 'not in', filter.excludeTypes);
  if (filter.fromAccountId) q = q.where('n.from_account_id', '=', filter.fromAccountId);
  else if (!filter.includeFiltered) q = q.where('n.filtered', '=', 0);
  if (filter.statusId) q = q.where('n.status_id', '=', filter.statusId);
  if (filter.createdFrom) q = q.where('n.created_at', '>=', filter.createdFrom);
  if (filter.createdBefore) q = q.where('n.created_at', '<', filter.createdBefore);
  return q;
}

/** A page of someone's notifications, newest first. */
export async function listNotifications(db: Kysely<DB>, accountId: string, filter: NotificationFilter, page: Page, now: string): Promise<NotificationRow[]> {
  return fetchPage(filtered(db, accountId, filter, now), 'n.id', page);
}

/** Ids of notifications newer than `afterId` (all when null), at most `limit`: enough to count unread ones cheaply. */
export async function listNotificationIdsAfter(
  db: Kysely<DB>,
  accountId: string,
  filter: NotificationFilter,
  afterId: string | null,
  limit: number,
  now: string,
): Promise<string[]> {
  let q = filtered(db, accountId, filter, now);
  if (afterId) q = q.where('n.id', '>', afterId);
  const rows = await q.orderBy('n.id', 'desc').limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function findNotification(db: Kysely<DB>, accountId: string, id: string, now: string): Promise<NotificationRow | undefined> {
  return filtered(db, accountId, { includeFiltered: true, anyType: true }, now).where('n.id', '=', id).executeTakeFirst();
}

export async function findNotificationsByIds(db: Kysely<DB>, accountId: string, ids: string[], now: string): Promise<NotificationRow[]> {
  if (ids.length === 0) return [];
  return filtered(db, accountId, { anyType: true }, now).where('n.id', 'in', ids).execute();
}

export async function deleteAllNotifications(db: Kysely<DB>, accountId: string): Promise<void> {
  await db.deleteFrom('notifications').where('account_id', '=', accountId).execute();
}

/** Deletes the given notifications of `accountId` (never someone else's); returns how many went. */
export async function deleteNotifications(db: Kysely<DB>, accountId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const res = await db.deleteFrom('notifications').where('account_id', '=', accountId).where('id', 'in', ids).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The notifications reading position (Mastodon's markers, timeline "notifications"). */
export async function findNotificationsMarker(db: Kysely<DB>, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom('markers')
    .select('last_read_id')
    .where('account_id', '=', accountId)
    .where('timeline', '=', 'notifications')
    .executeTakeFirst();
  return row && /^[0-9]{1,19}$/.test(row.last_read_id) ? row.last_read_id : null;
}

export interface WarningRow {
  id: string;
  kind: string;
  reason: string;
  status_id: string | null;
  created_at: string;
  appeal_text: string | null;
  appeal_state: string | null;
}
