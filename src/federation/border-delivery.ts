import { Block, type Context, Flag, Follow, type KvStore, Reject, Undo } from '@fedify/fedify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AccountRow } from '../domain/accounts/accounts.store.js';
import { findAccountById } from '../domain/accounts/accounts.store.js';
import { isDomainSuspended } from '../domain/domain-blocks/domain-blocks.service.js';
import type { ReportRow } from '../moderation/moderation.store.js';
import { findStatuses } from '../moderation/targets.store.js';
import type { FederationDeps } from './deps.js';
import { followKey } from './inbox.js';
import { instanceIdentifier } from './instance-actor.js';
import { recipientOfAccount as recipientOf } from './recipients.js';
import { sentIds } from './sent-ids.js';

/** What federation sends at the border: blocks, refused follows and reports forwarded to the reported server. */
export interface BorderDelivery {
  deliverBlock(localId: string, target: AccountRow, blocked: boolean): Promise<void>;
  rejectFollower(localId: string, requester: AccountRow): Promise<void>;
  /** A report on a remote account sent to its server as a Flag from the instance actor; false when it could not be. */
  forwardReport(report: ReportRow): Promise<boolean>;
}

export function createBorderDelivery(deps: { db: Kysely<DB>; kv: KvStore; context: () => Context<FederationDeps> }): BorderDelivery {
  const ids = sentIds(deps.kv);
  const { db } = deps;

  /** The local account and the remote one when both can take part: a local actor, a remote one with an inbox. */
  async function pair(localId: string, remote: AccountRow) {
    const local = await findAccountById(db, localId);
    if (!local || local.domain !== null || !remote.uri || !remote.inbox_url || remote.domain === null) return null;
    return local;
  }

  return {
    async deliverBlock(localId, target, blocked) {
      const local = await pair(localId, target);
      if (!local) return;
      const ctx = deps.context();
      const actor = ctx.getActorUri(local.username);
      const id = blocked ? await ids.issue('block', localId, target.id, actor) : await ids.take('block', localId, target.id, actor);
      const block = new Block({ id: new URL(id), actor, object: new URL(target.uri!) });
      const sent = blocked ? block : new Undo({ id: new URL(`#blocks/${target.id}/undo/${Date.now()}`, actor), actor, object: block });
      await ctx.sendActivity({ identifier: local.username }, recipientOf(target), sent);
    },

    async rejectFollower(localId, requester) {
      const local = await pair(localId, requester);
      if (!local) return;
      const key = [...followKey(requester.id, localId)] as [string, ...string[]];
      const followId = await deps.kv.get<string>(key);
      const ctx = deps.context();
      const actor = ctx.getActorUri(local.username);
      const follow = new Follow({ id: followId ? new URL(followId) : null, actor: new URL(requester.uri!), object: actor });
      await ctx.sendActivity(
        { identifier: local.username },
        recipientOf(requester),
        new Reject({ id: new URL(`#reject/${Date.now()}`, actor), actor, object: follow }),
      );
      await deps.kv.delete(key);
    },

    async forwardReport(report) {
      const target = await findAccountById(db, report.target_account_id);
      if (!target || target.domain === null || !target.uri || !target.inbox_url) return false;
      if (await isDomainSuspended(db, target.domain)) return false;
      const statusIds = JSON.parse(report.status_ids) as string[];
      const statuses = statusIds.length ? await findStatuses(db, statusIds) : [];
      const ctx = deps.context();
      const identifier = instanceIdentifier(ctx);
      const actor = ctx.getActorUri(identifier);
      // As Mastodon's Flag: the account first, then its posts, with the reporter's comment and not their name.
      const flag = new Flag({
        id: new URL(`#reports/${report.id}`, actor),
        actor,
        content: report.comment,
        objects: [new URL(target.uri), ...statuses.flatMap((s) => (s.uri && s.account_id === target.id ? [new URL(s.uri)] : []))],
      });
      await ctx.sendActivity({ identifier }, recipientOf(target), flag, { preferSharedInbox: true });
      return true;
    },
  };
}
