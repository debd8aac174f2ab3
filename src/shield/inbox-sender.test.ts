import { describe, expect, it } from 'vitest';
import { isInboxPost, sendingServer } from './inbox-sender.js';

const delivery = (headers: Record<string, string>) => new Request('https://here.example/inbox', { method: 'POST', headers, body: '{}' });

describe('inbox deliveries as the shield sees them', () => {
  it('takes POSTs to the shared inbox and to a person’s inbox, nothing else', () => {
    expect(isInboxPost('POST', '/inbox')).toBe(true);
    expect(isInboxPost('POST', '/users/alice/inbox')).toBe(true);
    expect(isInboxPost('GET', '/users/alice/inbox')).toBe(false);
    expect(isInboxPost('POST', '/users/alice/outbox')).toBe(false);
    expect(isInboxPost('POST', '/api/v1/statuses')).toBe(false);
  });

  it('names the server by the host of the signing key, draft-cavage or RFC 9421', () => {
    expect(sendingServer(delivery({ signature: 'keyId="https://Other.Example:8443/users/bob#main-key",algorithm="rsa-sha256",signature="x"' }))).toBe(
      'other.example:8443',
    );
    expect(
      sendingServer(delivery({ signature: 'sig1=:AAAA:', 'signature-input': 'sig1=("@method" "@target-uri");keyid="https://third.example/users/c#main-key"' })),
    ).toBe('third.example');
    expect(sendingServer(delivery({}))).toBeNull();
    expect(sendingServer(delivery({ signature: 'keyId="not a url"' }))).toBeNull();
  });
});
