import type { PollWithOptions } from '../../domain/polls/polls.store.js';

/** Mastodon's Poll entity: https://docs.joinmastodon.org/entities/Poll/ */
export interface PollEntity {
  id: string;
  expires_at: string | null;
  expired: boolean;
  multiple: boolean;
  votes_count: number;
  voters_count: number | null;
  options: Array<{ title: string; votes_count: number | null }>;
  emojis: unknown[];
  voted?: boolean;
  own_votes?: number[];
}

export function serializePoll(poll: PollWithOptions, viewerId: string | null, own: number[] | undefined, now = new Date().toISOString()): PollEntity {
  const expired = poll.expires_at <= now;
  // hide_totals: per-option counts stay hidden until the poll ends (the total does not).
  const showTotals = expired || poll.hide_totals === 0;
  const entity: PollEntity = {
    id: poll.id,
    expires_at: poll.expires_at,
    expired,
    multiple: poll.multiple === 1,
    votes_count: poll.votes_count,
    voters_count: poll.voters_count,
    options: poll.options.map((o) => ({ title: o.title, votes_count: showTotals ? o.votes_count : null })),
    emojis: [],
  };
  if (viewerId) {
    // As Mastodon, the author counts as having voted: their own poll shows its results, never the buttons.
    entity.voted = poll.account_id === viewerId || (own?.length ?? 0) > 0;
    entity.own_votes = own ?? [];
  }
  return entity;
}
