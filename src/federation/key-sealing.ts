import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// Local actors' private keys are kept sealed with AES-256-GCM (authenticated: a changed byte fails to open)
// under a key derived from the instance's secret (SECRET_KEY or DATA_DIR/secret.key, which backups carry).
// The row's account and kind are the additional data, so a sealed key copied to another row does not open.

const PREFIX = 'aes256gcm:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function sealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'tribune', 'federation private keys v1', 32));
}

/** Whether a stored private key is sealed (rows written before sealing hold plain JWK). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function sealPrivateKey(secret: string, jwk: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret), iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(jwk, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The JWK a sealed key holds (a plain one as it is); throws when the secret is not the one it was sealed with. */
export function openPrivateKey(secret: string, stored: string, aad: string): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('a federation private key does not open with this instance secret (SECRET_KEY or DATA_DIR/secret.key changed?)');
  }
}

/** What binds a sealed key to its row. */
export const keyAad = (accountId: string, kind: string) => `federation_keys:${accountId}:${kind}`;
