import type { AppContext } from '../context.js';
import { nowIso } from '../domain/time.js';
import { changed } from '../infra/versions.js';
import { decideAction } from './classifier/thresholds.js';
import type { ClassifierResult } from './classifier/types.js';
import { findOpenCase, insertCase, insertScreening, purgeStatusFromFeeds, updateCase } from './moderation.store.js';
import { categorySeverity } from './rules.js';

/**
 * The screening hook every new or edited post passes through before it is stored and fanned out.
 * CONTRACT (the moderation area implements it; the statuses area calls it inside create and edit):
 * - published: store with state 'published' and fan out as usual;
 * - pending: store with state 'pending': only the author sees it, no fan-out, no notifications, no streams;
 * - refused: do not store; answer 422 with `reason` as the error.
 * After the post is stored, the statuses area calls `recordScreening(ctx, statusId, verdict)` so the
 * moderation area can open a case for pending posts and count the outcome.
 */
export interface ScreeningInput {
  accountId: string;
  text: string;
  spoilerText: string;
  mediaDescriptions: string[];
  /** A poll's options, screened like the text. */
  pollOptions?: string[];
  /** Set when an existing post is being edited. */
  statusId?: string;
}

export interface ScreeningVerdict {
  outcome: 'published' | 'pending' | 'refused';
  reason?: string;
  categories: Record<string, number>;
  language?: string;
}

const REFUSAL: Record<string, string> = {
  violence: 'it reads as a threat or a call to violence',
  glorification: 'it reads as glorifying a violent attack',
};

export async function screenPost(ctx: AppContext, input: ScreeningInput): Promise<ScreeningVerdict> {
  const { thresholds } = ctx.moderation;
  const parts = [input.text, input.spoilerText, ...input.mediaDescriptions, ...(input.pollOptions ?? [])];
  if (parts.every((p) => !p.trim())) return { outcome: 'published', categories: {} };
  let categories: Record<string, number>;
  let language: string | undefined;
  try {
    ({ categories, language } = await scoreParts(ctx, parts));
  } catch (err) {
    // Fail safe: when the classifier cannot answer, a person decides.
    ctx.logger.error({ err }, 'classifier failed; holding the post for review');
    return { outcome: 'pending', categories: {} };
  }
  const action = decideAction(categories, thresholds);
  if (action === 'publish') return { outcome: 'published', categories, language };
  if (action === 'review') return { outcome: 'pending', categories, language };
  const cat = topCategory(categories);
  const why = REFUSAL[cat] ?? `it breaks the rules (${cat})`;
  const reason = `This post was not published: ${why}. If that is not what you meant, rephrase it.`;
  // A refused post is never stored, so its screening is counted here.
  await insertScreening(ctx.db, {
    id: ctx.ids.next(),
    status_id: null,
    account_id: input.accountId,
    outcome: 'refused',
    categories: JSON.stringify(categories),
    language: language ?? null,
    edit: input.statusId ? 1 : 0,
    created_at: nowIso(),
  });
  return { outcome: 'refused', reason, categories, language };
}

/**
 * Scores each part on its own (text, content warning, each media description) and keeps the highest score
 * per category, so a threat hidden in a content warning or an image description is not diluted.
 */
export async function scoreParts(ctx: AppContext, parts: string[]): Promise<{ categories: Record<string, number>; language?: string }> {
  const { classifier } = ctx.moderation;
  const categories: Record<string, number> = {};
  let language: string | undefined;
  for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
    const r: ClassifierResult = await classifier.classify(part);
    language ??= r.language;
    for (const [cat, score] of Object.entries(r.categories)) categories[cat] = Math.max(categories[cat] ?? 0, score);
  }
  return { categories, language };
}

/** The category with the highest score (violence wins ties: it matters most). */
export function topCategory(categories: Record<string, number>): string {
  let best = 'violence';
  let score = categories.violence ?? -1;
  for (const [cat, s] of Object.entries(categories)) {
    if (s > score) {
      best = cat;
      score = s;
    }
  }
  return best;
}

/** Severity in the queue: the category's weight plus up to 99 for the classifier's confidence. */
export function screeningSeverity(categories: Record<string, number>): { category: string; severity: number } {
  const category = topCategory(categories);
  const score = categories[category] ?? 0;
  return { category, severity: categorySeverity(category) + Math.round(score * 99) };
}

export async function recordScreening(ctx: AppContext, statusId: string, verdict: ScreeningVerdict): Promise<void> {
  const now = nowIso();
  const status = await ctx.db.selectFrom('statuses').select(['account_id', 'edited_at']).where('id', '=', statusId).executeTakeFirst();
  if (!status) return;
  const edit = status.edited_at !== null;
  await ctx.db.transaction().execute(async (trx) => {
    await insertScreening(trx, {
      id: ctx.ids.next(),
      status_id: statusId,
      account_id: status.account_id,
      outcome: verdict.outcome,
      categories: JSON.stringify(verdict.categories),
      language: verdict.language ?? null,
      edit: edit ? 1 : 0,
      created_at: now,
    });
    if (verdict.outcome !== 'pending') return;
    const { category, severity } = screeningSeverity(verdict.categories);
    const open = await findOpenCase(trx, status.account_id, statusId);
    if (open) {
      await updateCase(trx, open.id, { scores: JSON.stringify(verdict.categories), severity: Math.max(open.severity, severity), updated_at: now });
      return;
    }
    await insertCase(trx, {
      id: ctx.ids.next(),
      source: 'screening',
      target_account_id: status.account_id,
      status_id: statusId,
      category,
      scores: JSON.stringify(verdict.categories),
      severity,
      created_at: now,
      updated_at: now,
    });
    // An edit that is now held leaves the timelines it had reached.
    if (edit) await purgeStatusFromFeeds(trx, statusId);
  });
  if (verdict.outcome === 'pending' && edit) {
    // editStatus announced the edit before this commit took the post out of the feeds: pages rendered between still list it.
    await changed(ctx, { statuses: [statusId] });
    await ctx.events.publish('deletes', { event: 'delete', subject: statusId });
  }
}
