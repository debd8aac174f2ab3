import type { ColumnType, Generated } from 'kysely';

// IDs are snowflake decimal strings; timestamps ISO-8601 UTC strings; booleans 0/1 integers (one shape on both dialects).
type Id = string;
type Bool = ColumnType<number, number | undefined, number>;
type Count = ColumnType<number, number | undefined, number>;
type Timestamp = string;

export interface AccountsTable {
  id: Id;
  username: string;
  /** Lower-cased username, unique: handles are case-insensitive. */
  username_lower: string;
  display_name: Generated<string>;
  note: Generated<string>;
  avatar_path: string | null;
  header_path: string | null;
  /** JSON array of {name, value, verified_at}. */
  fields: Generated<string>;
  locked: Bool;
  bot: Bool;
  discoverable: Bool;
  /** JSON array of badge names set by an admin: verified, notable, parody, news, staff. */
  badges: Generated<string>;
  followers_count: Count;
  following_count: Count;
  statuses_count: Count;
  last_status_at: Timestamp | null;
  suspended_at: Timestamp | null;
  suspended_until: Timestamp | null;
  /** Limited by a moderator: kept out of public timelines, trends and search. */
  limited_at: Timestamp | null;
  sensitized_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** 1: posts are merged into followers' homes at read time, not written into them (FANOUT_ON_READ_FOLLOWERS). */
  fanout_on_read: Bool;
  /** The account this one moved to (Mastodon's `moved`), and when; migration 1140. */
  moved_to_account_id: ColumnType<Id | null, Id | null | undefined, Id | null>;
  moved_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Null for a local account; the server of a remote one (migration 1100, federation). */
  domain: ColumnType<string | null, string | null | undefined, string | null>;
  /** A remote account's actor id, profile page, inbox, shared inbox and followers collection; null when local. */
  uri: ColumnType<string | null, string | null | undefined, string | null>;
  url: ColumnType<string | null, string | null | undefined, string | null>;
  inbox_url: ColumnType<string | null, string | null | undefined, string | null>;
  shared_inbox_url: ColumnType<string | null, string | null | undefined, string | null>;
  followers_url: ColumnType<string | null, string | null | undefined, string | null>;
  /** A remote account's avatar and header on its own server (migration 1120); null when local. */
  avatar_remote_url: ColumnType<string | null, string | null | undefined, string | null>;
  header_remote_url: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UsersTable {
  account_id: Id;
  email: string;
  email_lower: string;
  password_hash: string;
  role: ColumnType<'user' | 'moderator' | 'admin', string | undefined, string>;
  approved: Bool;
  confirmed: Bool;
  disabled: Bool;
  locale: Generated<string>;
  /** Why the person wants to join, when registrations need approval. */
  reason: string | null;
  /** Sign-in slow-down for repeated failures (see shield). */
  failed_sign_ins: Count;
  last_failed_sign_in_at: Timestamp | null;
  last_sign_in_at: Timestamp | null;
  created_at: Timestamp;
  /** Posting defaults (Mastodon's source[privacy|sensitive|language]), migration 0100. */
  default_privacy: ColumnType<Visibility, Visibility | undefined, Visibility>;
  default_sensitive: Bool;
  default_language: string | null;
}

/** Signed-in browser sessions for the OAuth pages (cookie token stored hashed), migration 0100. */
export interface WebSessionsTable {
  id: Id;
  token_hash: string;
  account_id: Id;
  user_agent: string | null;
  ip: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** Private notes about other accounts (Relationship.note), migration 0101. */
export interface AccountNotesTable {
  account_id: Id;
  target_account_id: Id;
  comment: string;
  updated_at: Timestamp;
}

/** Keyword filters (Mastodon's v2 filters), migration 0930. */
export interface FiltersTable {
  id: Id;
  account_id: Id;
  title: string;
  /** JSON array of contexts: home, notifications, public, thread, account. */
  context: string;
  filter_action: ColumnType<'warn' | 'hide' | 'blur', 'warn' | 'hide' | 'blur' | undefined, 'warn' | 'hide' | 'blur'>;
  expires_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FilterKeywordsTable {
  id: Id;
  filter_id: Id;
  keyword: string;
  whole_word: Bool;
  created_at: Timestamp;
}

export interface FilterStatusesTable {
  id: Id;
  filter_id: Id;
  status_id: Id;
  created_at: Timestamp;
}

/** Scheduled posts (Mastodon's ScheduledStatus), migration 0940. */
export interface ScheduledStatusesTable {
  id: Id;
  account_id: Id;
  scheduled_at: Timestamp;
  /** JSON of the post's parameters (PostInput in src/domain/statuses). */
  params: string;
  created_at: Timestamp;
}

/** Link preview cards (Mastodon's PreviewCard), one per URL; a failed fetch keeps `error`, migration 0950. */
export interface PreviewCardsTable {
  id: Id;
  url: string;
  title: string;
  description: string;
  type: string;
  author_name: string;
  provider_name: string;
  /** The page's og:image, absolute http(s), not downloaded. */
  image_url: string | null;
  width: number;
  height: number;
  language: string | null;
  fetched_at: Timestamp;
  error: string | null;
}

/** The card shown on a post, migration 0950. */
export interface StatusCardsTable {
  status_id: Id;
  card_id: Id;
}

/** Polls on posts (Mastodon's Poll entity), migration 0910. */
export interface PollsTable {
  id: Id;
  status_id: Id;
  account_id: Id;
  multiple: Bool;
  hide_totals: Bool;
  votes_count: Count;
  voters_count: Count;
  expires_at: Timestamp;
  /** When the `poll` notifications went out; null until the poll has ended and been swept. */
  notified_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PollOptionsTable {
  poll_id: Id;
  /** 0-based index, as in `choices[]`. */
  position: number;
  title: string;
  votes_count: Count;
}

/** One row per voter and choice. */
export interface PollVotesTable {
  id: Id;
  poll_id: Id;
  account_id: Id;
  choice: number;
  created_at: Timestamp;
}

/** Reading positions (Mastodon's markers), migration 0100. */
export interface MarkersTable {
  account_id: Id;
  timeline: string;
  last_read_id: string;
  version: Count;
  updated_at: Timestamp;
}

export interface OauthAppsTable {
  id: Id;
  name: string;
  website: string | null;
  redirect_uris: string;
  scopes: string;
  client_id: string;
  client_secret_hash: string;
  created_at: Timestamp;
}

export interface OauthCodesTable {
  code_hash: string;
  app_id: Id;
  account_id: Id;
  scopes: string;
  redirect_uri: string;
  code_challenge: string | null;
  code_challenge_method: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface OauthTokensTable {
  id: Id;
  token_hash: string;
  app_id: Id | null;
  /** Null for client_credentials tokens, which act for the app, not a person. */
  account_id: Id | null;
  scopes: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

/** Lists (Mastodon's), migration 0920. */
export interface ListsTable {
  id: Id;
  account_id: Id;
  title: string;
  replies_policy: ColumnType<'followed' | 'list' | 'none', 'followed' | 'list' | 'none' | undefined, 'followed' | 'list' | 'none'>;
  exclusive: Bool;
  created_at: Timestamp;
}

/** A list's members: accounts its owner follows. */
export interface ListAccountsTable {
  id: Id;
  list_id: Id;
  account_id: Id;
  created_at: Timestamp;
}

export interface FollowsTable {
  id: Id;
  account_id: Id;
  target_account_id: Id;
  show_reblogs: Bool;
  notify: Bool;
  languages: string | null;
  created_at: Timestamp;
}

export interface FollowRequestsTable {
  id: Id;
  account_id: Id;
  target_account_id: Id;
  show_reblogs: Bool;
  notify: Bool;
  created_at: Timestamp;
}

export interface BlocksTable {
  id: Id;
  account_id: Id;
  target_account_id: Id;
  created_at: Timestamp;
}

export interface MutesTable {
  id: Id;
  account_id: Id;
  target_account_id: Id;
  hide_notifications: Bool;
  expires_at: Timestamp | null;
  created_at: Timestamp;
}

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';
/** published: visible by its visibility; pending: held for review, only its author sees it; refused/removed: only its author, as such. */
export type StatusState = 'published' | 'pending' | 'refused' | 'removed';

export interface StatusesTable {
  id: Id;
  account_id: Id;
  /** The text as typed (the source); content is the rendered, sanitised HTML. */
  text: string;
  content: string;
  spoiler_text: Generated<string>;
  visibility: ColumnType<Visibility, Visibility, Visibility>;
  sensitive: Bool;
  language: string | null;
  in_reply_to_id: Id | null;
  in_reply_to_account_id: Id | null;
  reblog_of_id: Id | null;
  quote_of_id: Id | null;
  /** Who may quote it: public | followers | nobody (migration 0200). */
  quote_policy: ColumnType<string, string | undefined, string>;
  /** For a quoting post: 'accepted', or 'revoked' by the quoted author (migration 0203). */
  quote_state: ColumnType<string, string | undefined, string>;
  conversation_id: Id | null;
  application_id: Id | null;
  state: ColumnType<StatusState, StatusState | undefined, StatusState>;
  /** Limited by a moderator: out of public timelines, trends and search. */
  limited: Bool;
  replies_count: Count;
  reblogs_count: Count;
  favourites_count: Count;
  quotes_count: Count;
  /** Parler-style votes on replies (a Tribune extension). */
  upvotes_count: Count;
  downvotes_count: Count;
  created_at: Timestamp;
  edited_at: Timestamp | null;
  /** A remote post's ActivityPub id and page; null for a local post (migration 1100, federation). */
  uri: ColumnType<string | null, string | null | undefined, string | null>;
  url: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StatusEditsTable {
  id: Id;
  status_id: Id;
  text: string;
  content: string;
  spoiler_text: string;
  sensitive: Bool;
  media_ids: string | null;
  created_at: Timestamp;
}

export interface MentionsTable {
  status_id: Id;
  account_id: Id;
}

export interface TagsTable {
  id: Id;
  /** Lower-cased, accents kept. */
  name: string;
  display_name: string;
  created_at: Timestamp;
  last_status_at: Timestamp | null;
}

export interface StatusTagsTable {
  status_id: Id;
  tag_id: Id;
  account_id: Id;
  created_at: Timestamp;
}

export interface FavouritesTable {
  id: Id;
  account_id: Id;
  status_id: Id;
  created_at: Timestamp;
}

export interface BookmarksTable {
  id: Id;
  account_id: Id;
  status_id: Id;
  created_at: Timestamp;
}

export interface PinsTable {
  id: Id;
  account_id: Id;
  status_id: Id;
  created_at: Timestamp;
}

export interface StatusVotesTable {
  account_id: Id;
  status_id: Id;
  /** +1 or -1 */
  value: number;
  created_at: Timestamp;
}

/** Home timelines, written on post (fan-out on write) so reads are one index range. */
export interface FeedEntriesTable {
  account_id: Id;
  /** The status shown: the post itself, or the echo (reblog) status. */
  status_id: Id;
  author_id: Id;
  /** For echoes: the original post, to hide duplicates and muted authors. */
  reblog_of_id: Id | null;
}

export interface NotificationsTable {
  id: Id;
  account_id: Id;
  from_account_id: Id;
  type: string;
  status_id: Id | null;
  created_at: Timestamp;
  /** 1: held back by the recipient's notification policy, shown under its notification request (migration 1010). */
  filtered: Bool;
}

export interface ConversationsTable {
  id: Id;
  created_at: Timestamp;
}

export interface AccountConversationsTable {
  id: Id;
  account_id: Id;
  conversation_id: Id;
  /** JSON array of the other participants' account IDs. */
  participant_ids: string;
  last_status_id: Id | null;
  unread: Bool;
}

export interface MediaAttachmentsTable {
  id: Id;
  account_id: Id;
  status_id: Id | null;
  type: string;
  file_path: string | null;
  preview_path: string | null;
  content_type: string | null;
  description: string | null;
  blurhash: string | null;
  meta: string | null;
  created_at: Timestamp;
  /** `processing` until its files are made, then `ready`; `failed` keeps the reason in `failure` (migration 1000). */
  state: Generated<'processing' | 'ready' | 'failed'>;
  failure: string | null;
  /** The raw upload, kept in media storage until a job has processed it. */
  incoming_key: string | null;
  /** The post an edit took this attachment out of (its history still shows it). */
  edited_out_of: Id | null;
  /** Its place in the post's `media_ids[]` (migration 1021). */
  position: Generated<number>;
  /** The scheduled post that will publish it (migration 1021): reserved, not swept, not attachable elsewhere. */
  scheduled_status_id: Id | null;
  /** A remote post's attachment: the file on its own server, not fetched (migration 1141); null for local media. */
  remote_url: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A hash of known violent content from a hash list (migration 0970); `source` names the list. */
export interface HashListEntriesTable {
  source: string;
  kind: 'pdq' | 'md5' | 'sha256';
  /** Lower-case hex: 64 digits for pdq and sha256, 32 for md5. */
  hash: string;
  label: Generated<string>;
  created_at: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

/** Posts area (migration 0200): Idempotency-Key replays, muted threads, followed hashtags. */
export interface StatusIdempotencyTable {
  account_id: Id;
  key: string;
  status_id: Id;
  created_at: Timestamp;
}

export interface ConversationMutesTable {
  account_id: Id;
  conversation_id: Id;
  created_at: Timestamp;
}

export interface TagFollowsTable {
  account_id: Id;
  tag_id: Id;
  created_at: Timestamp;
}

/** A Web Push subscription, one per access token (Mastodon's /api/v1/push/subscription). */
export interface PushSubscriptionsTable {
  id: Id;
  account_id: Id;
  token_id: Id;
  endpoint: string;
  key_p256dh: string;
  key_auth: string;
  /** JSON object: notification type -> boolean. */
  alerts: string;
  /** all | followed | follower | none */
  policy: string;
  standard: Bool;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// Moderation (migration 0400): screenings, the case queue, reports, actions, appeals, the append-only audit log.
export interface ModerationScreeningsTable {
  id: Id;
  /** Null when the post was refused (never stored). */
  status_id: Id | null;
  account_id: Id;
  outcome: 'published' | 'pending' | 'refused';
  /** JSON object category -> score. */
  categories: Generated<string>;
  language: string | null;
  /** The threat form the classifier read (migration 0410), when it can tell. */
  form: string | null;
  edit: Bool;
  created_at: Timestamp;
}

export interface ModerationCasesTable {
  id: Id;
  source: 'screening' | 'report' | 'hash';
  target_account_id: Id;
  status_id: Id | null;
  category: string;
  /** JSON object category -> classifier score. */
  scores: Generated<string>;
  /** For a screening case: the post's detected language and the threat form read (migration 0410). */
  language: string | null;
  form: string | null;
  severity: Count;
  state: ColumnType<'open' | 'resolved', 'open' | 'resolved' | undefined, 'open' | 'resolved'>;
  assigned_account_id: Id | null;
  resolved_by_id: Id | null;
  resolution: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  resolved_at: Timestamp | null;
}

export interface ReportsTable {
  id: Id;
  account_id: Id;
  target_account_id: Id;
  /** JSON array of status ids. */
  status_ids: Generated<string>;
  /** JSON array of rule ids. */
  rule_ids: Generated<string>;
  comment: Generated<string>;
  category: Generated<string>;
  forwarded: Bool;
  case_id: Id | null;
  assigned_account_id: Id | null;
  action_taken_by_id: Id | null;
  action_taken_at: Timestamp | null;
  /** The action kind that closed it, told to the reporter. */
  outcome: string | null;
  /** The server a report came from as a Flag (migration 1130); null for a report filed here. */
  origin_domain: string | null;
  /** The Flag's id, for a report that came from another server. */
  uri: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ModerationActionsTable {
  id: Id;
  target_account_id: Id;
  status_id: Id | null;
  /** Null for automatic actions (strike threshold). */
  moderator_id: Id | null;
  case_id: Id | null;
  report_id: Id | null;
  kind: string;
  rule: string | null;
  reason: Generated<string>;
  /** 1 when it counts as a confirmed violation. */
  strike: Bool;
  suspended_until: Timestamp | null;
  reversed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ModerationAppealsTable {
  id: Id;
  action_id: Id;
  account_id: Id;
  text: string;
  state: ColumnType<'pending' | 'approved' | 'rejected', 'pending' | 'approved' | 'rejected' | undefined, 'pending' | 'approved' | 'rejected'>;
  decided_by_id: Id | null;
  decision_reason: string | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

/** Append-only: triggers refuse UPDATE and DELETE on both dialects. */
export interface ModerationAuditLogTable {
  id: Id;
  actor_id: Id | null;
  action: string;
  target_type: string;
  target_id: Id | null;
  rule: string | null;
  reason: Generated<string>;
  /** JSON snapshots of the target before and after. */
  before: string | null;
  after: string | null;
  created_at: Timestamp;
}

/** Mastodon 4.3's notification policy of an account that changed it (migration 0990): accept, filter or drop. */
export interface NotificationPoliciesTable {
  account_id: string;
  for_not_following: string;
  for_not_followers: string;
  for_new_accounts: string;
  for_private_mentions: string;
  for_limited_accounts: string;
  updated_at: Timestamp;
}

/** Staff announcements (migration 1010); `mentions` and `tags` are JSON arrays rendered from the text. */
export interface AnnouncementsTable {
  id: Id;
  text: string;
  content: string;
  mentions: Generated<string>;
  tags: Generated<string>;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  all_day: Bool;
  published_at: Timestamp | null;
  created_by: Id | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AnnouncementReadsTable {
  announcement_id: Id;
  account_id: Id;
}

export interface AnnouncementReactionsTable {
  announcement_id: Id;
  account_id: Id;
  name: string;
  created_at: Timestamp;
}

export interface FeaturedTagsTable {
  id: Id;
  account_id: Id;
  tag_id: Id;
  created_at: Timestamp;
}

/** Accounts featured on a profile (Mastodon's endorsements, account_pins), migration 1010. */
export interface EndorsementsTable {
  id: Id;
  account_id: Id;
  target_account_id: Id;
  created_at: Timestamp;
}

/** Mastodon 4.3's notification requests: one per recipient and sender with filtered notifications (migration 1010). */
export interface NotificationRequestsTable {
  id: Id;
  account_id: Id;
  from_account_id: Id;
  last_status_id: Id | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NotificationPermissionsTable {
  account_id: Id;
  from_account_id: Id;
  created_at: Timestamp;
}

/** Cached translations of posts, per target language; `source_at` names the version of the post translated. */
export interface StatusTranslationsTable {
  status_id: Id;
  language: string;
  source_at: Timestamp;
  content: string;
  spoiler_text: string;
  /** JSON array of translated poll option titles, or null. */
  poll_options: string | null;
  detected_source_language: string;
  provider: string;
  created_at: Timestamp;
}

/** Fedify's key-value store (src/federation/kv-store.ts), migration 1100. */
export interface FederationKvTable {
  key: string;
  value: string;
  expires_at: Timestamp | null;
}

/** Fedify's message queue (src/federation/message-queue.ts), migration 1100. */
export interface FederationQueueTable {
  id: Id;
  message: string;
  run_at: Timestamp;
  locked_until: Timestamp | null;
  created_at: Timestamp;
}

/** A local actor's key pairs as JWK (kind: rsa | ed25519), made on first need, migration 1100. */
export interface FederationKeysTable {
  account_id: Id;
  kind: string;
  public_jwk: string;
  private_jwk: string;
  created_at: Timestamp;
}

/** A server an admin suspends, silences or only notes (Mastodon's admin domain block), migration 1110. */
export interface DomainBlocksTable {
  id: Id;
  domain: string;
  severity: 'suspend' | 'silence' | 'noop';
  reject_media: Generated<number>;
  reject_reports: Generated<number>;
  obfuscate: Generated<number>;
  private_comment: string | null;
  public_comment: string | null;
  applied_at: Timestamp;
  created_at: Timestamp;
}

/** An actor a local account says it also is (`alsoKnownAs`): an account it may be moved from, migration 1140. */
export interface AccountAliasesTable {
  id: Id;
  account_id: Id;
  uri: string;
  created_at: Timestamp;
}

/** A server one person blocks for themselves, migration 1110. */
export interface AccountDomainBlocksTable {
  id: Id;
  account_id: Id;
  domain: string;
  created_at: Timestamp;
}

export interface DB {
  account_aliases: AccountAliasesTable;
  domain_blocks: DomainBlocksTable;
  account_domain_blocks: AccountDomainBlocksTable;
  federation_kv: FederationKvTable;
  federation_queue: FederationQueueTable;
  federation_keys: FederationKeysTable;
  accounts: AccountsTable;
  users: UsersTable;
  oauth_apps: OauthAppsTable;
  oauth_codes: OauthCodesTable;
  oauth_tokens: OauthTokensTable;
  follows: FollowsTable;
  follow_requests: FollowRequestsTable;
  blocks: BlocksTable;
  mutes: MutesTable;
  statuses: StatusesTable;
  status_edits: StatusEditsTable;
  mentions: MentionsTable;
  tags: TagsTable;
  status_tags: StatusTagsTable;
  favourites: FavouritesTable;
  bookmarks: BookmarksTable;
  pins: PinsTable;
  status_votes: StatusVotesTable;
  feed_entries: FeedEntriesTable;
  notifications: NotificationsTable;
  conversations: ConversationsTable;
  account_conversations: AccountConversationsTable;
  media_attachments: MediaAttachmentsTable;
  settings: SettingsTable;
  moderation_screenings: ModerationScreeningsTable;
  moderation_cases: ModerationCasesTable;
  reports: ReportsTable;
  moderation_actions: ModerationActionsTable;
  moderation_appeals: ModerationAppealsTable;
  moderation_audit_log: ModerationAuditLogTable;
  push_subscriptions: PushSubscriptionsTable;
  status_idempotency: StatusIdempotencyTable;
  conversation_mutes: ConversationMutesTable;
  tag_follows: TagFollowsTable;
  web_sessions: WebSessionsTable;
  markers: MarkersTable;
  account_notes: AccountNotesTable;
  lists: ListsTable;
  list_accounts: ListAccountsTable;
  polls: PollsTable;
  poll_options: PollOptionsTable;
  poll_votes: PollVotesTable;
  filters: FiltersTable;
  filter_keywords: FilterKeywordsTable;
  filter_statuses: FilterStatusesTable;
  scheduled_statuses: ScheduledStatusesTable;
  preview_cards: PreviewCardsTable;
  status_cards: StatusCardsTable;
  hash_list_entries: HashListEntriesTable;
  notification_policies: NotificationPoliciesTable;
  announcements: AnnouncementsTable;
  announcement_reads: AnnouncementReadsTable;
  announcement_reactions: AnnouncementReactionsTable;
  featured_tags: FeaturedTagsTable;
  endorsements: EndorsementsTable;
  notification_requests: NotificationRequestsTable;
  notification_permissions: NotificationPermissionsTable;
  status_translations: StatusTranslationsTable;
  custom_emojis: CustomEmojisTable;
  account_archives: AccountArchivesTable;
  account_imports: AccountImportsTable;
  account_deletions: AccountDeletionsTable;
}

/** Custom emojis staff add (migration 1020); `static_path` is `file_path` unless the image is animated. */
export interface CustomEmojisTable {
  id: Id;
  shortcode: string;
  category: string | null;
  visible_in_picker: Bool;
  file_path: string;
  static_path: string;
  content_type: string;
  created_at: Timestamp;
}

/** An archive of an account its owner asked for (migration 1075); the zip is DATA_DIR/archives/<id>.zip. */
export interface AccountArchivesTable {
  id: Id;
  account_id: Id;
  state: 'pending' | 'ready' | 'failed';
  size: number | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

/** An import of one of Mastodon's CSV files (migration 1075): the parsed rows wait here for the job. */
export interface AccountImportsTable {
  id: Id;
  account_id: Id;
  type: 'following' | 'blocking' | 'muting' | 'lists' | 'bookmarks';
  mode: 'merge' | 'overwrite';
  state: 'pending' | 'finished';
  /** JSON array of the parsed rows. */
  rows: string;
  total: number;
  imported: Count;
  failed: Count;
  /** JSON array of {line, value, reason} for the rows that could not be applied. */
  failures: Generated<string>;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

/** A deletion its owner asked for (migration 1075): suspended at once, purged after `purge_after`. */
export interface AccountDeletionsTable {
  account_id: Id;
  requested_at: Timestamp;
  purge_after: Timestamp;
}
