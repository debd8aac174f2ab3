import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportSpki, signRequest } from '@fedify/fedify';

// A server not written here, in miniature: it serves actor documents (Mastodon- or Misskey-shaped, written by the
// test) with their RSA public keys, answers WebFinger, records what arrives at its inboxes, and POSTs activities
// signed with Fedify's signRequest (draft-cavage or RFC 9421) to a Tribune inbox, as a real server would.

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface RemoteActor {
  name: string;
  id: string;
  keyId: string;
  inbox: string;
  privateKey: CryptoKey;
  /** Signs `activity` as this actor and POSTs it to `inboxUrl`. */
  send(inboxUrl: string, activity: object, opts?: { spec?: 'draft-cavage-http-signatures-12' | 'rfc9421'; tamper?: boolean }): Promise<Response>;
}

export interface RemoteServer {
  url: string;
  host: string;
  received: Received[];
  /** Called for each inbox POST before it is answered; may delay the answer (a slow server) or never answer. */
  onInbox: ((r: Received) => Promise<void> | void) | null;
  /** Adds an actor; `shape` adds the fields a Mastodon or Misskey actor document carries besides the common ones. */
  addActor(name: string, opts?: { shape?: 'mastodon' | 'misskey'; extra?: Record<string, unknown> }): Promise<RemoteActor>;
  /** Serves `object` as JSON on its id's path (a Note an activity names by URL). */
  serve(object: { id: string } & Record<string, unknown>): void;
  close(): Promise<void>;
}

export const MASTODON_CONTEXT = [
  'https://www.w3.org/ns/activitystreams',
  'https://w3id.org/security/v1',
  {
    manuallyApprovesFollowers: 'as:manuallyApprovesFollowers',
    toot: 'http://joinmastodon.org/ns#',
    featured: { '@id': 'toot:featured', '@type': '@id' },
    discoverable: 'toot:discoverable',
    indexable: 'toot:indexable',
    Emoji: 'toot:Emoji',
    Hashtag: 'as:Hashtag',
    sensitive: 'as:sensitive',
    votersCount: 'toot:votersCount',
  },
];

export const MISSKEY_CONTEXT = [
  'https://www.w3.org/ns/activitystreams',
  'https://w3id.org/security/v1',
  {
    Key: 'sec:Key',
    manuallyApprovesFollowers: 'as:manuallyApprovesFollowers',
    sensitive: 'as:sensitive',
    Hashtag: 'as:Hashtag',
    quoteUrl: 'as:quoteUrl',
    toot: 'http://joinmastodon.org/ns#',
    Emoji: 'toot:Emoji',
    featured: 'toot:featured',
    discoverable: 'toot:discoverable',
    schema: 'http://schema.org#',
    PropertyValue: 'schema:PropertyValue',
    value: 'schema:value',
    misskey: 'https://misskey-hub.net/ns#',
    _misskey_content: 'misskey:_misskey_content',
    _misskey_quote: 'misskey:_misskey_quote',
    _misskey_reaction: 'misskey:_misskey_reaction',
    _misskey_votes: 'misskey:_misskey_votes',
    _misskey_summary: 'misskey:_misskey_summary',
    isCat: 'misskey:isCat',
    vcard: 'http://www.w3.org/2006/vcard/ns#',
  },
];

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export async function startRemoteServer(): Promise<RemoteServer> {
  const documents = new Map<string, object>();
  const received: Received[] = [];
  let server: Server;
  const state: RemoteServer = {
    url: '',
    host: '',
    received,
    onInbox: null,
    async addActor(name, opts = {}) {
      const pair = (await crypto.subtle.generateKey(
        { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
        true,
        ['sign', 'verify'],
      )) as CryptoKeyPair;
      const shape = opts.shape ?? 'mastodon';
      // Misskey names actors by an internal id, Mastodon by the username.
      const id = shape === 'misskey' ? `${state.url}/users/9k${name}` : `${state.url}/users/${name}`;
      const keyId = `${id}#main-key`;
      const doc: Record<string, unknown> = {
        '@context': shape === 'misskey' ? MISSKEY_CONTEXT : MASTODON_CONTEXT,
        id,
        type: 'Person',
        preferredUsername: name,
        name: `${name} (${shape})`,
        summary: `<p>${name} lives on a ${shape} server</p>`,
        inbox: `${id}/inbox`,
        outbox: `${id}/outbox`,
        followers: `${id}/followers`,
        following: `${id}/following`,
        url: shape === 'misskey' ? `${state.url}/@${name}` : `${state.url}/@${name}`,
        manuallyApprovesFollowers: false,
        discoverable: true,
        endpoints: { sharedInbox: `${state.url}/inbox` },
        publicKey: { id: keyId, type: 'Key', owner: id, publicKeyPem: await exportSpki(pair.publicKey) },
        ...(shape === 'mastodon'
          ? { featured: `${id}/collections/featured`, indexable: true, published: '2023-01-01T00:00:00Z' }
          : { _misskey_summary: `${name} lives on a ${shape} server`, isCat: true, sharedInbox: `${state.url}/inbox` }),
        ...opts.extra,
      };
      documents.set(new URL(id).pathname, doc);
      return {
        name,
        id,
        keyId,
        inbox: `${id}/inbox`,
        privateKey: pair.privateKey,
        async send(inboxUrl, activity, sendOpts = {}) {
          const body = JSON.stringify(activity);
          const request = new Request(inboxUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/activity+json', accept: 'application/activity+json' },
            body,
          });
          let signed = await signRequest(request, pair.privateKey, new URL(keyId), { spec: sendOpts.spec ?? 'draft-cavage-http-signatures-12' });
          // The same signature on a body changed on the way: its digest no longer matches.
          if (sendOpts.tamper) signed = new Request(signed, { body: body.replace('"type"', '"type" ') });
          return fetch(signed);
        },
      };
    },
    serve(object) {
      documents.set(new URL(object.id).pathname, object);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', state.url);
    if (req.method === 'POST' && /\/inbox$/.test(url.pathname)) {
      const text = await readBody(req);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Recorded as text.
      }
      const r: Received = { path: url.pathname, headers: req.headers, body };
      received.push(r);
      await state.onInbox?.(r);
      res.writeHead(202).end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/.well-known/webfinger') {
      const m = /^acct:([^@]+)@(.+)$/.exec(url.searchParams.get('resource') ?? '');
      const doc = m && m[2] === state.host ? [...documents.values()].find((d) => (d as { preferredUsername?: string }).preferredUsername === m[1]) : undefined;
      if (!doc) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/jrd+json' });
      res.end(
        JSON.stringify({
          subject: `acct:${m![1]}@${state.host}`,
          links: [{ rel: 'self', type: 'application/activity+json', href: (doc as { id: string }).id }],
        }),
      );
      return;
    }
    const doc = req.method === 'GET' ? documents.get(url.pathname) : undefined;
    if (!doc) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/activity+json' });
    res.end(JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${port}`;
  state.host = `127.0.0.1:${port}`;
  return state;
}
