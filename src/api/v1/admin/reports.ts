import { Hono } from 'hono';
import { z } from 'zod';
import { requireStaff, viewerId } from '../../../middleware/auth.js';
import { reportsPage } from '../../../moderation/lists.service.js';
import { assignReport, getReport, REPORT_CATEGORIES, reopenReport, resolveReport, updateReportClassification } from '../../../moderation/reports.service.js';
import type { AppEnv } from '../../env.js';
import { pageSchema, setLinkHeader, toPage } from '../../pagination.js';
import { params, pathId, zBool, zId, zList, zRuleId } from '../../params.js';
import { renderAdminReport, renderAdminReports } from '../../render/reports.js';

// Mastodon's admin reports API: https://docs.joinmastodon.org/methods/admin/reports/
export const adminReportsRoutes = new Hono<AppEnv>();

const listSchema = pageSchema(100, 200).extend({
  resolved: zBool.optional(),
  account_id: zId.optional(),
  target_account_id: zId.optional(),
});

adminReportsRoutes.get('/api/v1/admin/reports', requireStaff('admin:read:reports'), async (c) => {
  const p = await params(c, listSchema);
  // Mastodon lists unresolved reports unless asked for resolved ones.
  const rows = await reportsPage(c.var.ctx, { resolved: p.resolved ?? false, accountId: p.account_id, targetAccountId: p.target_account_id }, toPage(p));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(await renderAdminReports(c.var.ctx, rows));
});

adminReportsRoutes.get('/api/v1/admin/reports/:id', requireStaff('admin:read:reports'), async (c) => {
  const row = await getReport(c.var.ctx, pathId(c));
  return c.json(await renderAdminReport(c.var.ctx, row));
});

adminReportsRoutes.put('/api/v1/admin/reports/:id', requireStaff('admin:write:reports'), async (c) => {
  const id = pathId(c);
  const p = await params(c, z.object({ category: z.enum(REPORT_CATEGORIES).optional(), rule_ids: zList(zRuleId).optional() }));
  const row = await updateReportClassification(c.var.ctx, viewerId(c), id, { category: p.category, ruleIds: p.rule_ids });
  return c.json(await renderAdminReport(c.var.ctx, row));
});

adminReportsRoutes.post('/api/v1/admin/reports/:id/assign_to_self', requireStaff('admin:write:reports'), async (c) => {
  const row = await assignReport(c.var.ctx, viewerId(c), pathId(c), viewerId(c));
  return c.json(await renderAdminReport(c.var.ctx, row));
});

adminReportsRoutes.post('/api/v1/admin/reports/:id/unassign', requireStaff('admin:write:reports'), async (c) => {
  const row = await assignReport(c.var.ctx, viewerId(c), pathId(c), null);
  return c.json(await renderAdminReport(c.var.ctx, row));
});

adminReportsRoutes.post('/api/v1/admin/reports/:id/resolve', requireStaff('admin:write:reports'), async (c) => {
  const row = await resolveReport(c.var.ctx, viewerId(c), pathId(c));
  return c.json(await renderAdminReport(c.var.ctx, row));
});

adminReportsRoutes.post('/api/v1/admin/reports/:id/reopen', requireStaff('admin:write:reports'), async (c) => {
  const row = await reopenReport(c.var.ctx, viewerId(c), pathId(c));
  return c.json(await renderAdminReport(c.var.ctx, row));
});
