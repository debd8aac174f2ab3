import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { isDomainSuspended } from '../domain/domain-blocks/domain-blocks.service.js';

const INBOX = /^\/(users\/[^/]+\/)?inbox$/;

/** The hosts an inbox request speaks for: its actor's and its signing key's (either may be the blocked one). */
async function sendersOf(request: Request): Promise<string[]> {
  const hosts = new Set<string>();
  // draft-cavage's Signature has keyId; RFC 9421 sends both headers, its keyid in Signature-Input.
  const keyId = /keyid="([^"]+)"/i.exec(`${request.headers.get('signature') ?? ''} ${request.headers.get('signature-input') ?? ''}`)?.[1];
  const add = (href: unknown) => {
    if (typeof href !== 'string') return;
    try {
      hosts.add(new URL(href).host.toLowerCase());
    } catch {
      // Not a URL: Fedify refuses the activity itself.
    }
  };
  add(keyId);
  try {
    const body = (await request.clone().json()) as { actor?: unknown };
    add(typeof body.actor === 'object' && body.actor !== null ? (body.actor as { id?: unknown }).id : body.actor);
  } catch {
    // Not JSON: Fedify answers it.
  }
  return [...hosts];
}

/**
 * Activities from a suspended server are refused before Fedify fetches its keys or queues them (Mastodon answers
 * its inbox with 202 and drops them; a clear 403 is kinder to a sender's retries). The message to send, or null.
 */
export async function refusedAtBorder(db: Kysely<DB>, path: string, request: Request): Promise<string | null> {
  if (request.method !== 'POST' || !INBOX.test(path)) return null;
  for (const host of await sendersOf(request)) if (await isDomainSuspended(db, host)) return `The server ${host} is suspended here`;
  return null;
}
