import { createHash, randomBytes } from 'node:crypto';
import { SSR_CSS } from './ssr.js';

// The Content-Security-Policy of every HTML page the server sends, declared here once. Each kind of page is allowed
// what it loads, nothing more; none may be framed, rewrite its base URL or load plugins.

export const CSP_HEADER = 'Content-Security-Policy';

const SSR_STYLE_HASH = `'sha256-${createHash('sha256').update(SSR_CSS).digest('base64')}'`;
const NEVER = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * A standalone page (OAuth sign-in and consent, the transparency report, the shield's explanations): its own inline
 * style and nothing else. No form-action: the consent form's answer redirects to the client app's redirect_uri, and
 * Chrome holds form redirects to form-action.
 */
export const DOCUMENT_POLICY = `default-src 'none'; style-src 'unsafe-inline'; ${NEVER}`;

/**
 * The web app's shell, alone or with a profile or post rendered in it: the built scripts and styles and the
 * server-rendered page's inline style; images from anywhere (avatars, and link previews straight from the linked site;
 * uploads previewed from blob: URLs); the API and its WebSocket stream on this site (named too, as browsers before
 * CSP 3 do not count ws: as 'self'); the service worker and manifest from here.
 */
export function appPolicy(publicUrl: string, mediaUrlBase: string = publicUrl): string {
  const origin = new URL(publicUrl).origin;
  // Videos play from where media is served: this site, or MEDIA_PUBLIC_URL's bucket or CDN.
  const media = new URL(mediaUrlBase).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' ${SSR_STYLE_HASH}`,
    'img-src * blob:',
    `media-src 'self' ${origin}${media === origin ? '' : ` ${media}`} blob:`,
    `connect-src 'self' ${origin.replace(/^http/, 'ws')}`,
    "form-action 'self'",
    NEVER,
  ].join('; ');
}

/** The shield's proof-of-work page: its inline style, its one inline script (by nonce), its form posting here. */
export function challengePolicy(nonce: string): string {
  return `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action 'self'; ${NEVER}`;
}

/** A fresh nonce for one page's inline script. */
export function scriptNonce(): string {
  return randomBytes(16).toString('base64url');
}
