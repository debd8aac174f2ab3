import type { AppContext } from '../context.js';

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
  /** Set when an existing post is being edited. */
  statusId?: string;
}

export interface ScreeningVerdict {
  outcome: 'published' | 'pending' | 'refused';
  reason?: string;
  categories: Record<string, number>;
  language?: string;
}

export async function screenPost(_ctx: AppContext, _input: ScreeningInput): Promise<ScreeningVerdict> {
  return { outcome: 'published', categories: {} };
}

export async function recordScreening(_ctx: AppContext, _statusId: string, _verdict: ScreeningVerdict): Promise<void> {}
