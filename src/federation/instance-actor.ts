import { Application, type Context, Endpoints, exportJwk, generateCryptoKeyPair, type KvStore } from '@fedify/fedify';
import type { FederationDeps } from './deps.js';
import { importKey } from './keys.js';

// The server's own actor (Mastodon's instance actor, an Application named after the domain): it signs what the
// server says rather than a person, such as a report forwarded to another server (Flag). Its identifier is the
// host name, which no username can be (usernames have no dots), on the same /users/{identifier} route as people.
// https://docs.joinmastodon.org/spec/activitypub/#as

const KEYS = ['tribune', 'instance-actor', 'keys'] as const;

export const instanceIdentifier = (ctx: Context<unknown>) => ctx.hostname;

export function isInstanceActor(ctx: Context<unknown>, identifier: string): boolean {
  return identifier === ctx.hostname;
}

type StoredPair = { public: string; private: string };

/** The instance actor's RSA key pair, made the first time it is needed and kept in Fedify's key-value store. */
export async function instanceActorKeyPairs(kv: KvStore): Promise<CryptoKeyPair[]> {
  let stored = await kv.get<StoredPair>(KEYS);
  if (!stored) {
    const pair = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
    const made = { public: JSON.stringify(await exportJwk(pair.publicKey)), private: JSON.stringify(await exportJwk(pair.privateKey)) };
    // Two processes making one at once: whichever was stored last is read back and used by both from then on.
    await kv.set(KEYS, made);
    stored = (await kv.get<StoredPair>(KEYS)) ?? made;
  }
  return [{ publicKey: await importKey(stored.public, 'public'), privateKey: await importKey(stored.private, 'private') }];
}

export async function instanceActorOf(ctx: Context<FederationDeps>): Promise<Application> {
  const identifier = instanceIdentifier(ctx);
  const keys = await ctx.getActorKeyPairs(identifier);
  return new Application({
    id: ctx.getActorUri(identifier),
    preferredUsername: identifier,
    name: ctx.data.config.instanceTitle,
    url: new URL('/about', ctx.canonicalOrigin),
    // Nobody follows the server itself.
    manuallyApprovesFollowers: true,
    inbox: ctx.getInboxUri(identifier),
    outbox: ctx.getOutboxUri(identifier),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey ?? null,
  });
}
