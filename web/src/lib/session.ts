// The signed-in session: the access token in localStorage, the account behind it in memory.
import { useEffect, useState } from 'preact/hooks';

const TOKEN_KEY = 'tribune.token';

export interface Account {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  note: string;
  avatar: string;
  avatar_static?: string;
  header: string;
  locked: boolean;
  bot: boolean;
  url: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  created_at: string;
  emojis?: unknown[];
  fields?: Array<{ name: string; value: string }>;
  source?: { note: string; privacy: string; sensitive: boolean; language: string | null };
  /** Mastodon's CredentialAccount role (verify_credentials only). */
  role?: { id: string; name: string; permissions: string; color: string; highlighted: boolean };
}

// Mastodon's role permission bits: 1 = administrator, 16 = manage reports.
export function isStaff(me: Account | null): boolean {
  const p = Number(me?.role?.permissions ?? 0);
  return (p & 1) === 1 || (p & 16) === 16;
}

interface SessionState {
  token: string | null;
  me: Account | null;
}

const ME_KEY = 'tribune.me';

function savedMe(): Account | null {
  try {
    return JSON.parse(safeGet(ME_KEY) ?? 'null') as Account | null;
  } catch {
    return null;
  }
}

// The account is remembered with the token so the app opens offline with the last timeline.
let state: SessionState = { token: safeGet(TOKEN_KEY), me: safeGet(TOKEN_KEY) ? savedMe() : null };
const listeners = new Set<() => void>();

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return state.token;
}

export function getMe(): Account | null {
  return state.me;
}

export function setSession(next: Partial<SessionState>): void {
  state = { ...state, ...next };
  try {
    if (state.token) localStorage.setItem(TOKEN_KEY, state.token);
    else localStorage.removeItem(TOKEN_KEY);
    if (state.token && state.me) localStorage.setItem(ME_KEY, JSON.stringify(state.me));
    else if (!state.token) localStorage.removeItem(ME_KEY);
  } catch {
    // Private mode without storage: the session lasts as long as the page.
  }
  for (const l of listeners) l();
}

export function useSession(): SessionState {
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
