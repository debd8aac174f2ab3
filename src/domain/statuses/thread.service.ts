import type { Infra } from '../../infra/infra.js';
import { getVisibleStatus } from './statuses.service.js';
import { childrenOf, findStatus, type StatusRow } from './statuses.store.js';

const MAX_ANCESTORS = 40;
const MAX_DEPTH = 40;
const MAX_DESCENDANTS = 4000;

export interface ThreadContext {
  ancestors: StatusRow[];
  descendants: StatusRow[];
}

/**
 * A post's thread: ancestors oldest first, descendants depth-first (Mastodon's order). With
 * sort = 'score' (a Tribune extension) sibling replies come highest score (upvotes - downvotes) first,
 * each followed by its own replies. Visibility is applied by the serializer, per post.
 */
export async function statusContext(ctx: Pick<Infra, 'db'>, viewerId: string | null, id: string, sort: 'thread' | 'score'): Promise<ThreadContext> {
  const status = await getVisibleStatus(ctx, viewerId, id);
  const root = status.reblog_of_id ? await getVisibleStatus(ctx, viewerId, status.reblog_of_id) : status;

  const ancestors: StatusRow[] = [];
  let parentId = root.in_reply_to_id;
  while (parentId && ancestors.length < MAX_ANCESTORS) {
    const parent = await findStatus(ctx.db, parentId);
    if (!parent) break;
    ancestors.unshift(parent);
    parentId = parent.in_reply_to_id;
  }

  const children = new Map<string, StatusRow[]>();
  let level = [root.id];
  let total = 0;
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0 && total < MAX_DESCENDANTS; depth++) {
    const rows = await childrenOf(ctx.db, level);
    total += rows.length;
    for (const r of rows) {
      const list = children.get(r.in_reply_to_id!) ?? [];
      list.push(r);
      children.set(r.in_reply_to_id!, list);
    }
    level = rows.map((r) => r.id);
  }
  const score = (s: StatusRow) => s.upvotes_count - s.downvotes_count;
  const order = (list: StatusRow[]) =>
    sort === 'score'
      ? [...list].sort((a, b) => score(b) - score(a) || (a.id < b.id ? -1 : 1))
      : [...list].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const descendants: StatusRow[] = [];
  const walk = (parent: string) => {
    for (const child of order(children.get(parent) ?? [])) {
      descendants.push(child);
      walk(child.id);
    }
  };
  walk(root.id);
  return { ancestors, descendants };
}
