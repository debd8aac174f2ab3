import type { EndpointResult } from './load.js';

export const CEILING = 'instance';
export const HOME = 'home timeline';
/** The target: home-timeline reads at half the ceiling's throughput or better. */
export const HOME_TARGET_RATIO = 0.5;

export interface Report {
  ceiling: EndpointResult | undefined;
  rows: Array<EndpointResult & { ratio: number | null }>;
  homeRatio: number | null;
  homeTargetMet: boolean | null;
}

export function buildReport(results: EndpointResult[]): Report {
  const ceiling = results.find((r) => r.name === CEILING);
  const ratio = (r: EndpointResult) => (ceiling && ceiling.requestsPerSecond > 0 ? r.requestsPerSecond / ceiling.requestsPerSecond : null);
  const rows = results.map((r) => ({ ...r, ratio: ratio(r) }));
  const home = rows.find((r) => r.name === HOME);
  const homeRatio = home ? home.ratio : null;
  return { ceiling, rows, homeRatio, homeTargetMet: homeRatio === null ? null : homeRatio >= HOME_TARGET_RATIO };
}

/** A plain-text table: endpoint, requests/s, p50, p99, errors, ratio to the ceiling. */
export function formatReport(report: Report): string {
  const header = ['endpoint', 'request', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'vs ceiling'];
  const lines = report.rows.map((r) => [
    r.name,
    `${r.method} ${r.example.replace(/\/\d{6,}(?=\/|$)/g, '/:id')}`,
    r.requestsPerSecond.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.errors
      ? `${r.errors} (${
          Object.entries(r.statusCodes)
            .filter(([c]) => !c.startsWith('2'))
            .map(([c, n]) => `${c}x${n}`)
            .join(' ') || 'socket'
        })`
      : '0',
    r.name === CEILING ? 'ceiling' : r.ratio === null ? '-' : `${(r.ratio * 100).toFixed(0)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ');
  const out = [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)];
  if (report.homeRatio !== null)
    out.push(
      '',
      `Home timeline at ${(report.homeRatio * 100).toFixed(0)}% of the ceiling's throughput (target >= ${HOME_TARGET_RATIO * 100}%): ${report.homeTargetMet ? 'met' : 'NOT met'}.`,
    );
  return out.join('\n');
}
