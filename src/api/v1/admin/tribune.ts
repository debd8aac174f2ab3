import { Hono } from 'hono';
import { z } from 'zod';
import { ValidationError } from '../../../errors.js';
import { requireStaff, viewerId } from '../../../middleware/auth.js';
import { decideAppeal } from '../../../moderation/appeals.service.js';
import { assignCase, DECISIONS, decideCase, getCase, listQueue } from '../../../moderation/cases.service.js';
import { actionOfAppeal, actionsForAccount, appealsPage, auditPage, caseById, statusesOfCases } from '../../../moderation/lists.service.js';
import { serializeAudit } from '../../entities/moderation.js';
import type { AppEnv } from '../../env.js';
import { pageSchema, setLinkHeader, toPage } from '../../pagination.js';
import { params, pathId, zId, zRuleId, zSuspensionSeconds } from '../../params.js';
import { renderAdminActions, renderAdminAppeals, renderCaseDetail, renderCases } from '../../render/moderation.js';

// Tribune's moderation extensions to the admin API: the unified queue of cases, appeals, the audit log.
export const adminTribuneRoutes = new Hono<AppEnv>();

const queueSchema = z.object({
  state: z.enum(['open', 'resolved', 'all']).default('open'),
  source: z.enum(['screening', 'report', 'hash']).optional(),
  account_id: zId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(40),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

adminTribuneRoutes.get('/api/v1/admin/tribune/cases', requireStaff('admin:read:reports'), async (c) => {
  const p = await params(c, queueSchema);
  const rows = await listQueue(c.var.ctx, { state: p.state, source: p.source, targetAccountId: p.account_id, limit: p.limit, offset: p.offset });
  return c.json(await renderCases(c.var.ctx, rows, await statusesOfCases(c.var.ctx, rows)));
});

adminTribuneRoutes.get('/api/v1/admin/tribune/cases/:id', requireStaff('admin:read:reports'), async (c) => {
  const detail = await getCase(c.var.ctx, pathId(c));
  return c.json(await renderCaseDetail(c.var.ctx, detail));
});

const decideSchema = z.object({
  action: z.enum(DECISIONS),
  rule: zRuleId.optional(),
  reason: z.string().max(5000).optional(),
  duration: zSuspensionSeconds,
  scope: z.enum(['status', 'account']).optional(),
});

adminTribuneRoutes.post('/api/v1/admin/tribune/cases/:id/decide', requireStaff('admin:write:reports'), async (c) => {
  const id = pathId(c);
  const p = await params(c, decideSchema);
  if (!['dismiss', 'approve'].includes(p.action) && !p.reason?.trim())
    throw new ValidationError('Validation failed: reason must explain the decision to its author', 'reason');
  const outcome = await decideCase(c.var.ctx, viewerId(c), id, {
    action: p.action,
    rule: p.rule,
    reason: p.reason,
    durationSeconds: p.duration,
    scope: p.scope,
  });
  const actions = await renderAdminActions(c.var.ctx, [outcome.action, ...(outcome.autoSuspension ? [outcome.autoSuspension] : [])]);
  const row = await caseById(c.var.ctx, id);
  const [caseEntity] = await renderCases(c.var.ctx, [row], await statusesOfCases(c.var.ctx, [row]));
  return c.json({ case: caseEntity, action: actions[0], auto_suspension: actions[1] ?? null });
});

for (const [path, self] of [
  ['assign_to_self', true],
  ['unassign', false],
] as const) {
  adminTribuneRoutes.post(`/api/v1/admin/tribune/cases/:id/${path}`, requireStaff('admin:write:reports'), async (c) => {
    const row = await assignCase(c.var.ctx, viewerId(c), pathId(c), self ? viewerId(c) : null);
    return c.json((await renderCases(c.var.ctx, [row], await statusesOfCases(c.var.ctx, [row])))[0]);
  });
}

adminTribuneRoutes.get('/api/v1/admin/tribune/accounts/:id/actions', requireStaff('admin:read:accounts'), async (c) => {
  const p = await params(c, pageSchema(40, 200));
  const rows = await actionsForAccount(c.var.ctx, pathId(c), toPage(p));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(await renderAdminActions(c.var.ctx, rows));
});

const appealsSchema = pageSchema(40, 200).extend({ state: z.enum(['pending', 'approved', 'rejected']).optional() });

adminTribuneRoutes.get('/api/v1/admin/tribune/appeals', requireStaff('admin:read:reports'), async (c) => {
  const p = await params(c, appealsSchema);
  const { rows, actions } = await appealsPage(c.var.ctx, p.state, toPage(p));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(await renderAdminAppeals(c.var.ctx, rows, actions));
});

adminTribuneRoutes.post('/api/v1/admin/tribune/appeals/:id/decide', requireStaff('admin:write:reports'), async (c) => {
  const id = pathId(c);
  const p = await params(c, z.object({ decision: z.enum(['approve', 'reject']), reason: z.string().max(5000).optional() }));
  const appeal = await decideAppeal(c.var.ctx, viewerId(c), id, { decision: p.decision, reason: p.reason });
  const action = await actionOfAppeal(c.var.ctx, appeal);
  return c.json((await renderAdminAppeals(c.var.ctx, [appeal], new Map([[action.id, action]])))[0]);
});

const auditSchema = pageSchema(40, 200).extend({
  target_type: z.enum(['status', 'account', 'case', 'report', 'appeal']).optional(),
  target_id: zId.optional(),
  actor_id: zId.optional(),
});

// Read-only by design: there is no route that changes or deletes an audit entry.
adminTribuneRoutes.get('/api/v1/admin/tribune/audit_log', requireStaff('admin:read:reports'), async (c) => {
  const p = await params(c, auditSchema);
  const rows = await auditPage(c.var.ctx, { targetType: p.target_type, targetId: p.target_id, actorId: p.actor_id }, toPage(p));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(rows.map(serializeAudit));
});
