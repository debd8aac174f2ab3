import type { Context, Person } from '@fedify/fedify';
import type { AccountRow } from '../domain/accounts/accounts.store.js';
import { findAccountById } from '../domain/accounts/accounts.store.js';
import { aliasUrisOf } from '../domain/accounts/aliases.store.js';
import type { FederationDeps } from './deps.js';

/** `alsoKnownAs` (the account's aliases), `movedTo` (where it moved) and `featured` on a local actor's document. */
export async function withMoving(ctx: Context<FederationDeps>, account: AccountRow, person: Person): Promise<Person> {
  const aliases = await aliasUrisOf(ctx.data.db, account.id);
  const moved = account.moved_to_account_id ? await findAccountById(ctx.data.db, account.moved_to_account_id) : undefined;
  const successor = moved ? (moved.uri ? new URL(moved.uri) : ctx.getActorUri(moved.username)) : null;
  return person.clone({ aliases: aliases.map((u) => new URL(u)), successor, featured: ctx.getFeaturedUri(account.username) });
}
