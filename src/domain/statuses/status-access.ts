import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { findStatus, type StatusRow } from './statuses.store.js';
import { canSee, loadVisibilityFacts } from './visibility.js';

export type StatusAccessDeps = Pick<Infra, 'db'>;

/** A status the viewer may see, or a 404 (hidden posts are indistinguishable from missing ones). */
export async function getVisibleStatus(ctx: StatusAccessDeps, viewerId: string | null, id: string): Promise<StatusRow> {
  const row = await findStatus(ctx.db, id);
  if (!row) throw new NotFoundError();
  const facts = await loadVisibilityFacts(ctx.db, viewerId, [row]);
  if (!canSee(facts, row)) throw new NotFoundError();
  if (row.reblog_of_id) {
    const target = await findStatus(ctx.db, row.reblog_of_id);
    if (!target) throw new NotFoundError();
    const tf = await loadVisibilityFacts(ctx.db, viewerId, [target]);
    if (!canSee(tf, target)) throw new NotFoundError();
  }
  return row;
}

/** The viewer's own status, for writes: 404 if they cannot see it, 403 if it is someone else's. */
export async function getOwnStatus(ctx: StatusAccessDeps, viewerId: string, id: string): Promise<StatusRow> {
  const row = await getVisibleStatus(ctx, viewerId, id);
  if (row.account_id !== viewerId) throw new ForbiddenError('This action is not allowed');
  return row;
}

/** An original post (not an echo) that the viewer may see and that is published. */
export async function getActionable(ctx: StatusAccessDeps, viewerId: string, id: string): Promise<StatusRow> {
  let row = await getVisibleStatus(ctx, viewerId, id);
  if (row.reblog_of_id) row = await getVisibleStatus(ctx, viewerId, row.reblog_of_id);
  if (row.state !== 'published') throw new ValidationError('Validation failed: this post is not published yet', 'id');
  return row;
}
