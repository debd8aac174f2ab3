import { loadConversationById, loadConversations } from '../../domain/conversations/conversation-loader.js';
import type { AccountConversationRow } from '../../domain/conversations/conversations.store.js';
import { loadNotificationById, loadNotifications } from '../../domain/notifications/notification-loader.js';
import type { NotificationRow } from '../../domain/notifications/notifications.store.js';
import { type ConversationEntity, serializeConversations } from '../entities/conversation.js';
import { type GroupedNotificationsEntity, type NotificationEntity, serializeNotificationGroups, serializeNotifications } from '../entities/notification.js';
import type { RenderDeps } from './statuses.js';

// Notifications and conversations as the API answers them: the domain loader reads the page, the serializer
// turns it into entities.

export async function renderNotifications(ctx: RenderDeps, rows: NotificationRow[], viewerId: string): Promise<NotificationEntity[]> {
  return serializeNotifications(ctx, await loadNotifications(ctx, rows, viewerId));
}

/** Mastodon 4.3's grouped notifications; `groupedTypes` limits which types may group. */
export async function renderNotificationGroups(
  ctx: RenderDeps,
  rows: NotificationRow[],
  viewerId: string,
  groupedTypes?: ReadonlySet<string>,
): Promise<GroupedNotificationsEntity> {
  return serializeNotificationGroups(ctx, await loadNotifications(ctx, rows, viewerId), groupedTypes);
}

/** One notification for its recipient (the streaming layer), or null when it is gone or hidden. */
export async function renderNotificationById(ctx: RenderDeps, id: string, viewerId: string): Promise<NotificationEntity | null> {
  return serializeNotifications(ctx, await loadNotificationById(ctx, viewerId, id))[0] ?? null;
}

export async function renderConversations(ctx: RenderDeps, rows: AccountConversationRow[], viewerId: string): Promise<ConversationEntity[]> {
  if (rows.length === 0) return [];
  return serializeConversations(ctx, await loadConversations(ctx, rows, viewerId));
}

/** One conversation for its owner (the streaming layer), or null. */
export async function renderConversationById(ctx: RenderDeps, id: string, viewerId: string): Promise<ConversationEntity | null> {
  const loaded = await loadConversationById(ctx, viewerId, id);
  return loaded ? (serializeConversations(ctx, loaded)[0] ?? null) : null;
}
