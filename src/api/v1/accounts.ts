import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { accountsByIds, searchAccounts } from '../../domain/accounts/account-views.service.js';
import { getPublicAccount, lookupAccount, registerAccount } from '../../domain/accounts/accounts.service.js';
import { updateProfile } from '../../domain/accounts/profile.service.js';
import { connectionsOf, familiarFollowersOf } from '../../domain/relationships/account-lists.service.js';
import {
  block,
  follow,
  mute,
  relationshipFacts,
  removeFromFollowers,
  setAccountNote,
  unblock,
  unfollow,
  unmute,
} from '../../domain/relationships/relationships.service.js';
import { optionalUser, requireToken, requireUser, viewerId } from '../../middleware/auth.js';
import { accountPage } from '../account-page.js';
import { serializeRelationship } from '../entities/relationship.js';
import type { AppEnv } from '../env.js';
import { pageSchema, toPage } from '../pagination.js';
import { params, pathId, zBool, zId, zInt, zLimit, zList } from '../params.js';
import { loadAccounts, renderAccount, renderAccounts, renderCredentialAccount } from '../render/accounts.js';

export const accountsRoutes = new Hono<AppEnv>();

type C = Context<AppEnv>;

async function credentialAccount(c: C, accountId: string) {
  return renderCredentialAccount(c.var.ctx, accountId);
}

async function relationshipOf(c: C, targetId: string) {
  const facts = await relationshipFacts(c.var.ctx, viewerId(c), [targetId]);
  return serializeRelationship(targetId, facts);
}

// Registration: https://docs.joinmastodon.org/methods/accounts/#create
const registerSchema = z.object({
  username: z.string({ error: "can't be blank" }),
  email: z.string({ error: "can't be blank" }),
  password: z.string({ error: "can't be blank" }),
  agreement: zBool.default(false),
  locale: z.string().optional(),
  reason: z.string().optional(),
});

accountsRoutes.post('/api/v1/accounts', requireToken('write:accounts'), async (c) => {
  const p = await params(c, registerSchema);
  const viewer = c.var.viewer!;
  const result = await registerAccount(c.var.ctx, { appId: viewer.appId, scopes: [...viewer.scopes].join(' ') }, p);
  return c.json({ access_token: result.token, token_type: 'Bearer', scope: result.scopes, created_at: Math.floor(Date.parse(result.createdAt) / 1000) });
});

// The profile scope is a narrower read:accounts that covers only this endpoint.
accountsRoutes.get('/api/v1/accounts/verify_credentials', requireUser(['read:accounts', 'profile']), async (c) => {
  return c.json(await credentialAccount(c, viewerId(c)));
});

const fileOrNull = z.union([z.instanceof(File), z.literal('')]).optional();

const updateSchema = z.object({
  display_name: z.string().optional(),
  note: z.string().optional(),
  avatar: fileOrNull,
  header: fileOrNull,
  locked: zBool.optional(),
  bot: zBool.optional(),
  discoverable: zBool.optional(),
  indexable: zBool.optional(),
  hide_collections: zBool.optional(),
  fields_attributes: zList(z.object({ name: z.string().optional(), value: z.string().optional() })).optional(),
  source: z
    .object({
      privacy: z.string().optional(),
      sensitive: zBool.optional(),
      language: z.string().nullable().optional(),
    })
    .optional(),
});

accountsRoutes.patch('/api/v1/accounts/update_credentials', requireUser('write:accounts'), async (c) => {
  const p = await params(c, updateSchema);
  const file = async (f: File | '' | undefined) => (f === undefined ? undefined : f === '' ? null : new Uint8Array(await f.arrayBuffer()));
  await updateProfile(c.var.ctx, viewerId(c), {
    displayName: p.display_name,
    note: p.note,
    avatar: await file(p.avatar),
    header: await file(p.header),
    locked: p.locked,
    bot: p.bot,
    discoverable: p.discoverable ?? p.indexable,
    fields: p.fields_attributes,
    privacy: p.source?.privacy,
    sensitive: p.source?.sensitive,
    language: p.source?.language,
  });
  return c.json(await credentialAccount(c, viewerId(c)));
});

// Mastodon 4.4 deletes the avatar and header with these.
accountsRoutes.delete('/api/v1/profile/avatar', requireUser('write:accounts'), async (c) => {
  await updateProfile(c.var.ctx, viewerId(c), { avatar: null });
  return c.json(await credentialAccount(c, viewerId(c)));
});
accountsRoutes.delete('/api/v1/profile/header', requireUser('write:accounts'), async (c) => {
  await updateProfile(c.var.ctx, viewerId(c), { header: null });
  return c.json(await credentialAccount(c, viewerId(c)));
});

const idsSchema = z.object({ id: zList(zId).default([]) });

accountsRoutes.get('/api/v1/accounts/relationships', requireUser('read:follows'), async (c) => {
  const { id: ids } = await params(c, idsSchema.extend({ with_suspended: zBool.optional() }));
  const unique = [...new Set(ids)].slice(0, 100);
  const facts = await relationshipFacts(c.var.ctx, viewerId(c), unique);
  return c.json(unique.map((id) => serializeRelationship(id, facts)));
});

accountsRoutes.get('/api/v1/accounts/familiar_followers', requireUser('read:follows'), async (c) => {
  const { id: ids } = await params(c, idsSchema);
  const unique = [...new Set(ids)].slice(0, 100);
  const rows = await familiarFollowersOf(c.var.ctx, viewerId(c), unique);
  const accounts = await loadAccounts(
    c.var.ctx,
    rows.map((r) => r.account_id),
  );
  return c.json(
    unique.map((id) => ({
      id,
      accounts: rows.filter((r) => r.target_id === id && accounts.has(r.account_id)).map((r) => accounts.get(r.account_id)!),
    })),
  );
});

accountsRoutes.get('/api/v1/accounts/lookup', optionalUser('read:accounts'), async (c) => {
  const { acct } = await params(c, z.object({ acct: z.string().min(1) }));
  return c.json(await renderAccount(c.var.ctx, await lookupAccount(c.var.ctx, acct)));
});

accountsRoutes.get('/api/v1/accounts/search', requireUser('read:accounts'), async (c) => {
  const p = await params(
    c,
    z.object({
      q: z.string().min(1).max(200),
      limit: zLimit(40, 80),
      offset: zInt(0, 10_000).default(0),
      following: zBool.default(false),
      resolve: zBool.optional(),
    }),
  );
  const rows = await searchAccounts(c.var.ctx, p.q, { limit: p.limit, offset: p.offset, followerId: p.following ? viewerId(c) : undefined });
  return c.json(await renderAccounts(c.var.ctx, rows));
});

accountsRoutes.get('/api/v1/accounts', optionalUser('read:accounts'), async (c) => {
  const { id: ids } = await params(c, idsSchema);
  return c.json(await renderAccounts(c.var.ctx, await accountsByIds(c.var.ctx, [...new Set(ids)].slice(0, 40))));
});

accountsRoutes.get('/api/v1/accounts/:id', optionalUser('read:accounts'), async (c) => {
  return c.json(await renderAccount(c.var.ctx, await getPublicAccount(c.var.ctx, pathId(c))));
});

for (const which of ['followers', 'following'] as const) {
  accountsRoutes.get(`/api/v1/accounts/:id/${which}`, optionalUser('read:accounts'), async (c) => {
    const id = pathId(c);
    const page = toPage(await params(c, pageSchema(40, 80)));
    return accountPage(c, await connectionsOf(c.var.ctx, c.var.viewer?.accountId ?? null, id, which, page));
  });
}

const followSchema = z.object({ reblogs: zBool.optional(), notify: zBool.optional(), languages: zList(z.string().max(10)).optional() });

accountsRoutes.post('/api/v1/accounts/:id/follow', requireUser('write:follows'), async (c) => {
  const p = await params(c, followSchema.passthrough());
  await follow(c.var.ctx, viewerId(c), pathId(c), { reblogs: p.reblogs, notify: p.notify, languages: p.languages });
  return c.json(await relationshipOf(c, pathId(c)));
});

accountsRoutes.post('/api/v1/accounts/:id/unfollow', requireUser('write:follows'), async (c) => {
  await unfollow(c.var.ctx, viewerId(c), pathId(c));
  return c.json(await relationshipOf(c, pathId(c)));
});

accountsRoutes.post('/api/v1/accounts/:id/remove_from_followers', requireUser('write:follows'), async (c) => {
  await removeFromFollowers(c.var.ctx, viewerId(c), pathId(c));
  return c.json(await relationshipOf(c, pathId(c)));
});

accountsRoutes.post('/api/v1/accounts/:id/block', requireUser('write:blocks'), async (c) => {
  await block(c.var.ctx, viewerId(c), pathId(c));
  return c.json(await relationshipOf(c, pathId(c)));
});

accountsRoutes.post('/api/v1/accounts/:id/unblock', requireUser('write:blocks'), async (c) => {
  await unblock(c.var.ctx, viewerId(c), pathId(c));
  return c.json(await relationshipOf(c, pathId(c)));
});

const muteSchema = z.object({ notifications: zBool.optional(), duration: zInt(0, 10 * 365 * 86_400).optional() });

accountsRoutes.post('/api/v1/accounts/:id/mute', requireUser('write:mutes'), async (c) => {
  const p = await params(c, muteSchema.passthrough());
  await mute(c.var.ctx, viewerId(c), pathId(c), { notifications: p.notifications, durationSeconds: p.duration });
  return c.json(await relationshipOf(c, pathId(c)));
});

accountsRoutes.post('/api/v1/accounts/:id/unmute', requireUser('write:mutes'), async (c) => {
  await unmute(c.var.ctx, viewerId(c), pathId(c));
  return c.json(await relationshipOf(c, pathId(c)));
});

accountsRoutes.post('/api/v1/accounts/:id/note', requireUser('write:accounts'), async (c) => {
  const p = await params(c, z.object({ comment: z.string().nullish() }));
  await setAccountNote(c.var.ctx, viewerId(c), pathId(c), p.comment ?? '');
  return c.json(await relationshipOf(c, pathId(c)));
});

// Featured hashtags and endorsements: featured-tags.ts and endorsements.ts.
accountsRoutes.get('/api/v1/accounts/:id/identity_proofs', optionalUser('read:accounts'), (c) => c.json([]));
