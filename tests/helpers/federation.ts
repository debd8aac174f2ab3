import { expect } from 'vitest';
import { eventually, type TestServer, type TestUser } from './server.js';

/** Config for servers that federate over loopback: private addresses allowed, as ALLOW_PRIVATE_ADDRESS=true does. */
export const FEDERATION = { allowPrivateAddress: true };

/**
 * `user` on `home` finds `username` of `remote` by handle (search with resolve: WebFinger, then the actor), follows
 * it, and waits until `remote` has accepted. Answers that account's id on `home`.
 */
export async function followAcross(home: TestServer, user: TestUser, remote: TestServer, username: string): Promise<string> {
  const handle = `@${username}@${new URL(remote.url).host}`;
  const found = await home.ok<{ accounts: Array<{ id: string }> }>('GET', `/api/v2/search?q=${encodeURIComponent(handle)}&resolve=true`, user);
  const id = found.accounts[0]!.id;
  await home.ok('POST', `/api/v1/accounts/${id}/follow`, user);
  await eventually(async () => expect((await home.ok('GET', `/api/v1/accounts/relationships?id[]=${id}`, user))[0].following).toBe(true));
  return id;
}
