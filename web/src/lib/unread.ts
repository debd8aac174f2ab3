// The unread notifications count in the navigation: read from the server at start (the `notifications` marker and
// GET /api/v1/notifications/unread_count), raised by each new notification on the user stream (once per id), and
// cleared, marker saved, while the notifications screen is open.
import { api } from './api';
import type { NotificationEntity } from './entities';
import { listen } from './stream';
import { useListeners } from './subscribe';

let count = 0;
let lastReadId: string | null = null;
let screenOpen = false;
let started: string | null = null;
let stopListening: (() => void) | null = null;
const counted = new Set<string>();
const listeners = new Set<() => void>();

function set(next: number): void {
  count = next;
  for (const l of listeners) l();
}

/** Snowflake ids as strings: longer is newer, then by text. */
function newer(a: string, b: string | null): boolean {
  if (b === null) return true;
  return a.length !== b.length ? a.length > b.length : a > b;
}

/** Saves the marker at `id` (the newest notification seen) and clears the count. */
function markRead(id: string | null): void {
  set(0);
  counted.clear();
  if (!id || !newer(id, lastReadId)) return;
  lastReadId = id;
  api('/api/v1/markers', { body: { notifications: { last_read_id: id } } }).catch(() => {});
}

/** Follows the session: `token` null stops counting. */
export function startUnread(token: string | null): void {
  if (token === started) return;
  started = token;
  stopListening?.();
  stopListening = null;
  counted.clear();
  lastReadId = null;
  set(0);
  if (!token) return;
  stopListening = listen('user', (m) => {
    if (m.event !== 'notification') return;
    const n = m.payload as NotificationEntity;
    if (!n?.id || counted.has(n.id) || !newer(n.id, lastReadId)) return;
    if (screenOpen) return markRead(n.id);
    counted.add(n.id);
    set(count + 1);
  });
  Promise.all([
    api<{ notifications?: { last_read_id: string } }>('/api/v1/markers', { query: { timeline: ['notifications'] } }),
    api<{ count: number }>('/api/v1/notifications/unread_count'),
  ])
    .then(([markers, unread]) => {
      if (started !== token) return;
      const marker = markers.notifications?.last_read_id ?? null;
      if (marker && newer(marker, lastReadId)) lastReadId = marker;
      // Live ones that arrived meanwhile are in the server's count already.
      if (!screenOpen) set(Math.max(unread.count, count));
    })
    .catch(() => {});
}

/** The notifications screen is open (newest id on it, when known): everything is read. */
export function notificationsSeen(newestId: string | null): () => void {
  screenOpen = true;
  markRead(newestId);
  return () => {
    screenOpen = false;
  };
}

export function useUnreadCount(): number {
  useListeners(listeners);
  return count;
}
