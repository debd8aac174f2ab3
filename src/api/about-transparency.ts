import { Hono } from 'hono';
import type { InstanceDeps } from '../domain/instance/instance.service.js';
import type { Infra } from '../infra/infra.js';
import { ruleText } from '../moderation/rules.js';
import type { FederationFigures, TransparencyMonth, TransparencyReport } from '../moderation/transparency.service.js';
import { transparencyReport } from '../moderation/transparency.service.js';
import { CSP_HEADER, DOCUMENT_POLICY } from '../web/csp.js';
import { barChartSvg, CHART_COLORS } from '../web/svg-chart.js';
import type { AppEnv } from './env.js';

// The public transparency report: per month, counts only (no accounts, no posts, no moderators).
export const transparencyRoutes = new Hono<AppEnv>();

async function withRuleTexts(ctx: InstanceDeps & Pick<Infra, 'config'>, r: TransparencyReport) {
  const months = [];
  for (const m of r.months) {
    const actions = [];
    for (const a of m.actions) actions.push({ ...a, rule_text: await ruleText(ctx, a.rule) });
    months.push({ ...m, actions });
  }
  return { instance: ctx.config.domain, generated_at: r.generated_at, federation: r.federation, months };
}

transparencyRoutes.get('/about/transparency.json', async (c) => {
  c.header('Cache-Control', 'public, max-age=300');
  return c.json(await withRuleTexts(c.var.ctx, await transparencyReport(c.var.ctx)));
});

transparencyRoutes.get('/about/transparency', async (c) => {
  const report = await withRuleTexts(c.var.ctx, await transparencyReport(c.var.ctx));
  c.header('Cache-Control', 'public, max-age=300');
  c.header('Vary', 'Accept');
  const accept = c.req.header('accept') ?? '';
  if (/application\/json/.test(accept) && !/text\/html/.test(accept)) return c.json(report);
  c.header(CSP_HEADER, DOCUMENT_POLICY);
  return c.html(renderPage(c.var.ctx.config.instanceTitle, report.months, report.federation));
});

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

type Month = Omit<TransparencyMonth, 'actions'> & { actions: Array<{ kind: string; rule: string | null; count: number; rule_text: string | null }> };

function monthName(month: string, style: 'short' | 'long'): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? month : d.toLocaleDateString('en', { month: style, year: style === 'long' ? 'numeric' : undefined, timeZone: 'UTC' });
}

/** The last twelve months as charts, oldest first: each figure read at a glance, the tables below say it in full. */
function renderCharts(months: Month[]): string {
  const recent = months.slice(0, 12).reverse();
  if (recent.length === 0) return '';
  const labels = recent.map((m) => monthName(m.month, 'short'));
  const hours = (s: number) => (s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(s < 36000 ? 1 : 0)} h`);
  const charts = [
    barChartSvg(
      { title: 'Posts screened', labels, series: [{ name: 'Screened', values: recent.map((m) => m.posts_screened), color: CHART_COLORS[0]! }] },
      'chart-screened',
    ),
    barChartSvg(
      {
        title: 'Posts held, refused and released',
        labels,
        series: [
          { name: 'Held for review', values: recent.map((m) => m.posts_held), color: CHART_COLORS[1]! },
          { name: 'Refused', values: recent.map((m) => m.posts_refused), color: CHART_COLORS[3]! },
          { name: 'Released after review', values: recent.map((m) => m.posts_released_after_review), color: CHART_COLORS[2]! },
        ],
      },
      'chart-held',
    ),
    barChartSvg(
      { title: 'Reports received', labels, series: [{ name: 'Reports', values: recent.map((m) => m.reports_received), color: CHART_COLORS[0]! }] },
      'chart-reports',
    ),
    barChartSvg(
      {
        title: 'Median time from a report to the first action',
        labels,
        series: [{ name: 'Median time', values: recent.map((m) => m.median_seconds_report_to_action), color: CHART_COLORS[1]! }],
        format: hours,
      },
      'chart-response',
    ),
    barChartSvg(
      {
        title: 'Appeals and reversals',
        labels,
        series: [
          { name: 'Appeals received', values: recent.map((m) => m.appeals_received), color: CHART_COLORS[0]! },
          { name: 'Decisions reversed', values: recent.map((m) => m.appeals_upheld), color: CHART_COLORS[2]! },
        ],
      },
      'chart-appeals',
    ),
    barChartSvg(
      {
        title: 'From other servers',
        labels,
        series: [
          { name: 'Posts held', values: recent.map((m) => m.remote_posts_held), color: CHART_COLORS[1]! },
          { name: 'Posts refused', values: recent.map((m) => m.remote_posts_refused), color: CHART_COLORS[3]! },
          { name: 'Reports from other servers', values: recent.map((m) => m.reports_from_other_servers), color: CHART_COLORS[0]! },
        ],
      },
      'chart-federation',
    ),
  ];
  const span = recent.length > 1 ? `${monthName(recent[0]!.month, 'long')} to ${monthName(recent.at(-1)!.month, 'long')}` : monthName(recent[0]!.month, 'long');
  return `<section aria-labelledby="at-a-glance"><h2 id="at-a-glance">At a glance</h2><p class="muted">${esc(span)}, month by month; the figures follow in full below.</p>
<div class="charts">${charts.join('\n')}</div></section>`;
}

/** The servers blocked or limited now, by what the block does (no names: the public list has those). */
function renderFederation(f: FederationFigures): string {
  const b = f.domain_blocks_in_force;
  return `<section aria-labelledby="other-servers"><h2 id="other-servers">Other servers</h2>
<p class="muted">Posts from other servers are screened like local ones; admins block servers that keep sending harm. <a href="/api/v1/instance/domain_blocks">The servers limited</a>.</p>
<table>
<tr><th scope="row">Servers suspended (nothing exchanged)</th><td>${b.suspend}</td></tr>
<tr><th scope="row">Servers silenced (kept off public timelines)</th><td>${b.silence}</td></tr>
<tr><th scope="row">Servers whose media is not stored</th><td>${b.reject_media}</td></tr>
<tr><th scope="row">Servers whose reports are not taken</th><td>${b.reject_reports}</td></tr>
</table></section>`;
}

function renderPage(title: string, months: Month[], federation: FederationFigures): string {
  const rows = months
    .map(
      (m) => `<section><h2>${esc(m.month)}</h2>
<table>
<tr><th scope="row">Posts screened</th><td>${m.posts_screened}</td></tr>
<tr><th scope="row">Published at once</th><td>${m.posts_published}</td></tr>
<tr><th scope="row">Held for review</th><td>${m.posts_held}</td></tr>
<tr><th scope="row">Refused</th><td>${m.posts_refused}</td></tr>
<tr><th scope="row">Released after review</th><td>${m.posts_released_after_review}</td></tr>
<tr><th scope="row">Reports received</th><td>${m.reports_received}</td></tr>
<tr><th scope="row">Median time from report to first action</th><td>${duration(m.median_seconds_report_to_action)}</td></tr>
<tr><th scope="row">Appeals received</th><td>${m.appeals_received}</td></tr>
<tr><th scope="row">Appeals upheld (decision reversed)</th><td>${m.appeals_upheld}</td></tr>
<tr><th scope="row">Appeals rejected</th><td>${m.appeals_rejected}</td></tr>
<tr><th scope="row">Posts from other servers held for review</th><td>${m.remote_posts_held}</td></tr>
<tr><th scope="row">Posts from other servers refused</th><td>${m.remote_posts_refused}</td></tr>
<tr><th scope="row">Reports from other servers</th><td>${m.reports_from_other_servers}</td></tr>
<tr><th scope="row">Reports forwarded to other servers</th><td>${m.reports_forwarded}</td></tr>
<tr><th scope="row">Servers blocked (suspended, silenced, noted)</th><td>${m.domain_blocks.suspend}, ${m.domain_blocks.silence}, ${m.domain_blocks.noop}</td></tr>
</table>
${
  m.actions.length
    ? `<h3>Actions by kind and rule</h3><table><tr><th>Action</th><th>Rule</th><th>Count</th></tr>${m.actions
        .map((a) => `<tr><td>${esc(a.kind)}</td><td>${esc(a.rule_text ?? '—')}</td><td>${a.count}</td></tr>`)
        .join('')}</table>`
    : ''
}
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Transparency report · ${esc(title)}</title>
<link rel="alternate" type="application/json" href="/about/transparency.json">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:0 1rem 2rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{padding:.25rem .75rem;border-bottom:1px solid #ddd;text-align:left}td{font-variant-numeric:tabular-nums}
.site-nav{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;align-items:center;padding:.75rem 0;border-bottom:1px solid #ddd;margin-bottom:1rem}.site-nav a{color:#1d4ccc}.site-nav .site-name{font-weight:800;font-size:1.15rem;color:#222;text-decoration:none;margin-right:auto}
.muted{color:#555}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,20rem),1fr));gap:1rem 1.5rem}.chart{margin:0}.chart figcaption{font-weight:700}.chart>svg{width:100%;height:auto;display:block}
.chart-legend{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;margin:.25rem 0;font-size:.9rem}.chart-legend svg{vertical-align:-1px}</style>
</head><body>
<nav class="site-nav" aria-label="${esc(title)}"><a class="site-name" href="/">${esc(title)}</a><a href="/public">Explore</a><a href="/home">Home</a><a href="/signin">Sign in</a></nav>
<main>
<h1>Transparency report</h1>
<p>How ${esc(title)} moderates, month by month: every new or edited post is screened before it is published; threats and calls to violence are held for a moderator or refused. These figures are counts only and name no one. <a href="/about/transparency.json">JSON</a></p>
${renderCharts(months)}
${renderFederation(federation)}
${rows || '<p>Nothing to report yet.</p>'}
</main>
</body></html>`;
}
