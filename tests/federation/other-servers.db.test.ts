import { Accept, Create, getDocumentLoader, signJsonLd, verifyObject } from '@fedify/fedify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTODON_CONTEXT, MISSKEY_CONTEXT, type RemoteActor, type RemoteServer, startRemoteServer } from '../helpers/remote-server.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Federation with servers not written here: activity JSON shaped as Mastodon and Misskey send it (written from
// their documentation: docs.joinmastodon.org "ActivityPub" and "Security", misskey-hub.net's ActivityPub notes),
// signed by actors a small local server publishes, POSTed to a running Tribune's inboxes and checked through
// the Mastodon API; and what Tribune sends them (integrity proofs included).

const AS = 'https://www.w3.org/ns/activitystreams';
const PUBLIC = `${AS}#Public`;
const loader = getDocumentLoader({ allowPrivateAddress: true });
/** Waits for what a queued delivery or handler shows: generous, as a loaded machine is slow. */
const soon = <T>(check: () => Promise<T> | T) => eventually(check, 60_000);

// Generous: signing keys are made on first use (RSA is slow on a loaded machine) and every step crosses HTTP twice.
describe('federation with Mastodon- and Misskey-shaped servers', { timeout: 120_000 }, () => {
  let t: TestServer;
  let remote: RemoteServer;
  let alice: RemoteActor; // on "Mastodon"
  let mika: RemoteActor; // on "Misskey"
  let ana: TestUser;
  const ids = new Map<string, string>(); // remote actor id -> its account id on Tribune
  let n = 0;
  const next = (actor: RemoteActor, what: string) => `${actor.id}/${what}/${++n}`;

  const inbox = () => `${t.url}/users/ana/inbox`;
  const anaActor = () => `${t.url}/users/ana`;
  const received = (type: string, pred: (b: any) => boolean = () => true) => remote.received.filter((r) => r.body?.type === type && pred(r.body));
  const home = () =>
    t.ok<Array<{ uri: string; content: string; spoiler_text: string; language: string | null; account: { acct: string } }>>(
      'GET',
      '/api/v1/timelines/home',
      ana,
    );

  /** Ana follows `actor` as a user would (WebFinger, then follow); the remote server accepts. */
  async function anaFollows(actor: RemoteActor) {
    const found = await t.ok<{ accounts: Array<{ id: string; acct: string }> }>(
      'GET',
      `/api/v2/search?q=${encodeURIComponent(`@${actor.name}@${remote.host}`)}&resolve=true&type=accounts`,
      ana,
    );
    expect(found.accounts.map((a) => a.acct)).toEqual([`${actor.name}@${remote.host}`]);
    const id = found.accounts[0]!.id;
    ids.set(actor.id, id);
    await t.ok('POST', `/api/v1/accounts/${id}/follow`, ana);
    const follow = await soon(() => {
      const f = received('Follow', (b) => b.object === actor.id && b.actor === anaActor());
      expect(f).toHaveLength(1);
      return f[0]!.body;
    });
    const accept = { '@context': AS, id: next(actor, 'accepts'), type: 'Accept', actor: actor.id, object: follow };
    expect((await actor.send(inbox(), accept)).status).toBe(202);
    await soon(async () => {
      const [rel] = await t.ok<Array<{ following: boolean }>>('GET', `/api/v1/accounts/relationships?id[]=${id}`, ana);
      expect(rel!.following).toBe(true);
    });
    return id;
  }

  beforeAll(async () => {
    t = await startTestServer({ federation: { allowPrivateAddress: true } });
    remote = await startRemoteServer();
    alice = await remote.addActor('alice', { shape: 'mastodon' });
    mika = await remote.addActor('mika', { shape: 'misskey' });
    ana = await t.createUser('ana');
  });
  afterAll(async () => {
    await t?.close();
    await remote?.close();
  });

  it('takes a Mastodon Follow signed draft-cavage, and answers Accept', async () => {
    const follow = { '@context': AS, id: `${remote.url}/4a1b2c3d-follow`, type: 'Follow', actor: alice.id, object: anaActor() };
    const res = await alice.send(inbox(), follow, { spec: 'draft-cavage-http-signatures-12' });
    expect(res.status).toBe(202);
    await soon(async () => {
      const followers = await t.ok<Array<{ acct: string; display_name: string }>>('GET', `/api/v1/accounts/${ana.id}/followers`, ana);
      expect(followers.map((f) => f.acct)).toContain(`alice@${remote.host}`);
    });
    const accept = await soon(() => {
      const a = received('Accept', (b) => b.object?.id === follow.id);
      expect(a).toHaveLength(1);
      return a[0]!;
    });
    expect(accept.path).toBe('/users/alice/inbox');
    expect(accept.body.actor).toBe(anaActor());
  });

  it('takes a Misskey Follow signed with RFC 9421', async () => {
    const follow = { '@context': MISSKEY_CONTEXT, id: `${remote.url}/follows/9kmika/9kana`, type: 'Follow', actor: mika.id, object: anaActor() };
    expect((await mika.send(inbox(), follow, { spec: 'rfc9421' })).status).toBe(202);
    await soon(async () => {
      const followers = await t.ok<Array<{ acct: string }>>('GET', `/api/v1/accounts/${ana.id}/followers`, ana);
      expect(followers.map((f) => f.acct)).toContain(`mika@${remote.host}`);
    });
    await soon(() => expect(received('Accept', (b) => b.object?.id === follow.id)).toHaveLength(1));
  });

  it('refuses an unsigned, a wrongly signed, a forged or an altered activity with 401', async () => {
    const like = (actor: RemoteActor) => ({ '@context': AS, id: next(actor, 'likes'), type: 'Like', actor: actor.id, object: `${anaActor()}/statuses/1` });
    const unsigned = await fetch(inbox(), { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body: JSON.stringify(like(alice)) });
    expect(unsigned.status).toBe(401);
    // Signed by mika's key while claiming to come from alice.
    expect((await mika.send(inbox(), like(alice))).status).toBe(401);
    expect((await mika.send(`${t.url}/inbox`, like(alice), { spec: 'rfc9421' })).status).toBe(401);
    // A key that is not the one alice publishes, under her key id.
    const impostor = await remote.addActor('impostor');
    const forged = { ...impostor, keyId: alice.keyId };
    const { signRequest } = await import('@fedify/fedify');
    const body = JSON.stringify(like(alice));
    const signed = await signRequest(
      new Request(inbox(), { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body }),
      forged.privateKey,
      new URL(alice.keyId),
    );
    expect((await fetch(signed)).status).toBe(401);
    // A signature that was good for a body changed on the way.
    expect((await alice.send(inbox(), like(alice), { tamper: true })).status).toBe(401);
    expect((await alice.send(inbox(), like(alice), { tamper: true, spec: 'rfc9421' })).status).toBe(401);
  });

  it("takes a followed Mastodon account's Create(Note) with a mention, a hashtag and a custom emoji into the home timeline", async () => {
    await anaFollows(alice);
    const noteId = `${alice.id}/statuses/109348790587290001`;
    const create = {
      '@context': [...MASTODON_CONTEXT, { ostatus: 'http://ostatus.org#', atomUri: 'ostatus:atomUri', conversation: 'ostatus:conversation' }],
      id: `${noteId}/activity`,
      type: 'Create',
      actor: alice.id,
      published: '2024-05-01T12:00:00Z',
      to: [PUBLIC],
      cc: [`${alice.id}/followers`, anaActor()],
      object: {
        id: noteId,
        type: 'Note',
        summary: 'cats',
        inReplyTo: null,
        published: '2024-05-01T12:00:00Z',
        url: `${remote.url}/@alice/109348790587290001`,
        attributedTo: alice.id,
        to: [PUBLIC],
        cc: [`${alice.id}/followers`, anaActor()],
        sensitive: true,
        atomUri: noteId,
        conversation: `tag:${remote.host},2024-05-01:objectId=1:objectType=Conversation`,
        content: `<p>Hello <span class="h-card" translate="no"><a href="${t.url}/@ana" class="u-url mention">@<span>ana</span></a></span> <a href="${remote.url}/tags/fediverse" class="mention hashtag" rel="tag">#<span>fediverse</span></a> :blobcat:</p>`,
        contentMap: { en: `<p>Hello @ana #fediverse :blobcat:</p>` },
        attachment: [],
        tag: [
          { type: 'Mention', href: anaActor(), name: `@ana@${new URL(t.url).host}` },
          { type: 'Hashtag', href: `${remote.url}/tags/fediverse`, name: '#fediverse' },
          {
            id: `${remote.url}/emojis/1`,
            type: 'Emoji',
            name: ':blobcat:',
            updated: '2023-01-01T00:00:00Z',
            icon: { type: 'Image', mediaType: 'image/png', url: `${remote.url}/emoji/blobcat.png` },
          },
        ],
        replies: {
          id: `${noteId}/replies`,
          type: 'Collection',
          first: { type: 'CollectionPage', next: `${noteId}/replies?page=true`, partOf: `${noteId}/replies`, items: [] },
        },
      },
    };
    expect((await alice.send(`${t.url}/inbox`, create)).status).toBe(202);
    const seen = await soon(async () => {
      const s = (await home()).find((x) => x.uri === noteId);
      expect(s).toBeDefined();
      return s!;
    });
    expect(seen.content).toContain('Hello');
    expect(seen.content).toContain('fediverse');
    expect(seen.spoiler_text).toBe('cats');
    // contentMap's language is not read yet (docs/federation.md, "Not yet").
    expect(seen.account.acct).toBe(`alice@${remote.host}`);
  });

  it("takes a followed Misskey account's note (with _misskey_content and _misskey_quote) by its HTML content", async () => {
    await anaFollows(mika);
    const quoted = await t.postStatus(ana, 'something worth quoting');
    const quotedUri = `${anaActor()}/statuses/${quoted.id}`;
    const noteId = `${remote.url}/notes/9ptq1k2x7a`;
    const create = {
      '@context': MISSKEY_CONTEXT,
      id: `${noteId}/activity`,
      actor: mika.id,
      type: 'Create',
      published: '2024-05-02T08:30:00.000Z',
      object: {
        id: noteId,
        type: 'Note',
        attributedTo: mika.id,
        content: `<p><span>RE: </span><a href="${quotedUri}">${quotedUri}</a><br><br><span>nice </span><a href="${remote.url}/tags/misskey" rel="tag">#misskey</a></p>`,
        _misskey_content: 'nice #misskey $[x2 big]',
        source: { content: 'nice #misskey $[x2 big]', mediaType: 'text/x.misskeymarkdown' },
        _misskey_quote: quotedUri,
        quoteUrl: quotedUri,
        published: '2024-05-02T08:30:00.000Z',
        to: [PUBLIC],
        cc: [`${mika.id}/followers`],
        inReplyTo: null,
        attachment: [],
        sensitive: false,
        tag: [{ type: 'Hashtag', href: `${remote.url}/tags/misskey`, name: '#misskey' }],
      },
      to: [PUBLIC],
      cc: [`${mika.id}/followers`],
    };
    expect((await mika.send(`${t.url}/inbox`, create, { spec: 'rfc9421' })).status).toBe(202);
    const seen = await soon(async () => {
      const s = (await home()).find((x) => x.uri === noteId);
      expect(s).toBeDefined();
      return s!;
    });
    expect(seen.content).toContain('nice');
    // The HTML is what is shown, not Misskey's own markup.
    expect(seen.content).not.toContain('$[x2');
    expect(seen.account.acct).toBe(`mika@${remote.host}`);
  });

  it('counts Announce and Like (Mastodon) and a Misskey reaction on a local post, notifies them, and takes them back on Undo', async () => {
    const post = await t.postStatus(ana, 'echo me, like me');
    const object = `${anaActor()}/statuses/${post.id}`;
    const counts = async () => {
      const s = await t.ok<{ reblogs_count: number; favourites_count: number }>('GET', `/api/v1/statuses/${post.id}`, ana);
      return [s.reblogs_count, s.favourites_count];
    };
    const announce = {
      '@context': AS,
      id: `${alice.id}/statuses/109348790587290002/activity`,
      type: 'Announce',
      actor: alice.id,
      published: '2024-05-01T13:00:00Z',
      to: [PUBLIC],
      cc: [anaActor(), `${alice.id}/followers`],
      object,
    };
    const like = { '@context': AS, id: `${alice.id}#likes/42`, type: 'Like', actor: alice.id, object };
    const reaction = {
      '@context': MISSKEY_CONTEXT,
      type: 'Like',
      id: `${remote.url}/likes/9ptq2a`,
      actor: mika.id,
      object,
      content: '👍',
      _misskey_reaction: '👍',
    };
    expect((await alice.send(`${t.url}/inbox`, announce)).status).toBe(202);
    expect((await alice.send(inbox(), like)).status).toBe(202);
    expect((await mika.send(inbox(), reaction, { spec: 'rfc9421' })).status).toBe(202);
    await soon(async () => expect(await counts()).toEqual([1, 2]));
    const notes = await t.ok<Array<{ type: string; account: { acct: string }; status: { id: string } }>>('GET', '/api/v1/notifications', ana);
    const about = notes.filter((x) => x.status?.id === post.id).map((x) => `${x.type} ${x.account.acct}`);
    expect(about.sort()).toEqual([`favourite alice@${remote.host}`, `favourite mika@${remote.host}`, `reblog alice@${remote.host}`]);

    const undo = (actor: RemoteActor, activity: object & { id: string }) => ({
      '@context': AS,
      id: `${activity.id}/undo`,
      type: 'Undo',
      actor: actor.id,
      object: activity,
    });
    expect((await alice.send(inbox(), undo(alice, like))).status).toBe(202);
    expect((await alice.send(`${t.url}/inbox`, undo(alice, announce))).status).toBe(202);
    await soon(async () => expect(await counts()).toEqual([0, 1]));
  });

  it('removes a remote post on a Delete(Tombstone) from its author, with a Linked Data signature as Mastodon adds', async () => {
    const noteId = `${alice.id}/statuses/109348790587290003`;
    const note = {
      id: noteId,
      type: 'Note',
      attributedTo: alice.id,
      content: '<p>soon gone</p>',
      to: [PUBLIC],
      cc: [`${alice.id}/followers`],
      published: '2024-05-01T14:00:00Z',
    };
    const create = { '@context': AS, id: `${noteId}/activity`, type: 'Create', actor: alice.id, to: note.to, cc: note.cc, object: note };
    expect((await alice.send(`${t.url}/inbox`, create)).status).toBe(202);
    await soon(async () => expect((await home()).some((s) => s.uri === noteId)).toBe(true));
    const del = await signJsonLd(
      {
        '@context': [AS, { ostatus: 'http://ostatus.org#', atomUri: 'ostatus:atomUri' }],
        id: `${noteId}#delete`,
        type: 'Delete',
        actor: alice.id,
        to: [PUBLIC],
        object: { id: noteId, type: 'Tombstone', atomUri: noteId },
      },
      alice.privateKey,
      new URL(alice.keyId),
      { contextLoader: loader },
    );
    expect(del.signature).toMatchObject({ type: 'RsaSignature2017' });
    expect((await alice.send(`${t.url}/inbox`, del)).status).toBe(202);
    await soon(async () => expect((await home()).some((s) => s.uri === noteId)).toBe(false));
    // Another server's actor cannot delete alice's post.
    const other = {
      '@context': AS,
      id: next(mika, 'deletes'),
      type: 'Delete',
      actor: mika.id,
      object: { id: `${alice.id}/statuses/109348790587290001`, type: 'Tombstone' },
    };
    expect((await mika.send(`${t.url}/inbox`, other)).status).toBe(202);
    // Handled once it has left the queue (the database table here).
    await soon(async () => expect(await t.ctx.db.selectFrom('federation_queue').select('id').execute()).toEqual([]));
    expect((await home()).some((s) => s.uri === `${alice.id}/statuses/109348790587290001`)).toBe(true);
  });

  it('takes an Update(Person) as a signed activity (profile changes are not applied yet)', async () => {
    const update = {
      '@context': MASTODON_CONTEXT,
      id: `${alice.id}#updates/1714570000`,
      type: 'Update',
      actor: alice.id,
      to: [PUBLIC],
      object: {
        id: alice.id,
        type: 'Person',
        preferredUsername: 'alice',
        name: 'Alice, renamed',
        inbox: alice.inbox,
        publicKey: { id: alice.keyId, owner: alice.id },
      },
    };
    expect((await alice.send(`${t.url}/inbox`, update)).status).toBe(202);
    expect((await alice.send(`${t.url}/inbox`, update, { tamper: true })).status).toBe(401);
  });

  it('signs what it sends with an Ed25519 integrity proof (eddsa-jcs-2022) that verifies against the actor key', async () => {
    const post = await t.postStatus(ana, 'proof that I wrote this');
    const objectId = `${anaActor()}/statuses/${post.id}`;
    const create = await soon(() => {
      const c = received('Create', (b) => b.object?.id === objectId);
      expect(c.length).toBeGreaterThan(0);
      return c[0]!.body;
    });
    const actor = (await t.get('/users/ana', { headers: { accept: 'application/activity+json' } })).body;
    // The Ed25519 key among the actor's Multikeys (multibase z6Mk...).
    const ed25519 = actor.assertionMethod.find((k: { publicKeyMultibase: string }) => k.publicKeyMultibase.startsWith('z6Mk'));
    expect(create.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', proofPurpose: 'assertionMethod' });
    expect(create.proof.verificationMethod).toBe(ed25519.id);
    // The RSA Linked Data signature (for Mastodon) is added after the proof: a receiver detaches it first, as Fedify does.
    expect(create.signature).toMatchObject({ type: 'RsaSignature2017' });
    const { signature: _ld, ...signed } = create;
    const verified = await verifyObject(Create, signed, { documentLoader: loader, contextLoader: loader });
    expect(verified?.id?.href).toBe(create.id);
    // Changed after signing: the proof no longer holds.
    const altered = { ...signed, object: { ...signed.object, content: '<p>words I never wrote</p>' } };
    expect(await verifyObject(Create, altered, { documentLoader: loader, contextLoader: loader })).toBeNull();
    // The Accepts sent earlier carry one too.
    const { signature: _ld2, ...accept } = received('Accept')[0]!.body;
    expect(accept.proof).toMatchObject({ cryptosuite: 'eddsa-jcs-2022' });
    expect(await verifyObject(Accept, accept, { documentLoader: loader, contextLoader: loader })).not.toBeNull();
  });
});
