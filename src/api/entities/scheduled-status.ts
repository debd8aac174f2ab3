import type { AppContext } from '../../context.js';
import type { ScheduledPost } from '../../domain/statuses/scheduled.service.js';
import { mediaOfIds } from '../../domain/statuses/status-view.store.js';
import { type MediaEntity, serializeMedia } from './status.js';

/** Mastodon's ScheduledStatus: https://docs.joinmastodon.org/entities/ScheduledStatus/ */
export interface ScheduledStatusEntity {
  id: string;
  scheduled_at: string;
  params: {
    text: string;
    poll: { options: string[]; expires_in: number; multiple: boolean; hide_totals: boolean } | null;
    media_ids: string[] | null;
    sensitive: boolean | null;
    spoiler_text: string | null;
    visibility: string | null;
    scheduled_at: null;
    in_reply_to_id: string | null;
    language: string | null;
    application_id: string | null;
    idempotency: string | null;
    with_rate_limit: boolean;
    quoted_status_id: string | null;
    quote_approval_policy: string | null;
  };
  media_attachments: MediaEntity[];
}

/** Scheduled posts with their media (only the author's own uploads are shown). */
export async function serializeScheduledStatuses(ctx: AppContext, posts: ScheduledPost[]): Promise<ScheduledStatusEntity[]> {
  const wanted = [...new Set(posts.flatMap((s) => s.params.mediaIds ?? []))];
  const media = new Map((await mediaOfIds(ctx.db, wanted)).map((m) => [m.id, m]));
  return posts.map((s) => {
    const p = s.params;
    const own = (p.mediaIds ?? []).flatMap((id) => {
      const m = media.get(id);
      return m && m.account_id === s.accountId ? [serializeMedia(ctx, m)] : [];
    });
    return {
      id: s.id,
      scheduled_at: s.scheduledAt,
      params: {
        text: p.status ?? '',
        poll: p.poll ? { options: p.poll.options, expires_in: p.poll.expiresIn, multiple: !!p.poll.multiple, hide_totals: !!p.poll.hideTotals } : null,
        media_ids: p.mediaIds?.length ? p.mediaIds : null,
        sensitive: p.sensitive ?? null,
        spoiler_text: p.spoilerText ?? null,
        visibility: p.visibility ?? null,
        // Mastodon leaves it null inside params; the time is the entity's own scheduled_at.
        scheduled_at: null,
        in_reply_to_id: p.inReplyToId ?? null,
        language: p.language ?? null,
        application_id: p.applicationId ?? null,
        idempotency: p.idempotencyKey ?? null,
        with_rate_limit: false,
        quoted_status_id: p.quotedStatusId ?? null,
        quote_approval_policy: p.quotePolicy ?? null,
      },
      media_attachments: own,
    };
  });
}

export async function serializeScheduledStatus(ctx: AppContext, post: ScheduledPost): Promise<ScheduledStatusEntity> {
  return (await serializeScheduledStatuses(ctx, [post]))[0]!;
}
