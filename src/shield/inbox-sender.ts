// ActivityPub deliveries as the shield sees them: a POST to a person's inbox or the shared one, from a server
// named by the key that signed it.

const INBOX_PATH = /^\/(users\/[^/]+\/)?inbox\/?$/;

export function isInboxPost(method: string, path: string): boolean {
  return method === 'POST' && INBOX_PATH.test(path);
}

/**
 * The host of the key that signed a delivery (draft-cavage `Signature: keyId="..."`, RFC 9421 `Signature-Input:
 * ...;keyid="..."`), lower-cased; null when unsigned or unreadable. Read from the headers only: the body is not
 * parsed before the limits are applied. An unsigned delivery is refused by the inbox anyway (401).
 */
export function sendingServer(request: Request): string | null {
  // RFC 9421 sends both headers, its keyid in Signature-Input only.
  const header = `${request.headers.get('signature') ?? ''} ${request.headers.get('signature-input') ?? ''}`;
  const keyId = /keyid="([^"]+)"/i.exec(header)?.[1];
  if (!keyId) return null;
  try {
    return new URL(keyId).host.toLowerCase() || null;
  } catch {
    return null;
  }
}
