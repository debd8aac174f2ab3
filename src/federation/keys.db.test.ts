import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../tests/helpers/server.js';
import { isSealed } from './key-sealing.js';
import { actorKeyPairs } from './keys.js';

// Local actors' private keys at rest: sealed in federation_keys, read back through the actor's document.
// Generous: the first request makes an RSA key pair, slow on a loaded machine.
describe('federation keys at rest', { timeout: 120_000 }, () => {
  let t: TestServer;
  let ana: TestUser;
  const AP = { accept: 'application/activity+json' };
  const rows = () =>
    t.ctx.db.selectFrom('federation_keys').select(['kind', 'public_jwk', 'private_jwk']).where('account_id', '=', ana.id).orderBy('kind').execute();

  beforeAll(async () => {
    t = await startTestServer({ federation: { allowPrivateAddress: true } });
    ana = await t.createUser('ana');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores the private halves sealed, never as JWK, and serves the same public keys after', async () => {
    const first = await t.get('/users/ana', { headers: AP });
    expect(first.status).toBe(200);
    const stored = await rows();
    expect(stored.map((r) => r.kind)).toEqual(['ed25519', 'rsa']);
    for (const r of stored) {
      expect(isSealed(r.private_jwk)).toBe(true);
      expect(r.private_jwk).not.toMatch(/"d"|"kty"|"p"|"q"/);
      expect(JSON.parse(r.public_jwk).d).toBeUndefined();
    }
    const again = await t.get('/users/ana', { headers: AP });
    expect(again.body.publicKey.publicKeyPem).toBe(first.body.publicKey.publicKeyPem);
    // The sealed keys open and sign.
    const pairs = await actorKeyPairs(t.ctx, ana.id);
    expect(pairs.map((p) => p.privateKey.algorithm.name)).toEqual(['RSASSA-PKCS1-v1_5', 'Ed25519']);
    const sig = await crypto.subtle.sign('Ed25519', pairs[1]!.privateKey, new TextEncoder().encode('x'));
    expect(await crypto.subtle.verify('Ed25519', pairs[1]!.publicKey, sig, new TextEncoder().encode('x'))).toBe(true);
  });

  it('reads a key kept in plain text by an earlier version, and seals it in place (the same key)', async () => {
    const before = await actorKeyPairs(t.ctx, ana.id);
    const plain = await Promise.all(before.map(async (p) => JSON.stringify(await crypto.subtle.exportKey('jwk', p.privateKey))));
    // As version 1100 stored them.
    await t.ctx.db.updateTable('federation_keys').set({ private_jwk: plain[0]! }).where('account_id', '=', ana.id).where('kind', '=', 'rsa').execute();
    await t.ctx.db.updateTable('federation_keys').set({ private_jwk: plain[1]! }).where('account_id', '=', ana.id).where('kind', '=', 'ed25519').execute();
    const actor = await t.get('/users/ana', { headers: AP });
    expect(actor.status).toBe(200);
    for (const r of await rows()) expect(isSealed(r.private_jwk)).toBe(true);
    const after = await actorKeyPairs(t.ctx, ana.id);
    const exported = await Promise.all(after.map(async (p) => JSON.stringify(await crypto.subtle.exportKey('jwk', p.privateKey))));
    expect(exported).toEqual(plain);
  });

  it('does not open them under another secret', async () => {
    expect(await actorKeyPairs(t.ctx, ana.id)).toHaveLength(2);
    await expect(actorKeyPairs({ db: t.ctx.db, config: { secretKey: 'another-secret-'.padEnd(64, 'z') } }, ana.id)).rejects.toThrow(/does not open/);
  });
});
