import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';

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
