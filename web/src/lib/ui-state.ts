// App-wide UI state that several screens touch: the composer dialog, the report dialog, toasts, features.
import type { AccountEntity, StatusEntity } from './entities';
import type { MediaLimits } from './media-rules';
import { useListeners } from './subscribe';

export interface ComposeRequest {
  replyTo?: StatusEntity;
  quote?: StatusEntity;
  edit?: StatusEntity;
  mention?: AccountEntity;
}

export interface ReportRequest {
  account: AccountEntity;
  status?: StatusEntity;
}

interface UiState {
  compose: ComposeRequest | null;
  report: ReportRequest | null;
  toast: string | null;
  /** What the composer may attach, from the instance document; null until it is read, or when uploads are off. */
  media: MediaLimits | null;
  maxChars: number;
  /** Showing what was saved on this device because the server cannot be reached: nothing can be changed. */
  offline: boolean;
  /** The instance translates posts (its document's configuration.translation.enabled). */
  translation: boolean;
}

let state: UiState = { compose: null, report: null, toast: null, media: null, maxChars: 500, offline: false, translation: false };
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
  useListeners(listeners);
  return state;
}

// Posts created, edited or deleted here reach every list showing them.
type StatusListener = (kind: 'created' | 'updated' | 'deleted', status: StatusEntity) => void;
const statusListeners = new Set<StatusListener>();

export function announceStatus(kind: 'created' | 'updated' | 'deleted', status: StatusEntity): void {
  for (const l of statusListeners) l(kind, status);
}

export function onStatusChange(l: StatusListener): () => void {
  statusListeners.add(l);
  return () => {
    statusListeners.delete(l);
  };
}
