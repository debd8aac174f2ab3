import { describe, expect, it } from 'vitest';
import { isAllowedAddress } from './address.js';

describe('isAllowedAddress', () => {
  it('allows public IPv4 and IPv6 addresses', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4007:80e::200e', '[2001:4860:4860::8888]']) {
      expect(isAllowedAddress(a), a).toBe(true);
    }
  });

  it('refuses loopback, private, link-local, CGNAT, multicast, unspecified and reserved IPv4', () => {
    for (const a of [
      '127.0.0.1',
      '127.255.0.9',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.254',
      '224.0.0.1',
      '239.255.255.250',
      '0.0.0.0',
      '255.255.255.255',
      '198.18.0.1',
    ]) {
      expect(isAllowedAddress(a), a).toBe(false);
    }
    // The edges of the ranges stay public.
    expect(isAllowedAddress('172.32.0.1')).toBe(true);
    expect(isAllowedAddress('100.128.0.1')).toBe(true);
    expect(isAllowedAddress('11.0.0.1')).toBe(true);
  });

  it('refuses loopback, unique-local, link-local, multicast and unspecified IPv6', () => {
    for (const a of ['::1', '::', '[::1]', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', '2001:db8::1', 'fec0::1']) {
      expect(isAllowedAddress(a), a).toBe(false);
    }
  });

  it('checks IPv4 written inside IPv6 (mapped and NAT64) as IPv4', () => {
    for (const a of [
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::FFFF:10.0.0.1',
      '::ffff:192.168.0.1',
      '::ffff:169.254.169.254',
      '64:ff9b::10.0.0.1',
      '::127.0.0.1',
    ]) {
      expect(isAllowedAddress(a), a).toBe(false);
    }
    expect(isAllowedAddress('::ffff:8.8.8.8')).toBe(true);
    expect(isAllowedAddress('64:ff9b::8.8.8.8')).toBe(true);
  });

  it('refuses what is not an IP address', () => {
    for (const a of ['localhost', 'example.com', '', '1.2.3', '999.1.1.1']) expect(isAllowedAddress(a), a).toBe(false);
  });

  it('allows loopback, and only loopback, when the policy says so (tests)', () => {
    expect(isAllowedAddress('127.0.0.1', { allowLoopback: true })).toBe(true);
    expect(isAllowedAddress('::1', { allowLoopback: true })).toBe(true);
    expect(isAllowedAddress('::ffff:127.0.0.1', { allowLoopback: true })).toBe(true);
    expect(isAllowedAddress('10.0.0.1', { allowLoopback: true })).toBe(false);
    expect(isAllowedAddress('169.254.169.254', { allowLoopback: true })).toBe(false);
  });

  it('allows private and loopback addresses for an operator-configured service, never unusable ones', () => {
    for (const a of ['127.0.0.1', '::1', '10.0.0.1', '192.168.1.20', '172.17.0.2', 'fd00::1', '8.8.8.8'])
      expect(isAllowedAddress(a, { allowPrivate: true }), a).toBe(true);
    for (const a of ['0.0.0.0', '224.0.0.1', '255.255.255.255', '::', 'ff02::1']) expect(isAllowedAddress(a, { allowPrivate: true }), a).toBe(false);
    expect(isAllowedAddress('10.0.0.1')).toBe(false);
  });
});
