import { lookup } from 'node:dns/promises';
import { isAllowedAddress } from '../domain/cards/address.js';

// The SSRF guard of link cards (src/domain/cards/address.ts), applied to every remote document federation
// fetches: a URL whose host is or resolves to a private, loopback or reserved address is refused unless
// ALLOW_PRIVATE_ADDRESS=true (tests with two servers on loopback).

export class PrivateAddressError extends Error {}

export async function assertFetchable(url: URL, allowPrivate: boolean): Promise<void> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PrivateAddressError(`Refused to fetch ${url.protocol} URL`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = await lookup(host, { all: true, verbatim: true }).catch(() => []);
  if (addresses.length === 0) throw new PrivateAddressError(`Cannot resolve ${host}`);
  for (const { address } of addresses)
    if (!isAllowedAddress(address, { allowPrivate })) throw new PrivateAddressError(`Refused to fetch from ${host}: a private or reserved address`);
}
