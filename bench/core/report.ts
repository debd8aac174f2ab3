import type { EndpointResult } from './load.js';

export const CEILING = 'instance';
export const BARE = 'health';
export const HOME = 'home timeline';
/** Home-timeline reads while other people post and upvote in the background (not the target's figure). */
export const HOME_BUSY = 'home while busy';
/** The target: home-timeline reads at half the ceiling's throughput or better. */
export const HOME_TARGET_RATIO = 0.5;

export interface Report {
  ceiling: EndpointResult | undefined;
  /** Each endpoint with its throughput as a share of the ceiling's (GET /api/v1/instance) and of the bare server's (/health). */
  rows: Array<EndpointResult & { ratio: number | null; ratioBare: number | null; cpuRatio: number | null }>;
  homeRatio: number | null;
  homeRatioBare: number | null;
  homeTargetMet: boolean | null;
}

export function buildReport(results: EndpointResult[]): Report {
  const ceiling = results.find((r) => r.name === CEILING);
  const bare = results.find((r) => r.name === BARE);
  const share = (r: EndpointResult, of: EndpointResult | undefined) => (of && of.requestsPerSecond > 0 ? r.requestsPerSecond / of.requestsPerSecond : null);
  // The throughput ratio if the server had a core to itself: the ceiling's CPU per request over the endpoint's.
  const cpuShare = (r: EndpointResult) =>
    ceiling?.cpuMsPerRequest && r.cpuMsPerRequest && r.cpuMsPerRequest > 0 ? ceiling.cpuMsPerRequest / r.cpuMsPerRequest : null;
  const rows = results.map((r) => ({ ...r, ratio: share(r, ceiling), ratioBare: share(r, bare), cpuRatio: cpuShare(r) }));
  const home = rows.find((r) => r.name === HOME);
  const homeRatio = home ? home.ratio : null;
  return { ceiling, rows, homeRatio, homeRatioBare: home ? home.ratioBare : null, homeTargetMet: homeRatio === null ? null : homeRatio >= HOME_TARGET_RATIO };
}

/** A plain-text table: endpoint, requests/s, p50, p99, errors, ratio to the ceiling. */
export function formatReport(report: Report): string {
  const header = ['endpoint', 'request', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'vs ceiling', 'vs /health', 'CPU ms/req', 'CPU vs ceiling'];
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
    r.name === CEILING ? 'ceiling' : percent(r.ratio),
    percent(r.ratioBare),
    r.cpuMsPerRequest === null ? '-' : r.cpuMsPerRequest.toFixed(2),
    r.name === CEILING ? 'ceiling' : percent(r.cpuRatio),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ');
  const out = [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)];
  for (const r of report.rows)
    if (r.background)
      out.push(
        '',
        `${r.name}: the same reads while ${r.background.requests} writes (${(r.background.requests / r.seconds).toFixed(0)}/s: posts and upvotes by other accounts) ran beside them${r.background.errors ? `, ${r.background.errors} of them failed` : ''}.`,
      );
  const homeCpu = report.rows.find((r) => r.name === HOME);
  if (report.homeRatio !== null)
    out.push(
      '',
      `Home timeline at ${percent(report.homeRatio)} of the ceiling's throughput (GET /api/v1/instance; target >= ${HOME_TARGET_RATIO * 100}%): ${report.homeTargetMet ? 'met' : 'NOT met'}` +
        (report.homeRatioBare === null ? '' : `; ${percent(report.homeRatioBare)} of the bare server's (/health)`) +
        (homeCpu?.cpuRatio ? `; by server CPU per request, ${percent(homeCpu.cpuRatio)} of the ceiling.` : '.'),
    );
  return out.join('\n');
}

function percent(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(0)}%`;
}
