import http from 'node:http';
import { signRequest } from '@fedify/fedify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorKeyPairs } from '../../src/federation/keys.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// The shield in front of the inboxes: deliveries are limited per sending server (the host of the key that signed
// them), not only per address, and their bodies are small. Three real servers on loopback share one address, so
// only the per-server budget can tell them apart.
const federation = { allowPrivateAddress: true };
const AS = 'https://www.w3.org/ns/activitystreams';

/**
 * A POST on a connection of its own, its answer read even when the server closes the connection before the whole
 * body is written (as it does when it refuses a body by its declared length).
 */
function postOnItsOwnConnection(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/activity+json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    // Writing the rest of a refused body may fail once the answer is in; only an error with no answer counts.
    req.on('error', (err) => setTimeout(() => reject(err), 5_000));
    req.end(body);
  });
}

describe('the shield at the inbox', () => {
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  /** A Like signed with bob's real key on B, delivered to A's shared inbox as B's own queue would. */
  const signedFromB = async (n: number) => {
    const [rsa] = await actorKeyPairs(b.ctx, bob.id);
    const body = JSON.stringify({
      '@context': AS,
      id: `${b.url}/users/bob#likes/flood-${n}`,
      type: 'Like',
      actor: `${b.url}/users/bob`,
      object: `${a.url}/users/alice`,
    });
    const request = new Request(`${a.url}/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body });
    const signed = await signRequest(request, rsa!.privateKey, new URL(`${b.url}/users/bob#main-key`));
    return fetch(signed);
  };
  /** An unsigned-in-truth delivery whose Signature header names carol's key on C. */
  const forgedAsC = () =>
    a.post('/inbox', {
      raw: JSON.stringify({ '@context': AS, id: `${c.url}/x`, type: 'Like', actor: `${c.url}/users/carol`, object: `${a.url}/users/alice` }),
      headers: {
        'content-type': 'application/activity+json',
        date: new Date().toUTCString(),
        signature: `keyId="${c.url}/users/carol#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="AAAA"`,
      },
    });

  beforeAll(async () => {
    // A lets each server 5 deliveries per five minutes: B floods, C delivers as usual.
    a = await startTestServer({ federation, shieldEnabled: true, shield: { policies: { inbox: { server: [{ points: 5, duration: 300 }] } } } });
    b = await startTestServer({ federation });
    c = await startTestServer({ federation });
    alice = await a.createUser('alice');
    bob = await b.createUser('bob');
    carol = await c.createUser('carol');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await c?.close();
  });

  it('refuses an inbox body over 256 KiB with 413, before reading it', async () => {
    const note = (kib: number) => JSON.stringify({ '@context': AS, type: 'Note', content: 'x'.repeat(kib * 1024) });
    for (const path of ['/inbox', '/users/alice/inbox']) {
      const res = await postOnItsOwnConnection(`${a.url}${path}`, note(300));
      expect(res.status).toBe(413);
      expect(res.text).toContain(String(256 * 1024));
    }
    // Under the limit it reaches the inbox, which refuses a bare, unsigned Note for what it is, not for its size.
    const under = await postOnItsOwnConnection(`${a.url}/inbox`, note(200));
    expect([400, 401]).toContain(under.status);
  });

  it("refuses one server's deliveries past its budget with 429, while another server's get through", async () => {
    for (let i = 0; i < 5; i++) expect((await signedFromB(i)).status).toBe(202);
    const refused = await signedFromB(5);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    // Forged deliveries naming C fail their signature (401) and do not spend C's budget.
    for (let i = 0; i < 6; i++) expect((await forgedAsC()).status).toBe(401);

    // C's real deliveries still come in: alice follows carol (C's Accept), carol posts (C's Create).
    const found = await a.ok<{ accounts: Array<{ id: string }> }>(
      'GET',
      `/api/v2/search?q=${encodeURIComponent(`@carol@${new URL(c.url).host}`)}&resolve=true`,
      alice,
    );
    const carolOnA = found.accounts[0]!.id;
    await a.ok('POST', `/api/v1/accounts/${carolOnA}/follow`, alice);
    await eventually(async () => expect((await a.ok('GET', `/api/v1/accounts/relationships?id[]=${carolOnA}`, alice))[0].following).toBe(true));
    const post = await c.postStatus<{ uri: string }>(carol, 'still reaching A');
    await eventually(async () => expect(await a.ctx.db.selectFrom('statuses').select('id').where('uri', '=', post.uri).execute()).toHaveLength(1));
    // And B is still refused.
    expect((await signedFromB(6)).status).toBe(429);
  }, 120_000);
});
