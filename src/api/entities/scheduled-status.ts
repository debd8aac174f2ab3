import type { ScheduledPost } from '../../domain/statuses/scheduled.service.js';
import type { MediaPart } from '../../domain/statuses/status-parts.js';
import type { EntityContext } from './entity-context.js';
import { type MediaEntity, serializeMedia } from './media.js';

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
export function serializeScheduledStatuses(ctx: EntityContext, posts: Array<{ post: ScheduledPost; media: MediaPart[] }>): ScheduledStatusEntity[] {
  return posts.map(({ post: s, media }) => {
    const p = s.params;
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
      media_attachments: media.map((m) => serializeMedia(ctx, m)),
    };
  });
}
