import { timingSafeEqual } from 'node:crypto';
import { UnauthorizedError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import type { ChangeDeps } from '../../infra/versions.js';
import { nowIso } from '../time.js';
import { type AppRow, findAppByClientId, findAppById, insertApp } from './oauth.store.js';
import { isValidScope, parseScopes } from './scopes.js';
import { hashToken, randomToken } from './secrets.js';

/** What the auth area's services use (signing in adds the shield's sign-in limits: SignInDeps). */
export type AuthDeps = Pick<Infra, 'db' | 'ids' | 'config'> & ChangeDeps;

export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';

export interface NewApp {
  name: string;
  redirectUris: string[];
  scopes?: string;
  website?: string | null;
}

/** Registers a client app; the secret is returned once and only its hash is kept. */
export async function registerApp(ctx: AuthDeps, input: NewApp): Promise<{ app: AppRow; clientSecret: string }> {
  const name = input.name.trim();
  if (!name) throw new ValidationError("Validation failed: Application name can't be blank", 'client_name');
  if (name.length > 60) throw new ValidationError('Validation failed: Application name is too long (maximum is 60 characters)', 'client_name');
  const uris = input.redirectUris.flatMap((u) => u.split(/\s+/)).filter(Boolean);
  if (uris.length === 0) throw new ValidationError("Validation failed: Redirect URI can't be blank", 'redirect_uris');
  for (const uri of uris) {
    if (uri === OOB_REDIRECT) continue;
    let parsed: URL;
    try {
      parsed = new URL(uri);
    } catch {
      throw new ValidationError('Validation failed: Redirect URI must be an absolute URI.', 'redirect_uris');
    }
    if (parsed.hash) throw new ValidationError('Validation failed: Redirect URI cannot contain a fragment.', 'redirect_uris');
    if (/^(javascript|data|vbscript|file):$/i.test(parsed.protocol))
      throw new ValidationError('Validation failed: Redirect URI uses a forbidden scheme.', 'redirect_uris');
  }
  const scopes = [...parseScopes(input.scopes ?? 'read')];
  if (scopes.length === 0) scopes.push('read');
  const bad = scopes.find((s) => !isValidScope(s));
  if (bad) throw new ValidationError(`Validation failed: Scopes must be valid (unknown scope "${bad}")`, 'scopes');
  let website: string | null = input.website?.trim() || null;
  if (website && !/^https?:\/\/\S+$/i.test(website)) website = null;
  const clientSecret = randomToken();
  const app: AppRow = {
    id: ctx.ids.next(),
    name,
    website,
    redirect_uris: uris.join('\n'),
    scopes: scopes.join(' '),
    client_id: randomToken(),
    client_secret_hash: hashToken(clientSecret),
    created_at: nowIso(),
  };
  await insertApp(ctx.db, app);
  return { app, clientSecret };
}

/** The app a token belongs to; a token whose app is gone is not valid. */
export async function tokenApp(ctx: AuthDeps, appId: string | null): Promise<AppRow> {
  const app = appId ? await findAppById(ctx.db, appId) : undefined;
  if (!app) throw new UnauthorizedError('The access token is invalid');
  return app;
}

export function appRedirectUris(app: AppRow): string[] {
  return app.redirect_uris.split('\n').filter(Boolean);
}

/** The app behind a client id and secret, or null (the comparison does not leak through timing). */
export async function authenticateClient(ctx: AuthDeps, clientId: string, clientSecret: string): Promise<AppRow | null> {
  const app = await findAppByClientId(ctx.db, clientId);
  if (!app) return null;
  const a = Buffer.from(app.client_secret_hash);
  const b = Buffer.from(hashToken(clientSecret));
  return a.length === b.length && timingSafeEqual(a, b) ? app : null;
}

/** Whether every requested scope is within what the app registered (granular scopes fall under their parent). */
export function scopesWithin(requested: Iterable<string>, allowed: Set<string>): boolean {
  for (const s of requested) {
    if (allowed.has(s)) continue;
    const parent = s.includes(':') ? s.slice(0, s.lastIndexOf(':')) : null;
    if (parent && allowed.has(parent)) continue;
    return false;
  }
  return true;
}
