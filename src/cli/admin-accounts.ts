import type { AppContext } from '../context.js';
import { findLocalUser } from '../domain/accounts/admin.service.js';
import { changedEverything } from '../infra/versions.js';
import { applyAction } from '../moderation/actions.service.js';
import { assertMayActOn, deleteAccountData } from '../moderation/admin-accounts.service.js';
import { listLocalAccounts, listOpenReports } from '../ops/ops.store.js';
import { type AdminOptions, UsageError } from './admin-options.js';

// `tribune admin accounts|suspend|unsuspend|silence|unsilence|delete|reports`: the moderation the web admin does,
// through the same services (src/moderation/), so each change writes the same audit log rows. The shell acts as the
// account named by --by (a moderator or admin), or as the system (actor null in the audit log) without it.

const DAY_SECONDS = 86_400;

/** The staff account named by --by: its id, or null (the system). */
export async function actorOf(ctx: AppContext, opts: AdminOptions): Promise<string | null> {
  if (!opts.by) return null;
  const { account, user } = await findLocalUser(ctx, opts.by);
  if (user.role === 'user') throw new UsageError(`@${account.username} is not a moderator or admin: --by names the staff account acting.`);
  return account.id;
}

function reasonOf(opts: AdminOptions): string {
  const reason = opts.reason?.trim();
  if (!reason) throw new UsageError('The --reason option is required: the person is told why.');
  return reason;
}

const state = (r: { suspended_at: string | null; limited_at: string | null; disabled: number; approved: number }) =>
  [r.suspended_at ? 'suspended' : '', r.limited_at ? 'silenced' : '', r.disabled ? 'disabled' : '', r.approved ? '' : 'awaiting approval']
    .filter(Boolean)
    .join(', ') || 'active';

export async function listAccounts(ctx: AppContext, opts: AdminOptions, query?: string): Promise<number> {
  const limit = opts.limit ?? 50;
  const rows = await listLocalAccounts(ctx.db, { query, limit, offset: opts.offset ?? 0 });
  if (opts.json) {
    console.log(JSON.stringify(rows.map((r) => ({ ...r, state: state(r) }))));
    return 0;
  }
  if (rows.length === 0) {
    console.log(query ? `No account matches "${query}".` : 'No accounts yet.');
    return 0;
  }
  const lines = rows.map((r) =>
    [`@${r.username}`, r.id, r.email, r.role, state(r), `${r.statuses_count} posts`, `${r.followers_count} followers`, r.created_at.slice(0, 10)].join('\t'),
  );
  console.log(['username\tid\temail\trole\tstate\tposts\tfollowers\tjoined', ...lines].join('\n'));
  if (rows.length === limit) console.log(`(first ${limit}; --offset ${(opts.offset ?? 0) + limit} for more)`);
  return 0;
}

export async function moderateAccount(ctx: AppContext, sub: string, opts: AdminOptions): Promise<number> {
  try {
    return await moderate(ctx, sub, opts);
  } finally {
    // Servers running beside this command drop their cached tokens and pages within a second (the epoch they poll),
    // also when an action failed halfway (a suspension committed before the data's deletion failed).
    await changedEverything(ctx);
  }
}

async function moderate(ctx: AppContext, sub: string, opts: AdminOptions): Promise<number> {
  const actor = await actorOf(ctx, opts);
  const { account } = await findLocalUser(ctx, opts.username!);
  if (actor) await assertMayActOn(ctx, actor, account.id);
  const by = actor ? ` by @${opts.by!.replace(/^@/, '')}` : '';
  switch (sub) {
    case 'suspend': {
      const reason = reasonOf(opts);
      const days = opts.days;
      if (account.suspended_at) return already(`@${account.username} is already suspended`);
      await applyAction(ctx, actor, {
        kind: 'suspend',
        accountId: account.id,
        rule: opts.rule ?? 'other',
        reason,
        durationSeconds: days ? days * DAY_SECONDS : null,
      });
      console.log(`Suspended @${account.username}${days ? ` for ${days} day(s)` : ''}${by}. Written to the audit log.`);
      return 0;
    }
    case 'unsuspend':
      if (!account.suspended_at) return already(`@${account.username} is not suspended`);
      await applyAction(ctx, actor, { kind: 'unsuspend', accountId: account.id, reason: opts.reason ?? '' });
      console.log(`Lifted the suspension of @${account.username}${by}. Written to the audit log.`);
      return 0;
    case 'silence': {
      const reason = reasonOf(opts);
      if (account.limited_at) return already(`@${account.username} is already silenced`);
      await applyAction(ctx, actor, { kind: 'limit', accountId: account.id, rule: opts.rule ?? 'other', reason });
      console.log(`Silenced @${account.username}${by}: kept out of public timelines, trends and search. Written to the audit log.`);
      return 0;
    }
    case 'unsilence':
      if (!account.limited_at) return already(`@${account.username} is not silenced`);
      await applyAction(ctx, actor, { kind: 'unlimit', accountId: account.id, reason: opts.reason ?? '' });
      console.log(`Lifted the silence on @${account.username}${by}. Written to the audit log.`);
      return 0;
    case 'delete': {
      if (!account.suspended_at) {
        await applyAction(ctx, actor, { kind: 'suspend', accountId: account.id, rule: opts.rule ?? 'other', reason: reasonOf(opts) });
        console.log(`Suspended @${account.username}${by} (an account is suspended before its data is deleted).`);
      }
      const after = await deleteAccountData(ctx, actor, account.id);
      console.log(`Deleted the posts and profile of @${after.username}${by}; the account stays suspended. Written to the audit log.`);
      return 0;
    }
  }
  return 2;
}

function already(what: string): number {
  console.log(`${what}; nothing to do.`);
  return 0;
}

export async function listReports(ctx: AppContext, opts: AdminOptions): Promise<number> {
  const rows = await listOpenReports(ctx.db, opts.limit ?? 50);
  if (opts.json) {
    console.log(JSON.stringify(rows.map((r) => ({ ...r, status_ids: JSON.parse(r.status_ids) as string[] }))));
    return 0;
  }
  if (rows.length === 0) {
    console.log('No open reports.');
    return 0;
  }
  console.log(`${rows.length} open report(s), oldest first:`);
  for (const r of rows) {
    const posts = (JSON.parse(r.status_ids) as string[]).length;
    const comment = r.comment ? ` "${r.comment.replace(/\s+/g, ' ').slice(0, 80)}"` : '';
    console.log(`#${r.id}\t${r.created_at.slice(0, 16).replace('T', ' ')}\t@${r.reporter} reported @${r.target}\t${r.category}\t${posts} post(s)${comment}`);
  }
  return 0;
}
