import { ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { writeAudit } from '../../moderation/audit.js';
import { nowIso } from '../time.js';
import type { InstanceDeps } from './instance.service.js';
import { CONTACT_ACCOUNT_KEY, forgetInstanceDocuments, instanceContactId, instanceRules, RULES_KEY, type Rule } from './instance.service.js';
import { readSetting, writeSetting } from './instance.store.js';

// The instance's title, description, contact and rules as an admin sets them (`tribune admin instance`), kept in
// the settings table. INSTANCE_TITLE, INSTANCE_DESCRIPTION and CONTACT_EMAIL are the defaults until one is set.
// Every process reads the settings at start and every few seconds, so a change from the shell reaches running
// servers without a restart.

const KEYS = { title: 'instance.title', description: 'instance.description', contactEmail: 'instance.contact_email' } as const;
const POLL_MS = 5_000;

export interface InstanceSettingsPatch {
  title?: string;
  description?: string;
  contactEmail?: string;
  /** The account shown as contact. */
  contactAccountId?: string;
  rules?: Array<{ text: string; hint?: string }>;
}

export interface InstanceSettingsView {
  title: string;
  description: string;
  contactEmail: string;
  contactAccountId: string | null;
  rules: Rule[];
}

export async function instanceSettings(ctx: InstanceDeps & Pick<Infra, 'config' | 'ids' | 'onClose'>): Promise<InstanceSettingsView> {
  await applyInstanceSettings(ctx);
  return {
    title: ctx.config.instanceTitle,
    description: ctx.config.instanceDescription,
    contactEmail: ctx.config.contactEmail,
    contactAccountId: await instanceContactId(ctx),
    rules: await instanceRules(ctx),
  };
}

function validate(p: InstanceSettingsPatch): void {
  if (p.title !== undefined && (!p.title.trim() || p.title.length > 200))
    throw new ValidationError('Validation failed: title must be 1 to 200 characters', 'title');
  if (p.description !== undefined && p.description.length > 5000)
    throw new ValidationError('Validation failed: description must be at most 5000 characters', 'description');
  if (p.contactEmail !== undefined && p.contactEmail !== '' && !/^[^\s@]+@[^\s@]+$/.test(p.contactEmail))
    throw new ValidationError('Validation failed: contact e-mail is not an e-mail address', 'contact_email');
  if (p.rules !== undefined) {
    if (p.rules.length === 0 || p.rules.length > 50) throw new ValidationError('Validation failed: give 1 to 50 rules', 'rules');
    for (const r of p.rules)
      if (!r.text.trim() || r.text.length > 300 || (r.hint ?? '').length > 1000)
        throw new ValidationError('Validation failed: each rule is 1 to 300 characters (its hint at most 1000)', 'rules');
  }
}

/** Changes what the patch names, in one transaction with its audit log row (`instance.update`, before and after). */
export async function updateInstanceSettings(
  ctx: InstanceDeps & Pick<Infra, 'config' | 'ids' | 'onClose'>,
  actorId: string | null,
  patch: InstanceSettingsPatch,
): Promise<InstanceSettingsView> {
  validate(patch);
  const before = await instanceSettings(ctx);
  const now = nowIso();
  const changes: Array<[string, string]> = [];
  if (patch.title !== undefined) changes.push([KEYS.title, patch.title.trim()]);
  if (patch.description !== undefined) changes.push([KEYS.description, patch.description]);
  if (patch.contactEmail !== undefined) changes.push([KEYS.contactEmail, patch.contactEmail]);
  if (patch.contactAccountId !== undefined) changes.push([CONTACT_ACCOUNT_KEY, patch.contactAccountId]);
  const rules = patch.rules?.map((r, i) => ({ id: String(i + 1), text: r.text.trim(), hint: r.hint?.trim() ?? '' }));
  if (rules) changes.push([RULES_KEY, JSON.stringify(rules)]);
  if (changes.length === 0) return before;
  await ctx.db.transaction().execute(async (trx) => {
    for (const [key, value] of changes) await writeSetting(trx, key, value, now);
    const pick = (v: InstanceSettingsView | InstanceSettingsPatch) =>
      Object.fromEntries(Object.keys(patch).map((k) => [k, (v as unknown as Record<string, unknown>)[k]]));
    await writeAudit(ctx, trx, {
      actorId,
      action: 'instance.update',
      targetType: 'instance',
      targetId: null,
      before: pick(before),
      after: pick({ ...patch, ...(rules ? { rules } : {}) }),
    });
  });
  return instanceSettings(ctx);
}

/** Reads the settings into ctx.config (title, description, contact e-mail); forgets cached documents on a change. */
export async function applyInstanceSettings(ctx: InstanceDeps & Pick<Infra, 'config' | 'ids' | 'onClose'>): Promise<void> {
  const c = ctx.config;
  // The environment's values (loadConfig keeps them): a setting overrides them, its absence restores them.
  c.instanceDefaults ??= { title: c.instanceTitle, description: c.instanceDescription, contactEmail: c.contactEmail };
  const base = c.instanceDefaults;
  const [title, description, contactEmail] = await Promise.all([
    readSetting(ctx.db, KEYS.title),
    readSetting(ctx.db, KEYS.description),
    readSetting(ctx.db, KEYS.contactEmail),
  ]);
  const next = { instanceTitle: title ?? base.title, instanceDescription: description ?? base.description, contactEmail: contactEmail ?? base.contactEmail };
  if (next.instanceTitle === c.instanceTitle && next.instanceDescription === c.instanceDescription && next.contactEmail === c.contactEmail) return;
  Object.assign(c, next);
  forgetInstanceDocuments(ctx);
}

/** At start and every few seconds, so a change made by another process shows here. */
export function startInstanceSettings(ctx: InstanceDeps & Pick<Infra, 'config' | 'ids' | 'onClose'>): void {
  const apply = () => applyInstanceSettings(ctx).catch(() => {});
  void apply();
  const timer = setInterval(apply, POLL_MS);
  timer.unref();
  ctx.onClose.push(async () => clearInterval(timer));
}
