import type { Infra } from '../infra/infra.js';
import { actionCountsByMonth, appealCountsByMonth, reportCountsByMonth, reportResponseTimes, screeningCountsByMonth } from './transparency.store.js';

/** One month of the public transparency report: counts only, never who or what. */
export interface TransparencyMonth {
  month: string;
  posts_screened: number;
  posts_published: number;
  posts_held: number;
  posts_refused: number;
  posts_released_after_review: number;
  reports_received: number;
  /** Median seconds from a report to the first action on it; null when none was acted on that month. */
  median_seconds_report_to_action: number | null;
  actions: Array<{ kind: string; rule: string | null; count: number }>;
  appeals_received: number;
  appeals_upheld: number;
  appeals_rejected: number;
}

export interface TransparencyReport {
  generated_at: string;
  months: TransparencyMonth[];
}

// Actions that are bookkeeping, not decisions about content or people.
const INTERNAL = new Set(['approve_signup']);

export async function transparencyReport(ctx: Pick<Infra, 'db'>): Promise<TransparencyReport> {
  const [screenings, actions, reports, times, appeals] = await Promise.all([
    screeningCountsByMonth(ctx.db),
    actionCountsByMonth(ctx.db),
    reportCountsByMonth(ctx.db),
    reportResponseTimes(ctx.db),
    appealCountsByMonth(ctx.db),
  ]);
  const months = new Map<string, TransparencyMonth>();
  const at = (month: string): TransparencyMonth => {
    let m = months.get(month);
    if (!m) {
      m = {
        month,
        posts_screened: 0,
        posts_published: 0,
        posts_held: 0,
        posts_refused: 0,
        posts_released_after_review: 0,
        reports_received: 0,
        median_seconds_report_to_action: null,
        actions: [],
        appeals_received: 0,
        appeals_upheld: 0,
        appeals_rejected: 0,
      };
      months.set(month, m);
    }
    return m;
  };
  for (const s of screenings) {
    const m = at(s.month);
    m.posts_screened += s.n;
    if (s.outcome === 'published') m.posts_published += s.n;
    if (s.outcome === 'pending') m.posts_held += s.n;
    if (s.outcome === 'refused') m.posts_refused += s.n;
  }
  for (const a of actions) {
    if (INTERNAL.has(a.kind)) continue;
    const m = at(a.month);
    if (a.kind === 'approve') m.posts_released_after_review += a.n;
    m.actions.push({ kind: a.kind, rule: a.rule, count: a.n });
  }
  for (const r of reports) at(r.month).reports_received += r.n;
  const delays = new Map<string, number[]>();
  for (const t of times) {
    const month = t.created_at.slice(0, 7);
    const list = delays.get(month) ?? [];
    list.push(Math.max(0, (Date.parse(t.action_taken_at) - Date.parse(t.created_at)) / 1000));
    delays.set(month, list);
  }
  for (const [month, list] of delays) at(month).median_seconds_report_to_action = Math.round(median(list));
  for (const a of appeals) {
    const m = at(a.month);
    m.appeals_received += a.n;
    if (a.state === 'approved') m.appeals_upheld += a.n;
    if (a.state === 'rejected') m.appeals_rejected += a.n;
  }
  for (const m of months.values()) m.actions.sort((x, y) => y.count - x.count || x.kind.localeCompare(y.kind));
  return { generated_at: new Date().toISOString(), months: [...months.values()].sort((a, b) => b.month.localeCompare(a.month)) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
