import { describe, expect, it } from 'vitest';
import { resolveClientIp } from '../middleware/client-address.js';
import { addressKeys, addressMatcher, clearanceNetwork, normalizeIp } from './ip.js';

describe('client addresses', () => {
  it('spells one address one way (mapped IPv4, zones, brackets, leading zeros)', () => {
    expect(normalizeIp('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(normalizeIp('[2001:0db8:0000:0000:0000:0000:0000:0001]')).toBe('2001:db8::1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
  });

  it('keys IPv4 by address and /24, IPv6 by /64', () => {
    expect(addressKeys('192.0.2.7')).toEqual({ address: '192.0.2.7', prefix: '192.0.2.0/24', family: 4 });
    expect(addressKeys('2001:db8:aa:bb:1:2:3:4')).toEqual({ address: '2001:db8:aa:bb::/64', prefix: null, family: 6 });
    expect(clearanceNetwork('2001:db8:aa:bb::9')).toBe('2001:db8:aa:bb::/64');
    expect(clearanceNetwork('192.0.2.200')).toBe('192.0.2.0/24');
  });

  it('matches trusted proxies by address and CIDR range, IPv4 and IPv6', () => {
    const m = addressMatcher(['10.0.0.0/8', 'fd00::/8', '192.0.2.1']);
    expect(m.matches('10.200.3.4')).toBe(true);
    expect(m.matches('::ffff:10.1.1.1')).toBe(true);
    expect(m.matches('11.0.0.1')).toBe(false);
    expect(m.matches('fd12:3456::1')).toBe(true);
    expect(m.matches('fe80::1')).toBe(false);
    expect(m.matches('192.0.2.1')).toBe(true);
    expect(m.matches('192.0.2.2')).toBe(false);
    expect(() => addressMatcher(['10.0.0.0/33'])).toThrow(/TRUSTED_PROXIES/);
    expect(() => addressMatcher(['proxy.local'])).toThrow(/TRUSTED_PROXIES/);
  });

  it('believes X-Forwarded-For only from a trusted peer, right-most untrusted hop first', () => {
    const trusted = addressMatcher(['10.0.0.0/8']);
    expect(resolveClientIp('203.0.113.5', '1.2.3.4', trusted)).toBe('203.0.113.5');
    expect(resolveClientIp('10.0.0.2', '1.2.3.4, 198.51.100.7', trusted)).toBe('198.51.100.7');
    expect(resolveClientIp('10.0.0.2', '198.51.100.7, 10.0.0.9', trusted)).toBe('198.51.100.7');
    expect(resolveClientIp('10.0.0.2', 'garbage', trusted)).toBe('10.0.0.2');
    expect(resolveClientIp('10.0.0.2', 'dead', trusted)).toBe('10.0.0.2');
    expect(resolveClientIp('10.0.0.2', '999.1.1.1', trusted)).toBe('10.0.0.2');
    expect(resolveClientIp('10.0.0.2', undefined, trusted)).toBe('10.0.0.2');
    expect(resolveClientIp('10.0.0.2', '2001:DB8::1', trusted)).toBe('2001:db8::1');
    expect(resolveClientIp('10.0.0.2', '1.2.3.4', addressMatcher([]))).toBe('10.0.0.2');
  });
});
