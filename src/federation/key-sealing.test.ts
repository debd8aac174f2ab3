import { describe, expect, it } from 'vitest';
import { isSealed, keyAad, openPrivateKey, sealPrivateKey } from './key-sealing.js';

const secret = 'sealing-test-'.padEnd(64, 'x');
const jwk = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'pub', d: 'the-private-part' });

describe('private key sealing', () => {
  it('seals a key so that its JWK is not in the stored text, and opens it again', () => {
    const sealed = sealPrivateKey(secret, jwk, keyAad('1', 'ed25519'));
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('the-private-part');
    expect(Buffer.from(sealed.split(':').pop()!, 'base64').toString('latin1')).not.toContain('private');
    expect(openPrivateKey(secret, sealed, keyAad('1', 'ed25519'))).toBe(jwk);
    // A fresh IV each time: the same key never seals to the same text.
    expect(sealPrivateKey(secret, jwk, keyAad('1', 'ed25519'))).not.toBe(sealed);
  });

  it('refuses to open under another secret, for another row, or once a byte changed', () => {
    const sealed = sealPrivateKey(secret, jwk, keyAad('1', 'ed25519'));
    expect(() => openPrivateKey('another-secret-'.padEnd(64, 'y'), sealed, keyAad('1', 'ed25519'))).toThrow(/does not open/);
    expect(() => openPrivateKey(secret, sealed, keyAad('2', 'ed25519'))).toThrow(/does not open/);
    const raw = Buffer.from(sealed.slice('aes256gcm:v1:'.length), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => openPrivateKey(secret, `aes256gcm:v1:${raw.toString('base64')}`, keyAad('1', 'ed25519'))).toThrow(/does not open/);
  });

  it('reads a key stored in plain text before sealing as it is', () => {
    expect(isSealed(jwk)).toBe(false);
    expect(openPrivateKey(secret, jwk, keyAad('1', 'rsa'))).toBe(jwk);
  });
});
