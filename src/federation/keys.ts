import { exportJwk, generateCryptoKeyPair } from '@fedify/fedify';
import { nowIso } from '../domain/time.js';
import type { Infra } from '../infra/infra.js';
import { findKeys, insertKey, updatePrivateKey } from './federation.store.js';
import { isSealed, keyAad, openPrivateKey, sealPrivateKey } from './key-sealing.js';

// Each local actor signs with an RSA key (HTTP signatures, as Mastodon reads them) and an Ed25519 key (object
// integrity proofs), made the first time they are needed and kept as JWK, the private halves sealed
// (key-sealing.ts) under the instance secret.

const KINDS = [
  { kind: 'rsa', algorithm: 'RSASSA-PKCS1-v1_5' },
  { kind: 'ed25519', algorithm: 'Ed25519' },
] as const;

export type KeysDeps = Pick<Infra, 'db'> & { config: Pick<Infra['config'], 'secretKey'> };

export async function actorKeyPairs(deps: KeysDeps, accountId: string): Promise<CryptoKeyPair[]> {
  const { db } = deps;
  const secret = deps.config.secretKey;
  let rows = await findKeys(db, accountId);
  const missing = KINDS.filter((k) => !rows.some((r) => r.kind === k.kind));
  if (missing.length > 0) {
    for (const { kind, algorithm } of missing) {
      const pair = await generateCryptoKeyPair(algorithm);
      await insertKey(db, {
        account_id: accountId,
        kind,
        public_jwk: JSON.stringify(await exportJwk(pair.publicKey)),
        private_jwk: sealPrivateKey(secret, JSON.stringify(await exportJwk(pair.privateKey)), keyAad(accountId, kind)),
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
    const aad = keyAad(accountId, kind);
    const privateJwk = openPrivateKey(secret, row.private_jwk, aad);
    // Kept in plain text by a version before sealing: sealed now (the same key, so nothing changes for others).
    if (!isSealed(row.private_jwk)) await updatePrivateKey(db, accountId, kind, sealPrivateKey(secret, privateJwk, aad));
    pairs.push({ publicKey: await importKey(row.public_jwk, 'public'), privateKey: await importKey(privateJwk, 'private') });
  }
  return pairs;
}

// Fedify's importJwk reads the global `navigator` for an Ed25519 key, which Node 20 lacks: imported here instead.
export function importKey(json: string, type: 'public' | 'private'): Promise<CryptoKey> {
  const jwk = JSON.parse(json) as JsonWebKey;
  const algorithm = jwk.kty === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'Ed25519' };
  return crypto.subtle.importKey('jwk', jwk, algorithm, true, type === 'public' ? ['verify'] : ['sign']);
}
