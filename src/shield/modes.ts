import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { readSetting, writeSetting } from './settings.store.js';

// Maintenance, read-only and moved modes, kept in the settings table so the CLI (another process) can set them;
// the server re-reads them every few seconds and answers from memory in between.

export type ServerMode = 'normal' | 'maintenance' | 'read-only' | 'moved';

export interface ModeState {
  mode: ServerMode;
  message: string;
  since: string | null;
  /** Seconds clients are told to wait (Retry-After). */
  retryAfter: number;
  /** In the moved mode: the community's new address (`https://new.example`), where pages are sent. */
  movedTo?: string;
}

const KEY = 'shield.mode';
export const NORMAL: ModeState = { mode: 'normal', message: '', since: null, retryAfter: 300 };

export const DEFAULT_MESSAGES: Record<ServerMode, string> = {
  normal: '',
  maintenance: 'This server is down for maintenance. Please come back soon.',
  'read-only': 'This server is in read-only mode for now: you can read, but not post or change anything.',
  moved: 'This community has moved to a new address.',
};

const MODES: ServerMode[] = ['maintenance', 'read-only', 'moved'];

export async function loadMode(db: Kysely<DB>): Promise<ModeState> {
  const raw = await readSetting(db, KEY);
  if (!raw) return NORMAL;
  try {
    const v = JSON.parse(raw) as Partial<ModeState>;
    const mode: ServerMode = MODES.includes(v.mode as ServerMode) ? (v.mode as ServerMode) : 'normal';
    if (mode === 'moved' && !v.movedTo) return NORMAL;
    return {
      mode,
      message: String(v.message ?? DEFAULT_MESSAGES[mode]),
      since: v.since ?? null,
      retryAfter: Number(v.retryAfter) > 0 ? Number(v.retryAfter) : 300,
      ...(mode === 'moved' ? { movedTo: String(v.movedTo) } : {}),
    };
  } catch {
    return NORMAL;
  }
}

export async function saveMode(db: Kysely<DB>, mode: ServerMode, message?: string, retryAfter = 300, movedTo?: string): Promise<ModeState> {
  const now = new Date().toISOString();
  if (mode === 'moved' && !movedTo) throw new Error('the moved mode needs the new address');
  const state: ModeState =
    mode === 'normal' ? NORMAL : { mode, message: message?.trim() || DEFAULT_MESSAGES[mode], since: now, retryAfter, ...(mode === 'moved' ? { movedTo } : {}) };
  await writeSetting(db, KEY, JSON.stringify(state), now);
  return state;
}

const ATTACK_KEY = 'shield.attack';

/** The operator's under-attack setting (auto, on, off), persisted so the CLI reaches a running server. */
export async function loadAttackSetting(db: Kysely<DB>): Promise<'auto' | 'on' | 'off'> {
  const raw = await readSetting(db, ATTACK_KEY);
  return raw === 'on' || raw === 'off' ? raw : 'auto';
}

export async function saveAttackSetting(db: Kysely<DB>, setting: 'auto' | 'on' | 'off'): Promise<void> {
  await writeSetting(db, ATTACK_KEY, setting, new Date().toISOString());
}
