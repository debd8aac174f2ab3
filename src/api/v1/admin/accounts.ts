import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { requireStaff, viewerId } from '../../../middleware/auth.js';
import type { AdminAccountFilter } from '../../../moderation/admin.store.js';
import {
  ACCOUNT_ACTION_TYPES,
  deleteAccountData,
  getAccountForAdmin,
  rejectSignup,
  takeAccountAction,
  undoAccountAction,
} from '../../../moderation/admin-accounts.service.js';
import { adminAccountsPage } from '../../../moderation/lists.service.js';
import type { AppEnv } from '../../env.js';
import { pageSchema, setLinkHeader, toPage } from '../../pagination.js';
import { params, pathId, zBool, zId, zList, zRuleId, zSuspensionSeconds } from '../../params.js';
import { renderAdminAccounts } from '../../render/accounts.js';

// Mastodon's admin accounts API: https://docs.joinmastodon.org/methods/admin/accounts/
export const adminAccountsRoutes = new Hono<AppEnv>();

const v1Schema = pageSchema(100, 200).extend({
  local: zBool.optional(),
  remote: zBool.optional(),
  active: zBool.optional(),
  pending: zBool.optional(),
  disabled: zBool.optional(),
  silenced: zBool.optional(),
  suspended: zBool.optional(),
  sensitized: zBool.optional(),
  staff: zBool.optional(),
  username: z.string().max(100).optional(),
  display_name: z.string().max(100).optional(),
  email: z.string().max(200).optional(),
  by_domain: z.string().max(200).optional(),
  ip: z.string().max(100).optional(),
});

const v2Schema = pageSchema(100, 200).extend({
  origin: z.enum(['local', 'remote']).optional(),
  status: z.enum(['active', 'pending', 'disabled', 'silenced', 'suspended']).optional(),
  permissions: z.enum(['staff']).optional(),
  role_ids: zList(z.string()).optional(),
  invited_by: zId.optional(),
  username: z.string().max(100).optional(),
  display_name: z.string().max(100).optional(),
  email: z.string().max(200).optional(),
  by_domain: z.string().max(200).optional(),
  ip: z.string().max(100).optional(),
});

adminAccountsRoutes.get('/api/v1/admin/accounts', requireStaff('admin:read:accounts'), async (c) => {
  const p = await params(c, v1Schema);
  const status = (['pending', 'disabled', 'silenced', 'suspended', 'sensitized', 'active'] as const).find((k) => p[k]);
  const filter: AdminAccountFilter = {
    origin: p.remote ? 'remote' : undefined,
    status,
    staff: p.staff,
    username: p.username,
    displayName: p.display_name,
    email: p.email,
  };
  // Tribune has no remote accounts and records no sign-in addresses.
  if (p.by_domain || p.ip) filter.origin = 'remote';
  return listAccounts(c, filter, p);
});

adminAccountsRoutes.get('/api/v2/admin/accounts', requireStaff('admin:read:accounts'), async (c) => {
  const p = await params(c, v2Schema);
  const filter: AdminAccountFilter = {
    origin: p.origin,
    status: p.status,
    staff: p.permissions === 'staff',
    username: p.username,
    displayName: p.display_name,
    email: p.email,
  };
  if (p.by_domain || p.ip || p.invited_by) filter.origin = 'remote';
  return listAccounts(c, filter, p);
});

async function listAccounts(c: Context<AppEnv>, filter: AdminAccountFilter, p: Parameters<typeof toPage>[0]) {
  const rows = await adminAccountsPage(c.var.ctx, filter, toPage(p));
  setLinkHeader(
    c,
    rows.map((r) => r.id),
  );
  return c.json(await renderAdminAccounts(c.var.ctx, rows));
}

adminAccountsRoutes.get('/api/v1/admin/accounts/:id', requireStaff('admin:read:accounts'), async (c) => {
  const row = await getAccountForAdmin(c.var.ctx, pathId(c));
  return c.json((await renderAdminAccounts(c.var.ctx, [row]))[0]);
});

const actionSchema = z.object({
  type: z.enum(ACCOUNT_ACTION_TYPES),
  report_id: zId.optional(),
  warning_preset_id: z.union([z.string(), z.number()]).optional(),
  text: z.string().max(5000).optional(),
  send_email_notification: zBool.optional(),
  // Tribune extensions: the rule broken, and a suspension's length in seconds (none: for good).
  rule: zRuleId.optional(),
  duration: zSuspensionSeconds,
});

adminAccountsRoutes.post('/api/v1/admin/accounts/:id/action', requireStaff('admin:write:accounts'), async (c) => {
  const id = pathId(c);
  const p = await params(c, actionSchema);
  await takeAccountAction(c.var.ctx, viewerId(c), id, { type: p.type, reportId: p.report_id, text: p.text, rule: p.rule, durationSeconds: p.duration });
  return c.json({});
});

for (const [path, kind] of [
  ['approve', 'approve_signup'],
  ['enable', 'enable'],
  ['unsilence', 'unlimit'],
  ['unsuspend', 'unsuspend'],
  ['unsensitive', 'unsensitive'],
] as const) {
  adminAccountsRoutes.post(`/api/v1/admin/accounts/:id/${path}`, requireStaff('admin:write:accounts'), async (c) => {
    const id = pathId(c);
    await undoAccountAction(c.var.ctx, viewerId(c), id, kind);
    const row = await getAccountForAdmin(c.var.ctx, id);
    return c.json((await renderAdminAccounts(c.var.ctx, [row]))[0]);
  });
}

adminAccountsRoutes.post('/api/v1/admin/accounts/:id/reject', requireStaff('admin:write:accounts'), async (c) => {
  const row = await rejectSignup(c.var.ctx, viewerId(c), pathId(c));
  return c.json((await renderAdminAccounts(c.var.ctx, [row]))[0]);
});

// Mastodon: admins may delete the data of a suspended account.
adminAccountsRoutes.delete('/api/v1/admin/accounts/:id', requireStaff('admin:write:accounts', 'admin'), async (c) => {
  const row = await deleteAccountData(c.var.ctx, viewerId(c), pathId(c));
  return c.json((await renderAdminAccounts(c.var.ctx, [row]))[0]);
});
