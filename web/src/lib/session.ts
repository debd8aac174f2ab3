// The signed-in session: the access token in localStorage, the account behind it in memory.
import type { CredentialAccountEntity } from './entities';
import { useListeners } from './subscribe';

const TOKEN_KEY = 'tribune.token';

// Mastodon's role permission bits: 1 = administrator, 16 = manage reports.
export function isStaff(me: CredentialAccountEntity | null): boolean {
  const p = Number(me?.role?.permissions ?? 0);
  return (p & 1) === 1 || (p & 16) === 16;
}

interface SessionState {
  token: string | null;
  me: CredentialAccountEntity | null;
}

const ME_KEY = 'tribune.me';

function savedMe(): CredentialAccountEntity | null {
  try {
    return JSON.parse(safeGet(ME_KEY) ?? 'null') as CredentialAccountEntity | null;
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

export function getMe(): CredentialAccountEntity | null {
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
  useListeners(listeners);
  return state;
}
