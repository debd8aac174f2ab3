// App-wide UI state that several screens touch: the composer dialog, the report dialog, toasts, features.
import { useEffect, useState } from 'preact/hooks';
import type { Account } from './session';

/** Mastodon's Poll entity. */
export interface Poll {
  id: string;
  expires_at: string | null;
  expired: boolean;
  multiple: boolean;
  votes_count: number;
  voters_count: number | null;
  /** votes_count is null while the author hides totals and the poll is open. */
  options: Array<{ title: string; votes_count: number | null }>;
  voted?: boolean;
  own_votes?: number[];
}

/** Mastodon's PreviewCard (a link preview), the fields the web app shows. */
export interface PreviewCard {
  url: string;
  title: string;
  description: string;
  provider_name: string;
  image: string | null;
  width: number;
  height: number;
  language?: string | null;
}

export interface Status {
  id: string;
  created_at: string;
  edited_at?: string | null;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  sensitive: boolean;
  spoiler_text: string;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  language?: string | null;
  uri?: string;
  url?: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  favourited?: boolean;
  reblogged?: boolean;
  bookmarked?: boolean;
  content: string;
  reblog: Status | null;
  account: Account;
  media_attachments: Array<{ id: string; type: string; url: string; preview_url?: string | null; description?: string | null }>;
  mentions: Array<{ id: string; username: string; acct: string; url: string }>;
  tags?: Array<{ name: string; url: string }>;
  quote?: { state?: string; quoted_status?: Status | null } | null;
  card?: PreviewCard | null;
  poll?: Poll | null;
  /** The reader's filters matching the post where it is shown (Mastodon's FilterResult). */
  filtered?: Array<{ filter: { id: string; title: string; filter_action: string } }>;
  /** Tribune's extension: moderation_state is set (pending, removed) only for the author of a post not published. */
  tribune?: { moderation_state?: string };
}

export interface ComposeRequest {
  replyTo?: Status;
  quote?: Status;
  edit?: Status;
  mention?: Account;
}

export interface ReportRequest {
  account: Account;
  status?: Status;
}

interface UiState {
  compose: ComposeRequest | null;
  report: ReportRequest | null;
  toast: string | null;
  reportsAvailable: boolean;
  /** The media API (POST /api/v2/media) answers on this server. */
  mediaAvailable: boolean;
  maxChars: number;
}

let state: UiState = { compose: null, report: null, toast: null, reportsAvailable: false, mediaAvailable: false, maxChars: 500 };
const listeners = new Set<() => void>();
let toastTimer: ReturnType<typeof setTimeout> | null = null;

export function setUi(next: Partial<UiState>): void {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

export function getUi(): UiState {
  return state;
}

export function toast(message: string): void {
  setUi({ toast: message });
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = setTimeout(() => setUi({ toast: null }), 5000);
}

export function useUi(): UiState {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return state;
}

// Posts created, edited or deleted here reach every list showing them.
type StatusListener = (kind: 'created' | 'updated' | 'deleted', status: Status) => void;
const statusListeners = new Set<StatusListener>();

export function announceStatus(kind: 'created' | 'updated' | 'deleted', status: Status): void {
  for (const l of statusListeners) l(kind, status);
}

export function onStatusChange(l: StatusListener): () => void {
  statusListeners.add(l);
  return () => {
    statusListeners.delete(l);
  };
}
