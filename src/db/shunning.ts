import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { DB } from './schema.js';

// One definition of "these two accounts keep apart": a block either way, or a running mute.
// A side is an account id value, or `{ ref: 'alias.column' }` naming a column of the outer query.
export type Side = string | { ref: string };

function operand(eb: ExpressionBuilder<any, any>, side: Side) {
  return typeof side === 'string' ? eb.val(side) : eb.ref(side.ref);
}

/** Neither account blocks the other. */
export function noBlockBetween(eb: ExpressionBuilder<any, any>, a: Side, b: Side): Expression<SqlBool> {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('blocks as b')
        .select('b.id')
        .where((w) =>
          w.or([
            w.and([w('b.account_id', '=', operand(w, a)), w('b.target_account_id', '=', operand(w, b))]),
            w.and([w('b.account_id', '=', operand(w, b)), w('b.target_account_id', '=', operand(w, a))]),
          ]),
        ),
    ),
  );
}

/** `reader` has not blocked the server of `author` for themselves (/api/v1/domain_blocks); local authors never match. */
export function noDomainBlockBy(eb: ExpressionBuilder<any, any>, reader: Side, author: Side): Expression<SqlBool> {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('account_domain_blocks as adb')
        .innerJoin('accounts as dba', 'dba.domain', 'adb.domain')
        .select('adb.id')
        .where((w) => w('adb.account_id', '=', operand(w, reader)))
        .where((w) => w('dba.id', '=', operand(w, author))),
    ),
  );
}

/** `muter` has no mute of `muted` still running at `now` (ISO time). */
export function noRunningMute(eb: ExpressionBuilder<any, any>, muter: Side, muted: Side, now: string): Expression<SqlBool> {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('mutes as m')
        .select('m.id')
        .where((w) => w('m.account_id', '=', operand(w, muter)))
        .where((w) => w('m.target_account_id', '=', operand(w, muted)))
        .where((w) => w.or([w('m.expires_at', 'is', null), w('m.expires_at', '>', now)])),
    ),
  );
}

/**
 * A post `s` seen through the reader's follow `f`: an original post, or an echo when the follow shows echoes and
 * the echoed post is not the reader's own and its author and the reader keep no block or running mute between them.
 */
export function echoShownThroughFollow(eb: ExpressionBuilder<any, any>, reader: string, now: string): Expression<SqlBool> {
  return eb.or([
    eb('s.reblog_of_id', 'is', null),
    eb.and([
      eb('f.show_reblogs', '=', 1),
      eb.exists(
        eb
          .selectFrom('statuses as o')
          .select('o.id')
          .whereRef('o.id', '=', 's.reblog_of_id')
          .where('o.account_id', '!=', reader)
          .where((w) => noBlockBetween(w, reader, { ref: 'o.account_id' }))
          .where((w) => noRunningMute(w, reader, { ref: 'o.account_id' }, now)),
      ),
    ]),
  ]);
}

/**
 * Of `accountIds`, those kept apart from `authorId`: who block it, whom it blocks, and who mute it (a mute running at
 * `now`; with `onlyHidingNotifications`, only one that hides its notifications). Asked 500 ids at a time.
 */
export async function accountsApartFrom(
  db: Kysely<DB>,
  authorId: string,
  accountIds: string[],
  opts: { now: string; onlyHidingNotifications?: boolean },
): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < accountIds.length; i += 500) {
    const part = accountIds.slice(i, i + 500);
    let mutes = db
      .selectFrom('mutes')
      .select('account_id as id')
      .where('target_account_id', '=', authorId)
      .where('account_id', 'in', part)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', opts.now)]));
    if (opts.onlyHidingNotifications) mutes = mutes.where('hide_notifications', '=', 1);
    const [b1, b2, m] = await Promise.all([
      db.selectFrom('blocks').select('account_id as id').where('target_account_id', '=', authorId).where('account_id', 'in', part).execute(),
      db.selectFrom('blocks').select('target_account_id as id').where('account_id', '=', authorId).where('target_account_id', 'in', part).execute(),
      mutes.execute(),
    ]);
    for (const r of [...b1, ...b2, ...m]) out.add(r.id);
  }
  return out;
}
