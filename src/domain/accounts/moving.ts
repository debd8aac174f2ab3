import { NotFoundError, ValidationError } from '../../errors.js';
import { changed } from '../../infra/versions.js';
import { findPasswordHash } from '../auth/password-change.store.js';
import type { RelationshipsDeps } from '../relationships/relationships.service.js';
import { follow, unfollow } from '../relationships/relationships.service.js';
import { nowIso } from '../time.js';
import { findAccountById, findAccountByUsername } from './accounts.store.js';
import { type AliasRow, countAliases, deleteAlias, insertAlias, listAliases, localFollowerIds, setMovedTo } from './aliases.store.js';
import { verifyPassword } from './passwords.js';

// Moving an account, as Mastodon does (https://docs.joinmastodon.org/user/moving/): the new account first names the
// old one as an alias (alsoKnownAs); the old one then moves, and its followers follow the new one.

/** What moving asks of federation; the composition root wires src/federation/move.ts in. */
export interface RemoteMoving {
  /** The remote account a handle (`name@domain`) or actor URL names, resolved and stored: its id and actor URI. */
  remoteActor(handleOrUrl: string): Promise<{ accountId: string; uri: string } | null>;
  /** The aliases the remote actor at `uri` lists now, fetched afresh (not from a cache); null when unreachable. */
  currentAliases(uri: string): Promise<string[] | null>;
  /** Sends Move (from the local account to `targetUri`) to the local account's remote followers. */
  deliverMove(localId: string, targetUri: string): Promise<void>;
}

export type MovingDeps = RelationshipsDeps & { federation: RelationshipsDeps['federation'] & RemoteMoving };

const MAX_ALIASES = 10;
const HANDLE = /^@?([A-Za-z0-9_.-]{1,100})(?:@([A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?))?$/;

/** This server's actor URI of a local account (as src/federation serves it). */
export const localActorUri = (publicUrl: string, username: string) => `${publicUrl}/users/${username}`;

/** The account `input` names (a handle, local or remote, or a remote actor URL): its id and actor URI. */
async function accountNamed(ctx: MovingDeps, input: string, field: string): Promise<{ accountId: string; uri: string }> {
  const text = input.trim();
  const m = HANDLE.exec(text);
  const local = m && (!m[2] || m[2].toLowerCase() === ctx.config.domain.toLowerCase());
  if (m && local) {
    const row = await findAccountByUsername(ctx.db, m[1]!);
    if (row && row.domain === null) return { accountId: row.id, uri: localActorUri(ctx.config.publicUrl, row.username) };
  } else if (m || /^https?:\/\//i.test(text)) {
    const found = await ctx.federation.remoteActor(text.replace(/^@/, ''));
    if (found) return found;
  }
  throw new ValidationError(`Validation failed: ${field} does not name an account that could be found`, field);
}

export async function aliasesOf(ctx: Pick<MovingDeps, 'db'>, accountId: string): Promise<AliasRow[]> {
  return listAliases(ctx.db, accountId);
}

/** Names another account (`acct`: a handle or actor URL) as one this account also is, so it may move here. */
export async function addAlias(ctx: MovingDeps, accountId: string, acct: string): Promise<AliasRow[]> {
  const { uri } = await accountNamed(ctx, acct, 'acct');
  const me = await findAccountById(ctx.db, accountId);
  if (!me || uri === localActorUri(ctx.config.publicUrl, me.username)) {
    throw new ValidationError('Validation failed: acct is this account itself', 'acct');
  }
  const existing = await listAliases(ctx.db, accountId);
  if (!existing.some((a) => a.uri === uri)) {
    if ((await countAliases(ctx.db, accountId)) >= MAX_ALIASES) {
      throw new ValidationError(`Validation failed: an account has at most ${MAX_ALIASES} aliases`, 'acct');
    }
    await insertAlias(ctx.db, { id: ctx.ids.next(), account_id: accountId, uri, created_at: nowIso() });
  }
  await changed(ctx, { accounts: [accountId] });
  return listAliases(ctx.db, accountId);
}

/** Takes an alias back: `acct` is its actor URI as listed, or the handle of the account it names. */
export async function removeAlias(ctx: MovingDeps, accountId: string, acct: string): Promise<AliasRow[]> {
  const existing = await listAliases(ctx.db, accountId);
  let uri = existing.find((a) => a.uri === acct.trim())?.uri;
  if (!uri && HANDLE.test(acct.trim())) {
    const row = await findAccountByUsername(ctx.db, acct.trim().replace(/^@/, ''));
    uri = row ? (row.uri ?? localActorUri(ctx.config.publicUrl, row.username)) : undefined;
  }
  if (!uri || !(await deleteAlias(ctx.db, accountId, uri))) throw new NotFoundError('No such alias');
  await changed(ctx, { accounts: [accountId] });
  return listAliases(ctx.db, accountId);
}

/**
 * Moves a local account to `acct` (which must list this account among its aliases, checked afresh): the account is
 * marked moved, its remote followers' servers get Move, and its local followers follow the new account. The
 * current password confirms it, as in Mastodon.
 */
export async function moveAccount(ctx: MovingDeps, accountId: string, input: { acct: string; password: string }): Promise<string> {
  const hash = await findPasswordHash(ctx.db, accountId);
  if (!hash || !(await verifyPassword(hash, input.password))) {
    throw new ValidationError('Validation failed: current_password is invalid', 'current_password');
  }
  const me = await findAccountById(ctx.db, accountId);
  if (!me || me.domain !== null) throw new NotFoundError();
  const target = await accountNamed(ctx, input.acct, 'acct');
  const myUri = localActorUri(ctx.config.publicUrl, me.username);
  if (target.accountId === me.id) throw new ValidationError('Validation failed: acct is this account itself', 'acct');
  const targetRow = await findAccountById(ctx.db, target.accountId);
  const aliases =
    targetRow?.domain === null ? (await listAliases(ctx.db, target.accountId)).map((a) => a.uri) : await ctx.federation.currentAliases(target.uri);
  if (aliases === null) throw new ValidationError('Validation failed: acct could not be reached to check its aliases', 'acct');
  if (!aliases.includes(myUri)) {
    throw new ValidationError(`Validation failed: acct must first name this account (${myUri}) as an alias`, 'acct');
  }
  await setMovedTo(ctx.db, me.id, target.accountId, nowIso());
  await changed(ctx, { accounts: [me.id] });
  await ctx.federation.deliverMove(me.id, target.uri);
  await moveFollowers(ctx, me.id, target.accountId);
  return target.accountId;
}

/**
 * The local followers of `fromId` follow `toId` and stop following `fromId` (an account moved, here or on
 * another server). A follower the new account refuses (a block) keeps following the old one.
 */
export async function moveFollowers(ctx: RelationshipsDeps, fromId: string, toId: string): Promise<number> {
  let moved = 0;
  for (const followerId of await localFollowerIds(ctx.db, fromId)) {
    if (followerId === toId) continue;
    try {
      await follow(ctx, followerId, toId);
    } catch {
      continue;
    }
    await unfollow(ctx, followerId, fromId);
    moved++;
  }
  return moved;
}

/** Marks a (remote) account moved to another one and carries its local followers there. */
export async function accountMoved(ctx: RelationshipsDeps, fromId: string, toId: string): Promise<number> {
  await setMovedTo(ctx.db, fromId, toId, nowIso());
  await changed(ctx, { accounts: [fromId] });
  return moveFollowers(ctx, fromId, toId);
}
