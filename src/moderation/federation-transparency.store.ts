import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

// SQL of the transparency report's federation figures: counts only, by month (YYYY-MM), never which server or who.
type Db = Kysely<DB>;

/** Screenings of posts from other servers' accounts, by month and outcome (held, refused, published). */
export async function remoteScreeningCountsByMonth(db: Db): Promise<Array<{ month: string; outcome: string; n: number }>> {
  const month = sql<string>`substr(moderation_screenings.created_at, 1, 7)`;
  const rows = await db
    .selectFrom('moderation_screenings')
    .innerJoin('accounts', 'accounts.id', 'moderation_screenings.account_id')
    .where('accounts.domain', 'is not', null)
    .select([month.as('month'), 'moderation_screenings.outcome as outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy([month, 'moderation_screenings.outcome'])
    .execute();
  return rows.map((r) => ({ month: r.month, outcome: r.outcome, n: Number(r.n) }));
}

/** Reports that came from other servers (Flag) and reports forwarded to them, by month. */
export async function federatedReportCountsByMonth(db: Db): Promise<Array<{ month: string; incoming: number; forwarded: number }>> {
  const month = sql<string>`substr(created_at, 1, 7)`;
  const rows = await db
    .selectFrom('reports')
    .where((eb) => eb.or([eb('origin_domain', 'is not', null), eb('forwarded', '=', 1)]))
    .select([
      month.as('month'),
      sql<number>`sum(case when origin_domain is not null then 1 else 0 end)`.as('incoming'),
      sql<number>`sum(case when forwarded = 1 then 1 else 0 end)`.as('forwarded'),
    ])
    .groupBy(month)
    .execute();
  return rows.map((r) => ({ month: r.month, incoming: Number(r.incoming), forwarded: Number(r.forwarded) }));
}

/** Admin domain blocks in force, by the month they were made and their severity. */
export async function domainBlockCountsByMonth(db: Db): Promise<Array<{ month: string; severity: string; n: number }>> {
  const month = sql<string>`substr(created_at, 1, 7)`;
  const rows = await db
    .selectFrom('domain_blocks')
    .select([month.as('month'), 'severity', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy([month, 'severity'])
    .execute();
  return rows.map((r) => ({ month: r.month, severity: r.severity, n: Number(r.n) }));
}

/** Admin domain blocks in force now: by severity, and how many reject media or reports. */
export async function domainBlocksInForce(db: Db): Promise<{ bySeverity: Array<{ severity: string; n: number }>; rejectMedia: number; rejectReports: number }> {
  const bySeverity = await db
    .selectFrom('domain_blocks')
    .select(['severity', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('severity')
    .execute();
  const flags = await db
    .selectFrom('domain_blocks')
    .select([sql<number>`coalesce(sum(reject_media), 0)`.as('media'), sql<number>`coalesce(sum(reject_reports), 0)`.as('reports')])
    .executeTakeFirst();
  return {
    bySeverity: bySeverity.map((r) => ({ severity: r.severity, n: Number(r.n) })),
    rejectMedia: Number(flags?.media ?? 0),
    rejectReports: Number(flags?.reports ?? 0),
  };
}
