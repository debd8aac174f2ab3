import type { Infra } from '../infra/infra.js';
import { domainBlockCountsByMonth, domainBlocksInForce, federatedReportCountsByMonth, remoteScreeningCountsByMonth } from './federation-transparency.store.js';
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
  /** Posts from other servers screened at the border: held for review, refused (never stored). */
  remote_posts_held: number;
  remote_posts_refused: number;
  /** Reports that came from other servers, and reports sent on to them. */
  reports_from_other_servers: number;
  reports_forwarded: number;
  /** Admin domain blocks made that month and still in force, by severity. */
  domain_blocks: { suspend: number; silence: number; noop: number };
}

/** Other servers blocked or limited now (no names: the public list at /api/v1/instance/domain_blocks has those). */
export interface FederationFigures {
  domain_blocks_in_force: { suspend: number; silence: number; noop: number; reject_media: number; reject_reports: number };
}

export interface TransparencyReport {
  generated_at: string;
  federation: FederationFigures;
  months: TransparencyMonth[];
}

// Actions that are bookkeeping, not decisions about content or people.
const INTERNAL = new Set(['approve_signup']);

export async function transparencyReport(ctx: Pick<Infra, 'db'>): Promise<TransparencyReport> {
  const [screenings, actions, reports, times, appeals, remote, federatedReports, blocks, inForce] = await Promise.all([
    screeningCountsByMonth(ctx.db),
    actionCountsByMonth(ctx.db),
    reportCountsByMonth(ctx.db),
    reportResponseTimes(ctx.db),
    appealCountsByMonth(ctx.db),
    remoteScreeningCountsByMonth(ctx.db),
    federatedReportCountsByMonth(ctx.db),
    domainBlockCountsByMonth(ctx.db),
    domainBlocksInForce(ctx.db),
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
        remote_posts_held: 0,
        remote_posts_refused: 0,
        reports_from_other_servers: 0,
        reports_forwarded: 0,
        domain_blocks: { suspend: 0, silence: 0, noop: 0 },
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
  for (const r of remote) {
    const m = at(r.month);
    if (r.outcome === 'pending') m.remote_posts_held += r.n;
    if (r.outcome === 'refused') m.remote_posts_refused += r.n;
  }
  for (const r of federatedReports) {
    const m = at(r.month);
    m.reports_from_other_servers += r.incoming;
    m.reports_forwarded += r.forwarded;
  }
  for (const b of blocks) {
    const m = at(b.month);
    if (b.severity === 'suspend' || b.severity === 'silence' || b.severity === 'noop') m.domain_blocks[b.severity] += b.n;
  }
  const severity = (name: string) => inForce.bySeverity.find((x) => x.severity === name)?.n ?? 0;
  const federation: FederationFigures = {
    domain_blocks_in_force: {
      suspend: severity('suspend'),
      silence: severity('silence'),
      noop: severity('noop'),
      reject_media: inForce.rejectMedia,
      reject_reports: inForce.rejectReports,
    },
  };
  for (const m of months.values()) m.actions.sort((x, y) => y.count - x.count || x.kind.localeCompare(y.kind));
  return { generated_at: new Date().toISOString(), federation, months: [...months.values()].sort((a, b) => b.month.localeCompare(a.month)) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
