import { lockRow } from '../../db/row-lock.js';
import { ApiError, NotFoundError, RateLimitedError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { addMembers, createList, type ListsDeps, removeList } from '../lists/lists.service.js';
import { block, follow, mute, type RelationshipsDeps, unblock, unfollow, unmute } from '../relationships/relationships.service.js';
import type { RemoteLookupDeps } from '../search/remote-lookup.js';
import type { StatusesDeps } from '../statuses/deps.js';
import { bookmark, unbookmark } from '../statuses/interactions.service.js';
import { nowIso } from '../time.js';
import {
  activeAccountsByUsernames,
  blockedTargetIds,
  bookmarkedStatusIds,
  findImport,
  finishImport,
  followedTargetIds,
  type ImportRow,
  importsOf,
  insertImport,
  listsOf,
  mutedTargetIds,
} from './account-data.store.js';
import { type AnyImportRow, type ImportMode, type ImportRowOf, type ImportType, parseImport } from './csv-formats.js';

export type ImportDeps = RelationshipsDeps & RemoteLookupDeps & ListsDeps & StatusesDeps & Pick<Infra, 'jobs' | 'config' | 'logger'>;

export interface ImportFailure {
  line: number;
  value: string;
  reason: string;
}

/**
 * Takes one of Mastodon's CSV files: reads it at once (a bad file is a 422 naming its line), keeps its rows and
 * leaves applying them to the job `accounts.import`. `overwrite` also undoes what the file does not name.
 */
export async function createImport(ctx: ImportDeps, accountId: string, input: { type: ImportType; mode: ImportMode; data: string }): Promise<ImportRow> {
  const rows = parseImport(input.type, input.data);
  const id = ctx.ids.next();
  // One import at a time per account (a queue of 20,000-row files would hold the jobs for everyone else),
  // checked under the account's row lock so that two uploads at once cannot both start.
  const busy = await ctx.db.transaction().execute(async (trx) => {
    await lockRow(trx, 'accounts', accountId);
    // An import left pending for an hour (its process died) no longer holds the next one back.
    const recent = new Date(Date.now() - 3_600_000).toISOString();
    if ((await importsOf(trx, accountId)).some((i) => i.state === 'pending' && i.created_at > recent)) return true;
    await insertImport(trx, {
      id,
      account_id: accountId,
      type: input.type,
      mode: input.mode,
      rows: JSON.stringify(rows),
      total: rows.length,
      created_at: nowIso(),
    });
    return false;
  });
  if (busy) throw new RateLimitedError(60, 'An import is already in progress');
  ctx.jobs.enqueue('accounts.import', { importId: id });
  return (await findImport(ctx.db, id))!;
}

export async function getImport(ctx: Pick<Infra, 'db'>, accountId: string, id: string): Promise<ImportRow> {
  const row = await findImport(ctx.db, id);
  if (!row || row.account_id !== accountId) throw new NotFoundError();
  return row;
}

export function listImports(ctx: Pick<Infra, 'db'>, accountId: string): Promise<ImportRow[]> {
  return importsOf(ctx.db, accountId);
}

/** The job: applies each row, counting what was applied and what failed (with why), then forgets the rows. */
export async function runImport(ctx: ImportDeps, importId: string): Promise<void> {
  const row = await findImport(ctx.db, importId);
  if (row?.state !== 'pending') return;
  try {
    await applyImport(ctx, row);
  } catch (err) {
    // The person sees it ended, rather than an import pending for ever; the log keeps the cause.
    const failures = JSON.stringify([{ line: 0, value: '', reason: 'the import stopped on an unexpected error' }]);
    await finishImport(ctx.db, importId, { imported: 0, failed: row.total, failures, at: nowIso() });
    throw err;
  }
}

async function applyImport(ctx: ImportDeps, row: ImportRow): Promise<void> {
  const importId = row.id;
  const rows = JSON.parse(row.rows) as AnyImportRow[];
  const failures: ImportFailure[] = [];
  const fail = (r: AnyImportRow, reason: string) => failures.push({ line: r.line, value: 'acct' in r ? r.acct : r.url, reason });
  const resolved = await resolveAccounts(ctx, rows);
  const targetOf = (r: AnyImportRow & { acct: string }): string | null => {
    const found = resolved.get(r.acct.toLowerCase());
    if (typeof found === 'string' && found.startsWith('!')) {
      fail(r, found.slice(1));
      return null;
    }
    return found ?? null;
  };
  // One row's refusal (a block between the two, a post not visible) fails that row only.
  const attempt = async (r: AnyImportRow, fn: () => Promise<void>): Promise<boolean> => {
    try {
      await fn();
      return true;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      fail(r, err.status === 404 ? 'not found' : err.message);
      return false;
    }
  };
  const viewer = row.account_id;
  let imported = 0;

  switch (row.type) {
    case 'following': {
      const wanted = new Set<string>();
      for (const r of rows as Array<ImportRowOf['following']>) {
        const target = targetOf(r);
        if (!target) continue;
        wanted.add(target);
        if (await attempt(r, () => follow(ctx, viewer, target, { reblogs: r.reblogs, notify: r.notify, languages: r.languages }))) imported++;
      }
      if (row.mode === 'overwrite') for (const id of await followedTargetIds(ctx.db, viewer)) if (!wanted.has(id)) await unfollow(ctx, viewer, id);
      break;
    }
    case 'blocking': {
      const wanted = new Set<string>();
      for (const r of rows as Array<ImportRowOf['blocking']>) {
        const target = targetOf(r);
        if (!target) continue;
        wanted.add(target);
        if (await attempt(r, () => block(ctx, viewer, target))) imported++;
      }
      if (row.mode === 'overwrite') for (const id of await blockedTargetIds(ctx.db, viewer)) if (!wanted.has(id)) await unblock(ctx, viewer, id);
      break;
    }
    case 'muting': {
      const wanted = new Set<string>();
      for (const r of rows as Array<ImportRowOf['muting']>) {
        const target = targetOf(r);
        if (!target) continue;
        wanted.add(target);
        if (await attempt(r, () => mute(ctx, viewer, target, { notifications: r.hideNotifications }))) imported++;
      }
      if (row.mode === 'overwrite') for (const id of await mutedTargetIds(ctx.db, viewer)) if (!wanted.has(id)) await unmute(ctx, viewer, id);
      break;
    }
    case 'lists': {
      // Overwrite replaces every list with the file's; merge adds to lists of the same name, making the missing ones.
      if (row.mode === 'overwrite') for (const l of await listsOf(ctx.db, viewer)) await removeList(ctx, viewer, l.id);
      const byTitle = new Map((await listsOf(ctx.db, viewer)).map((l) => [l.title, l.id]));
      const followed = new Set(await followedTargetIds(ctx.db, viewer));
      for (const r of rows as Array<ImportRowOf['lists']>) {
        const target = targetOf(r);
        if (!target) continue;
        const ok = await attempt(r, async () => {
          // Lists hold followed accounts only: Mastodon's list import follows the ones not followed yet.
          if (!followed.has(target)) {
            await follow(ctx, viewer, target);
            followed.add(target);
          }
          let listId = byTitle.get(r.list);
          if (!listId) {
            listId = (await createList(ctx, viewer, { title: r.list })).id;
            byTitle.set(r.list, listId);
          }
          await addMembers(ctx, viewer, listId, [target]);
        });
        if (ok) imported++;
      }
      break;
    }
    case 'bookmarks': {
      const wanted = new Set<string>();
      for (const r of rows as Array<ImportRowOf['bookmarks']>) {
        const id = localStatusId(ctx, r.url);
        if (!id) {
          fail(r, 'posts on other servers cannot be fetched yet');
          continue;
        }
        if (
          await attempt(r, async () => {
            await bookmark(ctx, viewer, id);
            wanted.add(id);
          })
        )
          imported++;
      }
      if (row.mode === 'overwrite')
        for (const id of await bookmarkedStatusIds(ctx.db, viewer))
          if (!wanted.has(id)) await attempt({ line: 0, url: id }, async () => void (await unbookmark(ctx, viewer, id)));
      break;
    }
  }
  await finishImport(ctx.db, importId, { imported, failed: failures.length, failures: JSON.stringify(failures.slice(0, 1000)), at: nowIso() });
}

/** How many other servers' accounts are looked up at once (WebFinger, then the actor document). */
const REMOTE_LOOKUPS_AT_ONCE = 4;

/**
 * Account addresses to account ids. `user` and `user@this-domain` name a local account; `user@other.domain` is
 * looked up on its server (WebFinger, then its actor, through the address guard) and stored here, as a search with
 * `resolve` does. A failure is the reason, prefixed with `!`.
 */
async function resolveAccounts(ctx: ImportDeps, rows: AnyImportRow[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const local = ctx.config.domain.toLowerCase();
  const wanted = new Map<string, string>();
  const remote: Array<[acct: string, user: string, domain: string]> = [];
  for (const r of rows) {
    if (!('acct' in r)) continue;
    const acct = r.acct.toLowerCase();
    if (out.has(acct) || wanted.has(acct)) continue;
    const [user, domain] = acct.split('@') as [string, string | undefined];
    if (domain && domain !== local) {
      out.set(acct, '!pending');
      remote.push([acct, user, domain]);
    } else wanted.set(acct, user);
  }
  const found = await activeAccountsByUsernames(ctx.db, [...new Set(wanted.values())]);
  const ids = new Map(found.map((a) => [a.username_lower, a.id]));
  for (const [acct, user] of wanted) out.set(acct, ids.get(user) ?? '!no such account here');
  let next = 0;
  const worker = async () => {
    while (next < remote.length) {
      const [acct, user, domain] = remote[next++]!;
      const id = await ctx.federation.resolveAccount(user, domain).catch(() => null);
      out.set(acct, id ?? '!not found on its server (or that server is blocked or unreachable)');
    }
  };
  await Promise.all(Array.from({ length: Math.min(REMOTE_LOOKUPS_AT_ONCE, remote.length) }, worker));
  return out;
}

/** A post of this server from its URL (`/@user/id`) or its ActivityPub id (`/users/user/statuses/id`, what Mastodon exports). */
function localStatusId(ctx: Pick<Infra, 'config'>, url: string): string | null {
  const u = new URL(url);
  if (u.origin !== new URL(ctx.config.publicUrl).origin) return null;
  const m = /^\/(?:@[A-Za-z0-9_]+|users\/[A-Za-z0-9_]+\/statuses)\/(\d{1,20})$/.exec(u.pathname);
  return m ? m[1]! : null;
}
