import type { AppRow } from '../../domain/auth/oauth.store.js';

/** Mastodon's Application (https://docs.joinmastodon.org/entities/Application/); credentials only right after registration. */
export function serializeApplication(app: AppRow, clientSecret?: string, vapidKey = '') {
  const uris = app.redirect_uris.split('\n').filter(Boolean);
  return {
    id: app.id,
    name: app.name,
    website: app.website,
    scopes: app.scopes.split(' ').filter(Boolean),
    redirect_uri: uris.join('\n'),
    redirect_uris: uris,
    // Deprecated in Mastodon 4.3 but still sent: the server's VAPID public key.
    vapid_key: vapidKey,
    ...(clientSecret !== undefined ? { client_id: app.client_id, client_secret: clientSecret, client_secret_expires_at: 0 } : {}),
  };
}
