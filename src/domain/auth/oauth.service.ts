import { createHash, timingSafeEqual } from 'node:crypto';
import { changed } from '../../infra/versions.js';
import { nowIso } from '../time.js';
import type { AuthDeps } from './apps.service.js';
import { appRedirectUris, authenticateClient, scopesWithin } from './apps.service.js';
import {
  type AppRow,
  consumeCode,
  deleteExpiredCodes,
  findAppByClientId,
  findCodeByHash,
  findTokenByHash,
  insertCode,
  liveTokenScopes,
  revokeTokenById,
} from './oauth.store.js';
import { parseScopes } from './scopes.js';
import { hashToken, randomToken } from './secrets.js';
import { issueToken } from './tokens.js';

/** An error in OAuth's own shape ({error, error_description}), RFC 6749 section 5.2. */
export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface AuthorizationRequest {
  app: AppRow;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

/**
 * Checks the parameters of /oauth/authorize. Errors about the client or the redirect URI must not redirect
 * (RFC 6749 4.1.2.1), so they are thrown with `redirectable: false`.
 */
export async function checkAuthorizationRequest(
  ctx: AuthDeps,
  q: {
    client_id?: string;
    redirect_uri?: string;
    response_type?: string;
    scope?: string;
    state?: string;
    code_challenge?: string;
    code_challenge_method?: string;
  },
): Promise<AuthorizationRequest> {
  if (!q.client_id) throw Object.assign(new OAuthError(400, 'invalid_request', 'The client_id parameter is missing.'), { redirectable: false });
  const app = await findAppByClientId(ctx.db, q.client_id);
  if (!app) throw Object.assign(new OAuthError(401, 'invalid_client', 'The client is unknown.'), { redirectable: false });
  const uris = appRedirectUris(app);
  const redirectUri = q.redirect_uri ?? (uris.length === 1 ? uris[0]! : '');
  if (!uris.includes(redirectUri))
    throw Object.assign(new OAuthError(400, 'invalid_redirect_uri', 'The redirect URI is not one this app registered.'), { redirectable: false });
  if (q.response_type !== 'code') throw new OAuthError(400, 'unsupported_response_type', 'Only the "code" response type is supported.');
  const scopes = [...parseScopes(q.scope ?? 'read')];
  if (scopes.length === 0) scopes.push('read');
  if (!scopesWithin(scopes, parseScopes(app.scopes))) throw new OAuthError(400, 'invalid_scope', 'The requested scope is not one the app registered.');
  let codeChallengeMethod: 'S256' | 'plain' | undefined;
  if (q.code_challenge) {
    const m = q.code_challenge_method ?? 'plain';
    if (m !== 'S256' && m !== 'plain') throw new OAuthError(400, 'invalid_request', 'code_challenge_method must be S256 or plain.');
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(q.code_challenge)) throw new OAuthError(400, 'invalid_request', 'code_challenge is malformed.');
    codeChallengeMethod = m;
  }
  return { app, redirectUri, scopes, state: q.state, codeChallenge: q.code_challenge, codeChallengeMethod };
}

/** Issues a single-use authorization code (kept hashed, valid ten minutes). */
export async function issueCode(ctx: AuthDeps, req: AuthorizationRequest, accountId: string): Promise<string> {
  const code = randomToken();
  const now = Date.now();
  await insertCode(ctx.db, {
    code_hash: hashToken(code),
    app_id: req.app.id,
    account_id: accountId,
    scopes: req.scopes.join(' '),
    redirect_uri: req.redirectUri,
    code_challenge: req.codeChallenge ?? null,
    code_challenge_method: req.codeChallengeMethod ?? null,
    expires_at: new Date(now + CODE_LIFETIME_MS).toISOString(),
    created_at: new Date(now).toISOString(),
  });
  // Codes live ten minutes: sweeping the expired ones here keeps the table small without a scheduler.
  await deleteExpiredCodes(ctx.db, new Date(now).toISOString());
  return code;
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function pkceMatches(challenge: string, method: string | null, verifier: string): boolean {
  if (method === 'S256') return sameString(createHash('sha256').update(verifier).digest('base64url'), challenge);
  return sameString(verifier, challenge);
}

export interface TokenGrant {
  access_token: string;
  token_type: 'Bearer';
  scope: string;
  created_at: number;
}

export interface TokenRequest {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
  scope?: string;
}

/** POST /oauth/token: the authorization_code and client_credentials grants. */
export async function grantToken(ctx: AuthDeps, req: TokenRequest): Promise<TokenGrant> {
  if (!req.grant_type) throw new OAuthError(400, 'invalid_request', 'The grant_type parameter is missing.');
  if (req.grant_type !== 'authorization_code' && req.grant_type !== 'client_credentials')
    throw new OAuthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
  if (!req.client_id) throw new OAuthError(401, 'invalid_client', 'Client authentication failed: the client_id is missing.');
  let app: AppRow | null;
  if (req.client_secret) app = await authenticateClient(ctx, req.client_id, req.client_secret);
  else {
    // A public client may use the authorization_code grant with PKCE and no secret.
    app = req.grant_type === 'authorization_code' && req.code_verifier ? ((await findAppByClientId(ctx.db, req.client_id)) ?? null) : null;
  }
  if (!app)
    throw new OAuthError(
      401,
      'invalid_client',
      'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
    );

  if (req.grant_type === 'client_credentials') {
    const scopes = [...parseScopes(req.scope ?? 'read')];
    if (scopes.length === 0) scopes.push('read');
    if (!scopesWithin(scopes, parseScopes(app.scopes))) throw new OAuthError(400, 'invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    return grant(ctx, app.id, null, scopes.join(' '));
  }

  const invalidGrant = () =>
    new OAuthError(
      400,
      'invalid_grant',
      'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
    );
  if (!req.code) throw new OAuthError(400, 'invalid_request', 'The code parameter is missing.');
  const codeHash = hashToken(req.code);
  const code = await findCodeByHash(ctx.db, codeHash);
  if (!code || code.app_id !== app.id || code.used_at || code.expires_at <= nowIso()) throw invalidGrant();
  if ((req.redirect_uri ?? code.redirect_uri) !== code.redirect_uri) throw invalidGrant();
  if (code.code_challenge) {
    if (!req.code_verifier || !pkceMatches(code.code_challenge, code.code_challenge_method, req.code_verifier)) throw invalidGrant();
  } else if (!req.client_secret) throw invalidGrant();
  if (!(await consumeCode(ctx.db, codeHash, nowIso()))) throw invalidGrant();
  return grant(ctx, app.id, code.account_id, code.scopes);
}

async function grant(ctx: AuthDeps, appId: string, accountId: string | null, scopes: string): Promise<TokenGrant> {
  const { token, createdAt } = await issueToken(ctx, appId, accountId, scopes);
  return { access_token: token, token_type: 'Bearer', scope: scopes, created_at: Math.floor(Date.parse(createdAt) / 1000) };
}

/** POST /oauth/revoke (RFC 7009): revoking an unknown token succeeds; another app's token is refused. */
export async function revokeToken(ctx: AuthDeps, req: { client_id?: string; client_secret?: string; token?: string }): Promise<void> {
  if (!req.token) throw new OAuthError(400, 'invalid_request', 'The token parameter is missing.');
  if (!req.client_id || !req.client_secret) throw new OAuthError(401, 'invalid_client', 'Client authentication failed.');
  const app = await authenticateClient(ctx, req.client_id, req.client_secret);
  if (!app) throw new OAuthError(401, 'invalid_client', 'Client authentication failed.');
  const token = await findTokenByHash(ctx.db, hashToken(req.token));
  if (!token) return;
  if (token.app_id !== app.id) throw new OAuthError(403, 'unauthorized_client', 'You are not authorized to revoke this token.');
  await revokeTokenById(ctx.db, token.id, nowIso());
  await changed(ctx, { tokens: [token.id] });
}

/** True when the person already granted this app every requested scope with a token still in use. */
export async function alreadyAuthorized(ctx: AuthDeps, req: AuthorizationRequest, accountId: string): Promise<boolean> {
  for (const scopes of await liveTokenScopes(ctx.db, req.app.id, accountId)) {
    const granted = parseScopes(scopes);
    if (req.scopes.every((s) => granted.has(s))) return true;
  }
  return false;
}
