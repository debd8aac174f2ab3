import { Hono } from 'hono';
import { z } from 'zod';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { reportsPage } from '../../moderation/lists.service.js';
import { createReport, REPORT_CATEGORIES } from '../../moderation/reports.service.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params, zBool, zId, zList, zRuleId } from '../params.js';
import { renderReport, renderReports } from '../render/reports.js';

export const reportsRoutes = new Hono<AppEnv>();

// https://docs.joinmastodon.org/methods/reports/#post
const reportSchema = z.object({
  account_id: zId,
  status_ids: zList(zId).optional(),
  comment: z.string().max(1000).optional(),
  forward: zBool.optional(),
  forward_to_domains: zList(z.string()).optional(),
  category: z.enum(REPORT_CATEGORIES).optional(),
  rule_ids: zList(zRuleId).optional(),
});

reportsRoutes.post('/api/v1/reports', requireUser('write:reports'), async (c) => {
  const p = await params(c, reportSchema);
  const row = await createReport(c.var.ctx, viewerId(c), {
    accountId: p.account_id,
    statusIds: p.status_ids ?? [],
    comment: p.comment ?? '',
    category: p.category,
    ruleIds: p.rule_ids ?? [],
    forward: p.forward ?? false,
  });
  // A report on a remote account the reporter chose to forward goes to its server as a Flag from this server.
  // The report stands whatever happens to the delivery: a failure to queue it is logged, not the reporter's error.
  if (row.forwarded === 1)
    await c.var.ctx.federation.forwardReport(row).catch((err) => c.var.ctx.logger.warn({ err, reportId: row.id }, 'report not forwarded'));
  return c.json(await renderReport(c.var.ctx, row));
});

// Tribune extension: the reports I filed, with what the moderators did about them.
reportsRoutes.get('/api/v1/tribune/reports', requireUser('read:accounts'), async (c) => {
  const p = await params(c, pageSchema(20, 40));
  const rows = await reportsPage(c.var.ctx, { accountId: viewerId(c) }, toPage(p));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(await renderReports(c.var.ctx, rows));
});
