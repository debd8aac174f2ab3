import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

// SQL of the transparency report: counts only, grouped by month (YYYY-MM).
type Db = Kysely<DB>;

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
