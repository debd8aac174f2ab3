import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { ruleText } from '../moderation/rules.js';
import type { TransparencyMonth, TransparencyReport } from '../moderation/transparency.service.js';
import { transparencyReport } from '../moderation/transparency.service.js';
import { CSP_HEADER, DOCUMENT_POLICY } from '../web/csp.js';
import type { AppEnv } from './env.js';

// The public transparency report: per month, counts only (no accounts, no posts, no moderators).
export const transparencyRoutes = new Hono<AppEnv>();

async function withRuleTexts(ctx: AppContext, r: TransparencyReport) {
  const months = [];
  for (const m of r.months) {
    const actions = [];
    for (const a of m.actions) actions.push({ ...a, rule_text: await ruleText(ctx, a.rule) });
    months.push({ ...m, actions });
  }
  return { instance: ctx.config.domain, generated_at: r.generated_at, months };
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
  return c.html(renderPage(c.var.ctx.config.instanceTitle, report.months));
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

function renderPage(title: string, months: Month[]): string {
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
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{padding:.25rem .75rem;border-bottom:1px solid #ddd;text-align:left}td{font-variant-numeric:tabular-nums}</style>
</head><body>
<h1>Transparency report</h1>
<p>How ${esc(title)} moderates, month by month: every new or edited post is screened before it is published; threats and calls to violence are held for a moderator or refused. These figures are counts only and name no one. <a href="/about/transparency.json">JSON</a></p>
${rows || '<p>Nothing to report yet.</p>'}
</body></html>`;
}
