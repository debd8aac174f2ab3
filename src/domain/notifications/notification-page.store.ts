import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ReportRow } from '../../moderation/moderation.store.js';
import type { WarningRow } from './notifications.store.js';

// The statements behind loading a page of notifications (notification-loader.ts): one per kind, never one per row.

/** The strikes on an account up to `until`, newest first, each with its appeal (an account has few). */
export async function strikesUntil(db: Kysely<DB>, accountId: string, until: string): Promise<WarningRow[]> {
  return db
    .selectFrom('moderation_actions as a')
    .leftJoin('moderation_appeals as p', 'p.action_id', 'a.id')
    .select(['a.id', 'a.kind', 'a.reason', 'a.status_id', 'a.created_at', 'p.text as appeal_text', 'p.state as appeal_state'])
    .where('a.target_account_id', '=', accountId)
    .where('a.strike', '=', 1)
    .where('a.created_at', '<=', until)
    .orderBy('a.id', 'desc')
    .execute();
}

/**
 * For each (reporter, time), the reporter's latest report filed at or before it, in one statement; the answer
 * is in the order asked, undefined where there is none.
 */
export async function latestReportsBefore(db: Kysely<DB>, asks: Array<{ reporterId: string; at: string }>): Promise<Array<ReportRow | undefined>> {
  if (asks.length === 0) return [];
  const branch = (ask: { reporterId: string; at: string }, i: number) =>
    db
      .selectFrom(
        db
          .selectFrom('reports')
          .selectAll()
          .select(sql<number>`${sql.lit(i)}`.as('ask'))
          .where('account_id', '=', ask.reporterId)
          .where('created_at', '<=', ask.at)
          .orderBy('id', 'desc')
          .limit(1)
          .as(`r${i}`),
      )
      .selectAll();
  let q = branch(asks[0]!, 0);
  for (let i = 1; i < asks.length; i++) q = q.unionAll(branch(asks[i]!, i));
  const out: Array<ReportRow | undefined> = asks.map(() => undefined);
  for (const { ask, ...report } of await q.execute()) out[Number(ask)] = report;
  return out;
}
