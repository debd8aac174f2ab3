import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { nowIso } from '../domain/time.js';
import type { Infra } from '../infra/infra.js';
import { insertAudit } from './moderation.store.js';

export interface AuditEntry {
  /** The moderator, or null for the system (strike threshold, expired suspension). */
  actorId: string | null;
  /** `<target>.<verb>`, e.g. status.remove, account.suspend, appeal.approve. */
  action: string;
  targetType: 'status' | 'account' | 'case' | 'report' | 'appeal' | 'instance';
  targetId: string | null;
  rule?: string | null;
  reason?: string;
  before?: unknown;
  after?: unknown;
  /** Related ids (action, case, report) kept beside the after-state. */
  extra?: Record<string, unknown>;
}

/**
 * Appends to the audit log. Call it with the transaction that makes the change, so the log and the
 * change commit or fail together. The table refuses UPDATE and DELETE (database triggers).
 */
export async function writeAudit(ctx: Pick<Infra, 'ids'>, trx: Kysely<DB>, e: AuditEntry): Promise<void> {
  await insertAudit(trx, {
    id: ctx.ids.next(),
    actor_id: e.actorId,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    rule: e.rule ?? null,
    reason: e.reason ?? '',
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined && !e.extra ? null : JSON.stringify({ ...(e.after as object | undefined), ...(e.extra ? { refs: e.extra } : {}) }),
    created_at: nowIso(),
  });
}
