import type { AppContext } from '../../src/context.js';

/**
 * `n` accounts that follow `targetId`, written straight into the tables in one transaction (no sign-up, no password
 * hashing), with the target's followers_count moved on: thousands in a second. Returns their ids, oldest first.
 */
export async function seedFollowers(ctx: AppContext, targetId: string, n: number, prefix = 'fan'): Promise<string[]> {
  const now = new Date().toISOString();
  const ids: string[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i += 500) {
      const accounts = [];
      const follows = [];
      for (let j = i; j < Math.min(n, i + 500); j++) {
        const id = ctx.ids.next();
        ids.push(id);
        accounts.push({
          id,
          username: `${prefix}${j}`,
          username_lower: `${prefix}${j}`,
          avatar_path: null,
          header_path: null,
          locked: 0,
          bot: 0,
          discoverable: 1,
          followers_count: 0,
          following_count: 1,
          statuses_count: 0,
          last_status_at: null,
          suspended_at: null,
          suspended_until: null,
          limited_at: null,
          sensitized_at: null,
          created_at: now,
          updated_at: now,
        });
        follows.push({ id: ctx.ids.next(), account_id: id, target_account_id: targetId, show_reblogs: 1, notify: 0, languages: null, created_at: now });
      }
      await trx.insertInto('accounts').values(accounts).execute();
      await trx.insertInto('follows').values(follows).execute();
    }
    await trx
      .updateTable('accounts')
      .set((eb) => ({ followers_count: eb('followers_count', '+', n) }))
      .where('id', '=', targetId)
      .execute();
  });
  return ids;
}
