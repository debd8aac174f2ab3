import type { Rule } from '../../domain/instance/instance.service.js';
import {
  MASTODON_API_VERSION,
  MASTODON_COMPAT,
  MAX_FEATURED_TAGS,
  MAX_MEDIA_ATTACHMENTS,
  MAX_PROFILE_FIELDS,
  TRIBUNE_VERSION,
} from '../../domain/instance/instance.service.js';
import { POLL_LIMITS } from '../../domain/polls/poll-input.js';
import { ACCEPTED_MIME_TYPES } from '../../media/image/detect.js';
import { DESCRIPTION_LIMIT } from '../../media/upload.js';
import { type PushState, vapidPublicKey } from '../../web/push/push.service.js';
import type { AccountEntity } from './account.js';
import type { EntityContext } from './entity-context.js';

export const INSTANCE_VERSION = `${MASTODON_COMPAT} (compatible; Tribune ${TRIBUNE_VERSION})`;

// What uploads accept (src/media/image/detect.ts) and the limits they are held to (MEDIA_* settings).
function mediaConfiguration(ctx: EntityContext) {
  const m = ctx.config.media;
  return {
    supported_mime_types: [...ACCEPTED_MIME_TYPES],
    description_limit: DESCRIPTION_LIMIT,
    image_size_limit: m.imageLimitBytes,
    image_matrix_limit: m.imageMatrixLimit,
    video_size_limit: m.videoLimitBytes,
    video_frame_rate_limit: m.videoFrameRateLimit,
    video_matrix_limit: m.videoMatrixLimit,
  };
}
// The limits POST /api/v1/statuses enforces.
const POLLS = POLL_LIMITS;

function streamingUrl(ctx: EntityContext & { webPush: PushState }): string {
  return ctx.config.publicUrl.replace(/^http/, 'ws');
}

function statusesConfig(ctx: EntityContext & { webPush: PushState }) {
  return { max_characters: ctx.config.maxPostChars, max_media_attachments: MAX_MEDIA_ATTACHMENTS, characters_reserved_per_url: 23 };
}

export interface InstanceFacts {
  rules: Rule[];
  usage: { total: number; activeMonth: number; localPosts: number };
  contact: AccountEntity | null;
}

/** Mastodon's v2 Instance: https://docs.joinmastodon.org/entities/Instance/ */
export function serializeInstanceV2(ctx: EntityContext & { webPush: PushState }, f: InstanceFacts) {
  const c = ctx.config;
  return {
    domain: c.domain,
    title: c.instanceTitle,
    version: INSTANCE_VERSION,
    // Tribune has no public home yet: point at the instance itself rather than invent an address.
    source_url: c.publicUrl,
    description: c.instanceDescription,
    usage: { users: { active_month: f.usage.activeMonth } },
    thumbnail: { url: `${c.publicUrl}/headers/original/missing.png`, blurhash: null, versions: {} },
    icon: [],
    languages: ['en'],
    configuration: {
      urls: { streaming: streamingUrl(ctx), status: null, about: `${c.publicUrl}/about`, privacy_policy: null, terms_of_service: null },
      vapid: { public_key: vapidPublicKey(ctx) ?? '' },
      accounts: { max_featured_tags: MAX_FEATURED_TAGS, max_pinned_statuses: 5, max_profile_fields: MAX_PROFILE_FIELDS },
      statuses: statusesConfig(ctx),
      media_attachments: mediaConfiguration(ctx),
      polls: POLLS,
      translation: { enabled: !!c.translation.url },
    },
    registrations: {
      enabled: c.registrations !== 'closed',
      approval_required: c.registrations === 'approval',
      reason_required: c.registrations === 'approval',
      message: null,
      url: null,
      min_age: null,
    },
    api_versions: { mastodon: MASTODON_API_VERSION },
    contact: { email: c.contactEmail, account: f.contact },
    rules: f.rules,
  };
}

/** Mastodon's deprecated v1 Instance, still read by older clients: https://docs.joinmastodon.org/entities/V1_Instance/ */
export function serializeInstanceV1(ctx: EntityContext & { webPush: PushState }, f: InstanceFacts) {
  const c = ctx.config;
  return {
    uri: c.domain,
    title: c.instanceTitle,
    short_description: c.instanceDescription,
    description: c.instanceDescription,
    email: c.contactEmail,
    version: INSTANCE_VERSION,
    urls: { streaming_api: streamingUrl(ctx) },
    stats: { user_count: f.usage.total, status_count: f.usage.localPosts, domain_count: 0 },
    thumbnail: `${c.publicUrl}/headers/original/missing.png`,
    languages: ['en'],
    registrations: c.registrations !== 'closed',
    approval_required: c.registrations === 'approval',
    invites_enabled: false,
    configuration: {
      accounts: { max_featured_tags: MAX_FEATURED_TAGS },
      statuses: statusesConfig(ctx),
      media_attachments: mediaConfiguration(ctx),
      polls: POLLS,
    },
    contact_account: f.contact,
    rules: f.rules,
  };
}
