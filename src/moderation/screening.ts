import type { Kysely } from 'kysely';
import type { IdGenerator } from '../db/ids.js';
import type { DB } from '../db/schema.js';
import { nowIso } from '../domain/time.js';
import type { Infra } from '../infra/infra.js';
import { decideAction } from './classifier/thresholds.js';
import type { ClassifierResult } from './classifier/types.js';
import type { ModerationServices } from './moderation.service.js';
import { findOpenCase, insertCase, insertScreening, updateCase } from './moderation.store.js';
import { categorySeverity } from './rules.js';
import { purgeStatusFromFeeds } from './targets.store.js';

/**
 * The screening hook every new or edited post passes through before it is stored and fanned out.
 * CONTRACT (the moderation area implements it; the statuses area calls it in create and edit):
 * - `screenPost` runs the classifier before the post's transaction (no database);
 * - published: store with state 'published' and fan out as usual;
 * - pending: store with state 'pending': only the author sees it, no fan-out, no notifications, no streams;
 * - refused: do not store; `recordRefusal` counts it, then answer 422 with `reason` as the error.
 * In the transaction that stores the post or the edit, the statuses area calls `recordScreening` so the outcome
 * is counted and a held post gets its case with it, or not at all.
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
  /** The threat form the classifier read in the part that scored highest (issue 11: the queue shows it). */
  form?: string;
}

const REFUSAL: Record<string, string> = {
  violence: 'it reads as a threat or a call to violence',
  glorification: 'it reads as glorifying a violent attack',
};

export async function screenPost(ctx: { moderation: ModerationServices } & Pick<Infra, 'logger'>, input: ScreeningInput): Promise<ScreeningVerdict> {
  const started = performance.now();
  const verdict = await screen(ctx, input);
  ctx.moderation.onScreened?.(verdict.outcome, (performance.now() - started) / 1000);
  return verdict;
}

async function screen(ctx: { moderation: ModerationServices } & Pick<Infra, 'logger'>, input: ScreeningInput): Promise<ScreeningVerdict> {
  const { thresholds } = ctx.moderation;
  const parts = [input.text, input.spoilerText, ...input.mediaDescriptions, ...(input.pollOptions ?? [])];
  if (parts.every((p) => !p.trim())) return { outcome: 'published', categories: {} };
  let categories: Record<string, number>;
  let language: string | undefined;
  let form: string | undefined;
  try {
    ({ categories, language, form } = await scoreParts(ctx, parts));
  } catch (err) {
    // Fail safe: when the classifier cannot answer, a person decides.
    ctx.logger.error({ err }, 'classifier failed; holding the post for review');
    return { outcome: 'pending', categories: {} };
  }
  const action = decideAction(categories, thresholds);
  if (action === 'publish') return { outcome: 'published', categories, language };
  if (action === 'review') return { outcome: 'pending', categories, language, form };
  const cat = topCategory(categories);
  const why = REFUSAL[cat] ?? `it breaks the rules (${cat})`;
  const reason = `This post was not published: ${why}. If that is not what you meant, rephrase it.`;
  return { outcome: 'refused', reason, categories, language, form };
}

/**
 * Scores each part on its own (text, content warning, each media description) and keeps the highest score
 * per category, so a threat hidden in a content warning or an image description is not diluted.
 */
export async function scoreParts(
  ctx: { moderation: ModerationServices },
  parts: string[],
): Promise<{ categories: Record<string, number>; language?: string; form?: string }> {
  const { classifier } = ctx.moderation;
  const categories: Record<string, number> = {};
  let language: string | undefined;
  let form: string | undefined;
  let top = -1;
  for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
    const r: ClassifierResult = await classifier.classify(part);
    language ??= r.language;
    for (const [cat, score] of Object.entries(r.categories)) categories[cat] = Math.max(categories[cat] ?? 0, score);
    // The form of the part that scored highest is the one that made the verdict.
    const partTop = Math.max(...Object.values(r.categories));
    if (partTop > top) {
      top = partTop;
      form = r.form;
    }
  }
  return { categories, language, ...(form ? { form } : {}) };
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

/** A refused post is never stored, so its screening is counted on its own. */
export async function recordRefusal(ctx: Pick<Infra, 'db' | 'ids'>, input: ScreeningInput, verdict: ScreeningVerdict): Promise<void> {
  await insertScreening(ctx.db, {
    id: ctx.ids.next(),
    status_id: null,
    account_id: input.accountId,
    outcome: 'refused',
    categories: JSON.stringify(verdict.categories),
    language: verdict.language ?? null,
    form: verdict.form ?? null,
    edit: input.statusId ? 1 : 0,
    created_at: nowIso(),
  });
}

export interface ScreenedPost {
  statusId: string;
  accountId: string;
  /** An edit of a stored post, rather than a new one. */
  edit: boolean;
  now: string;
}

/**
 * Stores a post's screening in the transaction that stores the post or its edit: the outcome, and for a held
 * post a case in the queue. A held edit also takes the post out of the feeds it had reached.
 */
export async function recordScreening(ids: IdGenerator, trx: Kysely<DB>, post: ScreenedPost, verdict: ScreeningVerdict): Promise<void> {
  const { statusId, accountId, edit, now } = post;
  await insertScreening(trx, {
    id: ids.next(),
    status_id: statusId,
    account_id: accountId,
    outcome: verdict.outcome,
    categories: JSON.stringify(verdict.categories),
    language: verdict.language ?? null,
    form: verdict.form ?? null,
    edit: edit ? 1 : 0,
    created_at: now,
  });
  if (verdict.outcome !== 'pending') return;
  const { category, severity } = screeningSeverity(verdict.categories);
  const open = await findOpenCase(trx, accountId, statusId);
  if (open) {
    await updateCase(trx, open.id, {
      scores: JSON.stringify(verdict.categories),
      language: verdict.language ?? null,
      form: verdict.form ?? null,
      severity: Math.max(open.severity, severity),
      updated_at: now,
    });
  } else {
    await insertCase(trx, {
      id: ids.next(),
      source: 'screening',
      target_account_id: accountId,
      status_id: statusId,
      category,
      scores: JSON.stringify(verdict.categories),
      language: verdict.language ?? null,
      form: verdict.form ?? null,
      severity,
      created_at: now,
      updated_at: now,
    });
  }
  if (edit) await purgeStatusFromFeeds(trx, statusId);
}
