import { ValidationError } from '../errors.js';
import { openHashMatchCase } from '../moderation/cases.service.js';
import type { MatchRefusalDeps } from './deps.js';
import type { HashMatch } from './hash-lists/matcher.js';

/** What the uploader reads when a file matches a hash list. */
export const MATCH_REFUSAL = "Validation failed: file matches a list of known violent content and can't be posted";

const CATEGORY_LABELS = new Set(['violence', 'glorification', 'illegal', 'harassment']);

/**
 * An upload matched a hash list: a moderation case names the uploader and the list (its label as the category
 * when it is one of the queue's), the match is logged with its hash and distance, and the upload is refused.
 */
export async function refuseMatch(ctx: MatchRefusalDeps, accountId: string, match: HashMatch): Promise<never> {
  const category = CATEGORY_LABELS.has(match.label) ? match.label : 'violence';
  const caseId = await openHashMatchCase(ctx, { accountId, statusId: null, category, list: match.source });
  ctx.logger.warn(
    { accountId, caseId, list: match.source, label: match.label, kind: match.kind, hash: match.hash, distance: match.distance, variant: match.variant },
    'upload matched a hash list: refused',
  );
  throw new ValidationError(MATCH_REFUSAL, 'file');
}
