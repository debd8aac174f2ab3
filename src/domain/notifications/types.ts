// Every notification type Tribune records, under Mastodon's names, with what each implies. Adding one here is
// the whole declaration: the compiler then asks for its push titles and its text in the web app.
// https://docs.joinmastodon.org/entities/Notification/#type

interface NotificationTraits {
  /** About a post: without a post the reader may see, the notification is left out. */
  hasStatus: boolean;
  /**
   * Mastodon 4.3's groups within an hour-long window: by post (favourites, echoes of one post), by type
   * (follows, sign-ups), or never. https://docs.joinmastodon.org/methods/grouped_notifications/
   */
  group: 'post' | 'type' | null;
  /** A Web Push subscription may ask for it (Mastodon's data[alerts][type]). */
  push: boolean;
  /**
   * Tribune's own types: listed only to a client that names them in `types[]`, and never streamed, so a Mastodon
   * client that knows nothing of them never meets one (several show an unknown type as an error or crash).
   */
  optIn?: true;
}

const TRAITS = {
  mention: { hasStatus: true, group: null, push: true },
  status: { hasStatus: true, group: null, push: true },
  reblog: { hasStatus: true, group: 'post', push: true },
  follow: { hasStatus: false, group: 'type', push: true },
  follow_request: { hasStatus: false, group: null, push: true },
  favourite: { hasStatus: true, group: 'post', push: true },
  poll: { hasStatus: true, group: null, push: true },
  update: { hasStatus: true, group: null, push: true },
  quote: { hasStatus: true, group: null, push: true },
  quoted_update: { hasStatus: true, group: null, push: false },
  'admin.sign_up': { hasStatus: false, group: 'type', push: true },
  'admin.report': { hasStatus: false, group: null, push: true },
  moderation_warning: { hasStatus: false, group: null, push: false },
  // The archive of one's account (POST /api/v1/tribune/archives) is ready to download.
  'tribune.archive_ready': { hasStatus: false, group: null, push: false, optIn: true },
} as const satisfies Record<string, NotificationTraits>;

type Traits = typeof TRAITS;
export type NotificationType = keyof Traits;
/** The types a push subscription may ask for. */
export type PushNotificationType = { [K in NotificationType]: Traits[K]['push'] extends true ? K : never }[NotificationType];

export const NOTIFICATION_TYPES: readonly NotificationType[] = Object.keys(TRAITS) as NotificationType[];

export const PUSH_NOTIFICATION_TYPES: readonly PushNotificationType[] = NOTIFICATION_TYPES.filter((t): t is PushNotificationType => TRAITS[t].push);

/** Tribune's own types, left out unless asked for by name (see NotificationTraits.optIn). */
export const OPT_IN_NOTIFICATION_TYPES: readonly NotificationType[] = NOTIFICATION_TYPES.filter((t) => 'optIn' in TRAITS[t]);

export const STATUS_NOTIFICATION_TYPES: ReadonlySet<NotificationType> = new Set(NOTIFICATION_TYPES.filter((t) => TRAITS[t].hasStatus));

/** Stored rows and client parameters are plain strings: this tells whether one names a type. */
export function isNotificationType(type: string): type is NotificationType {
  return Object.hasOwn(TRAITS, type);
}

export function isPushNotificationType(type: string): type is PushNotificationType {
  return isNotificationType(type) && TRAITS[type].push;
}

/** How notifications of `type` group: by post, by type, or not at all (an unknown type never groups). */
export function notificationGrouping(type: string): NotificationTraits['group'] {
  return isNotificationType(type) ? TRAITS[type].group : null;
}
