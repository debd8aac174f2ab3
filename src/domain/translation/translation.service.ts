import { ForbiddenError, NotFoundError, UnavailableError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import type { TimedMemo } from '../../infra/memo.js';
import { findUserByAccountId } from '../accounts/accounts.store.js';
import { findPollOfStatus } from '../polls/polls.store.js';
import { getVisibleStatus } from '../statuses/status-access.js';
import { sanitizePostHtml } from '../text/render.js';
import { nowIso } from '../time.js';
import { ServiceError } from './guarded-json.js';
import { serviceLanguages, type TranslationServiceConfig, translateTexts } from './libretranslate.js';
import { findTranslation, saveTranslation, type TranslationRow } from './translation.store.js';

// Post translation through the operator's LibreTranslate-compatible service (TRANSLATION_URL). Only public and
// unlisted posts are sent out, as Mastodon does: followers-only and direct posts never leave the server. A
// translation is kept per post and language until the post is edited.

const LANGUAGE = /^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$/;
const LANGUAGES_TTL_MS = 3_600_000;
const LANGUAGES_DOWN_TTL_MS = 60_000;

export interface StatusTranslation {
  statusId: string;
  row: TranslationRow;
  pollId: string | null;
}

function serviceConfig(ctx: Pick<Infra, 'db' | 'config' | 'logger'> & { instanceMemo: TimedMemo }): TranslationServiceConfig | null {
  const t = ctx.config.translation;
  return t.url ? { url: t.url, apiKey: t.apiKey, timeoutMs: t.timeoutMs, allowLoopback: t.allowLoopback, allowPrivate: t.allowPrivate } : null;
}

export function translationEnabled(ctx: Pick<Infra, 'db' | 'config' | 'logger'> & { instanceMemo: TimedMemo }): boolean {
  return serviceConfig(ctx) !== null;
}

/** Source language -> target languages, as the service lists them (kept an hour); empty when none is configured. */
export async function translationLanguages(ctx: Pick<Infra, 'db' | 'config' | 'logger'> & { instanceMemo: TimedMemo }): Promise<Record<string, string[]>> {
  const cfg = serviceConfig(ctx);
  if (!cfg) return {};
  // A service that is down is asked again after a minute, not by every client starting up meanwhile (each would
  // wait for the timeout).
  const down = await ctx.instanceMemo.get(`translation-down:${cfg.url}`, LANGUAGES_DOWN_TTL_MS, async () => false);
  if (!down) {
    try {
      return await ctx.instanceMemo.get(`translation-languages:${cfg.url}`, LANGUAGES_TTL_MS, () => serviceLanguages(cfg));
    } catch (err) {
      ctx.logger.warn({ err: (err as Error).message }, 'translation service: languages unavailable');
      ctx.instanceMemo.set(`translation-down:${cfg.url}`, true);
    }
  }
  throw new UnavailableError('The translation service is unavailable');
}

/** A post the viewer may see, translated into `lang` (default: the viewer's locale). */
export async function translateStatus(
  ctx: Pick<Infra, 'db' | 'config' | 'logger'> & { instanceMemo: TimedMemo },
  viewerId: string,
  statusId: string,
  lang: string | undefined,
): Promise<StatusTranslation> {
  let status = await getVisibleStatus(ctx, viewerId, statusId);
  if (status.reblog_of_id) status = await getVisibleStatus(ctx, viewerId, status.reblog_of_id);
  const cfg = serviceConfig(ctx);
  if (!cfg) throw new NotFoundError();
  if (status.visibility !== 'public' && status.visibility !== 'unlisted') throw new ForbiddenError('Only public and unlisted posts can be translated');
  const target = (lang ?? (await findUserByAccountId(ctx.db, viewerId))?.locale ?? 'en').toLowerCase().split(/[-_]/)[0]!;
  if (!LANGUAGE.test(target)) throw new ValidationError('Validation failed: lang is not a language code', 'lang');
  const sourceAt = status.edited_at ?? status.created_at;
  const poll = await findPollOfStatus(ctx.db, status.id);
  const cached = await findTranslation(ctx.db, status.id, target);
  if (cached && cached.source_at === sourceAt) return { statusId: status.id, row: cached, pollId: poll?.id ?? null };

  const source = status.language?.split(/[-_]/)[0] ?? 'auto';
  const plain = [status.spoiler_text, ...(poll?.options.map((o) => o.title) ?? [])];
  try {
    const html = await translateTexts(cfg, [status.content], source, target, 'html');
    const text = plain.some((p) => p !== '') ? await translateTexts(cfg, plain, source, target, 'text') : { texts: plain, detected: null };
    const row: TranslationRow = {
      status_id: status.id,
      language: target,
      source_at: sourceAt,
      // The service's HTML is sanitised as a post's is: it is served to every reader of the post.
      content: sanitizePostHtml(html.texts[0]!),
      spoiler_text: status.spoiler_text ? text.texts[0]! : '',
      poll_options: poll ? JSON.stringify(text.texts.slice(1)) : null,
      detected_source_language: html.detected ?? source,
      provider: 'LibreTranslate',
      created_at: nowIso(),
    };
    await saveTranslation(ctx.db, row);
    return { statusId: status.id, row, pollId: poll?.id ?? null };
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    ctx.logger.warn({ err: err.message, statusId: status.id }, 'translation service failed');
    // The service refuses a language pair it does not know with a 400: say so rather than blame the service.
    if (err.status === 400) throw new ValidationError(`Validation failed: lang: the translation service cannot translate into ${target}`, 'lang');
    throw new UnavailableError('The translation service is unavailable');
  }
}
