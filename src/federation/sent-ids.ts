import type { KvStore } from '@fedify/fedify';

/**
 * Ids of activities a later Undo must name (Follow, Block, Like). Each gets an id of its own, since a receiver drops
 * an id it has seen (following, blocking or upvoting again after an Undo needs a new one), kept in Fedify's
 * key-value store until the Undo takes it. One sent before ids were kept is named by its old fixed id.
 */
export interface SentIds {
  /** A fresh id for `kind` of `localId` towards `targetId`, kept for its Undo. */
  issue(kind: SentKind, localId: string, targetId: string, actor: URL): Promise<string>;
  /** The id the Undo names, no longer kept. */
  take(kind: SentKind, localId: string, targetId: string, actor: URL): Promise<string>;
}

export type SentKind = 'follow' | 'block' | 'like';

export function sentIds(kv: KvStore): SentIds {
  const key = (kind: SentKind, localId: string, targetId: string): [string, ...string[]] => ['tribune', `${kind}-sent`, localId, targetId];
  return {
    async issue(kind, localId, targetId, actor) {
      const id = new URL(`#${kind}s/${targetId}/${Date.now()}`, actor).href;
      await kv.set(key(kind, localId, targetId), id);
      return id;
    },
    async take(kind, localId, targetId, actor) {
      const k = key(kind, localId, targetId);
      const id = (await kv.get<string>(k)) ?? new URL(`#${kind}s/${targetId}`, actor).href;
      await kv.delete(k);
      return id;
    },
  };
}
