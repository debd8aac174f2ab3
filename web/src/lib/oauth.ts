// Signing in exactly as a third-party client: register the app, then authorization code with PKCE.
import { ApiError, api } from './api';
import type { ApplicationEntity, CredentialAccountEntity, Scope } from './entities';
import { setSession } from './session';

const APP_KEY = 'tribune.app';
const PENDING_KEY = 'tribune.oauth';
// What every sign-in asks for. Staff are asked for ADMIN_SCOPES as well only when they open the moderation
// screens, so nobody else is shown "Read all data on the server" on the authorize page.
export const SCOPES = (['read', 'write', 'follow', 'push'] satisfies Scope[]).join(' ');
export const ADMIN_SCOPES = `${SCOPES} ${(['admin:read', 'admin:write'] satisfies Scope[]).join(' ')}`;
// The app is registered with every scope it may ask for; each authorization requests a subset.
const APP_SCOPES = ADMIN_SCOPES;
const GRANTED_KEY = 'tribune.scopes';

/** The registration as this browser keeps it (localStorage). */
export interface RegisteredApp {
  client_id: string;
  client_secret: string;
  redirect_uri: string;
  vapid_key?: string;
  /** The scopes it was registered with: an app from an older version with fewer is registered again. */
  scopes?: string;
}

function redirectUri(): string {
  return `${location.origin}/oauth-callback`;
}

/** The app registration, made once per browser (POST /api/v1/apps) and kept in localStorage. */
export async function registeredApp(): Promise<RegisteredApp> {
  try {
    const saved = JSON.parse(localStorage.getItem(APP_KEY) ?? 'null') as RegisteredApp | null;
    if (saved?.client_id && saved.redirect_uri === redirectUri() && saved.scopes === APP_SCOPES) return saved;
  } catch {
    // Corrupt or missing: register again.
  }
  // The answer to a registration is the one Application that carries the client's credentials.
  const app = await api<Required<ApplicationEntity>>('/api/v1/apps', {
    token: null,
    body: { client_name: 'Tribune web', redirect_uris: redirectUri(), scopes: APP_SCOPES, website: location.origin },
  });
  const saved = { client_id: app.client_id, client_secret: app.client_secret, redirect_uri: redirectUri(), vapid_key: app.vapid_key, scopes: APP_SCOPES };
  localStorage.setItem(APP_KEY, JSON.stringify(saved));
  return saved;
}

/** An app token (client_credentials); a registration the server no longer knows is made again, once. */
async function appToken(): Promise<{ app: RegisteredApp; token: string }> {
  for (let attempt = 0; ; attempt++) {
    const app = await registeredApp();
    try {
      const res = await api<{ access_token: string }>('/oauth/token', {
        token: null,
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: SCOPES }),
      });
      return { app, token: res.access_token };
    } catch (e) {
      if (attempt > 0 || !(e instanceof ApiError) || (e.status !== 400 && e.status !== 401)) throw e;
      localStorage.removeItem(APP_KEY);
    }
  }
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The scopes the current token was granted, when the sign-in that made it recorded them. */
export function grantedScopes(): Set<string> | null {
  try {
    const s = localStorage.getItem(GRANTED_KEY);
    return s === null ? null : new Set(s.split(/\s+/).filter(Boolean));
  } catch {
    return null;
  }
}

/** Sends the browser to the server's sign-in page; it comes back to /oauth-callback. */
export async function startSignIn(lang: string, returnTo = '/home', scope: string = SCOPES): Promise<void> {
  const { app } = await appToken();
  const verifier = randomString(48);
  const stateValue = randomString(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state: stateValue, returnTo, scope }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: app.client_id,
    redirect_uri: app.redirect_uri,
    scope,
    state: stateValue,
    code_challenge: await pkceChallenge(verifier),
    code_challenge_method: 'S256',
    lang,
  });
  location.assign(`/oauth/authorize?${q}`);
}

const ADMIN_ASKED_KEY = 'tribune.oauth.admin';
// Set while the browser is on its way to the authorize page, so re-renders meanwhile do not call the API.
let adminRedirect = false;

/** True when the current token is known to lack the admin scopes (false when unknown: a 403 will tell). */
export function lacksAdminScopes(): boolean {
  const granted = grantedScopes();
  return granted !== null && !(granted.has('admin:read') && granted.has('admin:write'));
}

/**
 * Runs the authorization again asking for the admin scopes too, once per browser session: if the person
 * declined (or the server did not grant them), the moderation screen offers a button instead of looping.
 */
export function askForAdminScopes(lang: string, returnTo: string): boolean {
  if (adminRedirect) return true;
  try {
    if (sessionStorage.getItem(ADMIN_ASKED_KEY)) return false;
    sessionStorage.setItem(ADMIN_ASKED_KEY, '1');
  } catch {
    return false;
  }
  adminRedirect = true;
  startSignIn(lang, returnTo, ADMIN_SCOPES).catch(() => {
    adminRedirect = false;
  });
  return true;
}

/** Finishes the flow on /oauth-callback: checks state, trades the code for a token. Returns where to go. */
export async function finishSignIn(params: URLSearchParams): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string; scope?: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  const error = params.get('error');
  if (error) throw new Error(params.get('error_description') || error);
  const code = params.get('code');
  if (!code || !pending || params.get('state') !== pending.state) throw new Error('state');
  const app = await registeredApp();
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    client_id: app.client_id,
    client_secret: app.client_secret,
    redirect_uri: app.redirect_uri,
    code_verifier: pending.verifier,
    scope: pending.scope ?? SCOPES,
  });
  const token = await api<{ access_token: string; scope?: string }>('/oauth/token', { token: null, body });
  setSession({ token: token.access_token });
  try {
    localStorage.setItem(GRANTED_KEY, token.scope ?? pending.scope ?? SCOPES);
  } catch {}
  return pending.returnTo || '/home';
}

/** Creates an account (POST /api/v1/accounts with the app's client_credentials token) and signs in with it. */
export async function signUp(input: { username: string; email: string; password: string; agreement: boolean; locale: string; reason?: string }): Promise<void> {
  const { token: app } = await appToken();
  const token = await api<{ access_token: string }>('/api/v1/accounts', { token: app, body: { ...input } });
  try {
    localStorage.removeItem(GRANTED_KEY);
  } catch {}
  // An account held for approval gets a token that is refused (403) until a moderator approves it.
  const me = await api<CredentialAccountEntity>('/api/v1/accounts/verify_credentials', { token: token.access_token });
  setSession({ token: token.access_token, me });
}

export async function signOut(): Promise<void> {
  const token = localStorage.getItem('tribune.token');
  try {
    const app = JSON.parse(localStorage.getItem(APP_KEY) ?? 'null') as RegisteredApp | null;
    if (app && token)
      await api('/oauth/revoke', { token: null, body: new URLSearchParams({ client_id: app.client_id, client_secret: app.client_secret, token }) });
  } catch {
    // Signing out locally still works when the server cannot be reached.
  }
  try {
    localStorage.removeItem('tribune.timeline.home');
    localStorage.removeItem(GRANTED_KEY);
  } catch {}
  setSession({ token: null, me: null });
}
