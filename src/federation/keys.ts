import { exportJwk, generateCryptoKeyPair } from '@fedify/fedify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { nowIso } from '../domain/time.js';
import { findKeys, insertKey } from './federation.store.js';

// Each local actor signs with an RSA key (HTTP signatures, as Mastodon reads them) and an Ed25519 key (object
// integrity proofs), made the first time they are needed and kept as JWK.
// TODO(issue 16): the private halves are stored as they are; encrypt them with SECRET_KEY.

const KINDS = [
  { kind: 'rsa', algorithm: 'RSASSA-PKCS1-v1_5' },
  { kind: 'ed25519', algorithm: 'Ed25519' },
] as const;

export async function actorKeyPairs(db: Kysely<DB>, accountId: string): Promise<CryptoKeyPair[]> {
  let rows = await findKeys(db, accountId);
  const missing = KINDS.filter((k) => !rows.some((r) => r.kind === k.kind));
  if (missing.length > 0) {
    for (const { kind, algorithm } of missing) {
      const pair = await generateCryptoKeyPair(algorithm);
      await insertKey(db, {
        account_id: accountId,
        kind,
        public_jwk: JSON.stringify(await exportJwk(pair.publicKey)),
        private_jwk: JSON.stringify(await exportJwk(pair.privateKey)),
        created_at: nowIso(),
      });
    }
    // Read back: a concurrent request may have stored its own pair first, and that one is the actor's.
    rows = await findKeys(db, accountId);
  }
  const pairs: CryptoKeyPair[] = [];
  // RSA first: Fedify publishes the first pair as the actor's publicKey, which Mastodon needs to be RSA.
  for (const { kind } of KINDS) {
    const row = rows.find((r) => r.kind === kind);
    if (!row) continue;
    pairs.push({ publicKey: await importKey(row.public_jwk, 'public'), privateKey: await importKey(row.private_jwk, 'private') });
  }
  return pairs;
}

// Fedify's importJwk reads the global `navigator` for an Ed25519 key, which Node 20 lacks: imported here instead.
export function importKey(json: string, type: 'public' | 'private'): Promise<CryptoKey> {
  const jwk = JSON.parse(json) as JsonWebKey;
  const algorithm = jwk.kty === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'Ed25519' };
  return crypto.subtle.importKey('jwk', jwk, algorithm, true, type === 'public' ? ['verify'] : ['sign']);
}
