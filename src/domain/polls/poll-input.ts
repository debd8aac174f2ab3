import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { insertPoll, type PollWithOptions, resetPoll, updatePollFields } from './polls.store.js';

// A poll as given with a new or edited post: checked before the post's transaction, stored inside it.

/** Mastodon's defaults, also announced in the instance's configuration.polls. */
export const POLL_LIMITS = { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 } as const;

export interface PollInput {
  options: string[];
  /** Seconds from now. */
  expiresIn: number;
  multiple?: boolean;
  hideTotals?: boolean;
}

/** Checks a poll as given to create or edit a post; options trimmed. */
export function checkPoll(poll: PollInput): PollInput {
  const options = poll.options.map((o) => o.trim());
  if (options.length < 2 || options.length > POLL_LIMITS.max_options)
    throw new ValidationError(`Validation failed: poll[options] must have between 2 and ${POLL_LIMITS.max_options} options`, 'poll.options');
  if (options.some((o) => o === '')) throw new ValidationError("Validation failed: poll[options] can't be blank", 'poll.options');
  if (options.some((o) => [...o].length > POLL_LIMITS.max_characters_per_option))
    throw new ValidationError(
      `Validation failed: poll[options] each option can be at most ${POLL_LIMITS.max_characters_per_option} characters`,
      'poll.options',
    );
  if (new Set(options).size !== options.length) throw new ValidationError('Validation failed: poll[options] contains duplicate options', 'poll.options');
  if (!Number.isFinite(poll.expiresIn) || poll.expiresIn < POLL_LIMITS.min_expiration || poll.expiresIn > POLL_LIMITS.max_expiration)
    throw new ValidationError(
      `Validation failed: poll[expires_in] must be between ${POLL_LIMITS.min_expiration} and ${POLL_LIMITS.max_expiration} seconds`,
      'poll.expires_in',
    );
  return { ...poll, options };
}

const expiresAt = (now: string, seconds: number) => new Date(Date.parse(now) + Math.trunc(seconds) * 1000).toISOString();

/** Inside the transaction that stores a new post. */
export async function storePoll(
  ctx: Pick<Infra, 'ids'>,
  trx: Transaction<DB>,
  statusId: string,
  accountId: string,
  poll: PollInput,
  now: string,
): Promise<void> {
  await insertPoll(trx, {
    id: ctx.ids.next(),
    statusId,
    accountId,
    options: poll.options,
    multiple: !!poll.multiple,
    hideTotals: !!poll.hideTotals,
    expiresAt: expiresAt(now, poll.expiresIn),
    now,
  });
}

/**
 * Inside an edit's transaction. As Mastodon, changing the options or single/multiple drops every vote; the
 * end is set anew from expires_in. https://docs.joinmastodon.org/methods/statuses/#edit
 */
export async function replacePoll(
  ctx: Pick<Infra, 'ids'>,
  trx: Transaction<DB>,
  statusId: string,
  accountId: string,
  previous: PollWithOptions | undefined,
  poll: PollInput,
  now: string,
): Promise<void> {
  if (!previous) return storePoll(ctx, trx, statusId, accountId, poll, now);
  const same = previous.multiple === (poll.multiple ? 1 : 0) && previous.options.map((o) => o.title).join('\n') === poll.options.join('\n');
  if (!same) await resetPoll(trx, previous.id, { options: poll.options, multiple: !!poll.multiple });
  await updatePollFields(trx, previous.id, {
    hide_totals: poll.hideTotals ? 1 : 0,
    expires_at: expiresAt(now, poll.expiresIn),
    notified_at: null,
    updated_at: now,
  });
}
