import type { Infra } from '../../infra/infra.js';
import type { TimedMemo } from '../../infra/memo.js';
import { countActiveUsers, countLocalPosts, countUsers, findAdminContact, readSetting, weeklyActivity } from './instance.store.js';

export type InstanceDeps = Pick<Infra, 'db'> & { instanceMemo: TimedMemo };

export const TRIBUNE_VERSION = '0.1.0';
/**
 * The Mastodon release whose client API Tribune follows, and that release's `api_versions.mastodon`: clients read
 * the version ("4.5.0 (compatible; Tribune 0.1.0)", as Pleroma, Akkoma and GoToSocial write theirs) to turn features on.
 */
export const MASTODON_COMPAT = '4.5.0';
export const MASTODON_API_VERSION = 7;
export const MAX_FEATURED_TAGS = 10;
export const MAX_MEDIA_ATTACHMENTS = 4;
export const MAX_PROFILE_FIELDS = 4;

export interface Rule {
  id: string;
  text: string;
  hint: string;
}

export const DEFAULT_RULES: Rule[] = [
  { id: '1', text: 'No threats or calls to violence', hint: 'Do not threaten, incite or glorify violence against anyone.' },
  { id: '2', text: 'No harassment or hate', hint: 'Do not target people for who they are, nor pile on anyone.' },
  { id: '3', text: 'No illegal content', hint: 'Nothing that is illegal where this server is hosted.' },
  { id: '4', text: 'No spam or impersonation', hint: 'No unsolicited advertising, automated flooding, or pretending to be someone else.' },
  { id: '5', text: 'Mark sensitive media and spoilers', hint: 'Use content warnings for graphic or sensitive material.' },
];

export const RULES_KEY = 'instance.rules';

export async function instanceRules(ctx: InstanceDeps): Promise<Rule[]> {
  const raw = await readSetting(ctx.db, RULES_KEY);
  if (!raw) return DEFAULT_RULES;
  try {
    const rules = JSON.parse(raw) as Rule[];
    return Array.isArray(rules) ? rules : DEFAULT_RULES;
  } catch {
    return DEFAULT_RULES;
  }
}

export interface Usage {
  total: number;
  activeMonth: number;
  activeHalfyear: number;
  localPosts: number;
}

const USAGE_TTL_MS = 60_000;
/**
 * The user and post counts behind /api/v1/instance and nodeinfo. They scan every user, on a public endpoint:
 * kept a minute per process, as Mastodon caches them.
 */
export function instanceUsage(ctx: InstanceDeps): Promise<Usage> {
  return ctx.instanceMemo.get('usage', USAGE_TTL_MS, () => computeUsage(ctx));
}

/**
 * A serialized instance document, kept `ttlMs` per process (the usage counts inside it are a minute old at most
 * anyway); dropped when the rules change here. A failed build is not kept.
 */
export function memoInstanceDocument<T>(ctx: InstanceDeps, key: string, ttlMs: number, build: () => Promise<T>): Promise<T> {
  return ctx.instanceMemo.get(`document:${key}`, ttlMs, build);
}

/** The account shown as the instance's contact: the one an admin chose (`tribune admin instance`), else the first admin, else null. */
export async function instanceContactId(ctx: InstanceDeps): Promise<string | null> {
  return (await readSetting(ctx.db, CONTACT_ACCOUNT_KEY)) ?? (await findAdminContact(ctx.db)) ?? null;
}

export const CONTACT_ACCOUNT_KEY = 'instance.contact_account';

/** Forgets the cached instance documents (after a change of what they show). */
export function forgetInstanceDocuments(ctx: InstanceDeps): void {
  ctx.instanceMemo.clear();
}

async function computeUsage(ctx: InstanceDeps): Promise<Usage> {
  const day = 86_400_000;
  const [total, activeMonth, activeHalfyear, localPosts] = await Promise.all([
    countUsers(ctx.db),
    countActiveUsers(ctx.db, new Date(Date.now() - 30 * day).toISOString()),
    countActiveUsers(ctx.db, new Date(Date.now() - 180 * day).toISOString()),
    countLocalPosts(ctx.db),
  ]);
  return { total, activeMonth, activeHalfyear, localPosts };
}

/** Twelve weeks of activity, newest first, as Mastodon's /api/v1/instance/activity. */
export async function instanceActivity(ctx: InstanceDeps) {
  const week = 7 * 86_400_000;
  const now = new Date();
  const monday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7));
  const starts = Array.from({ length: 12 }, (_, i) => monday - i * week);
  const data = await weeklyActivity(ctx.db, new Date(starts[11]!).toISOString());
  const bucket = (rows: Array<{ created_at: string | null }>, start: number) =>
    rows.filter((r) => r.created_at && Date.parse(r.created_at) >= start && Date.parse(r.created_at) < start + week).length;
  return starts.map((start) => ({
    week: String(Math.floor(start / 1000)),
    statuses: String(bucket(data.statuses, start)),
    logins: String(bucket(data.logins, start)),
    registrations: String(bucket(data.registrations, start)),
  }));
}
