import type { AccountRow } from '../accounts/accounts.store.js';

/**
 * What the relationships area asks of federation when the other side is a remote account (domain set); the
 * composition root wires the federation area's implementation in (src/federation/federation.ts).
 */
export interface RemoteRelations {
  /** A local account asked to follow a remote one (stored as a follow request until its server accepts). */
  requestFollow(followerId: string, target: AccountRow): Promise<void>;
  /** A local account stopped following (or withdrew its request to follow) a remote one. */
  undoFollow(followerId: string, target: AccountRow): Promise<void>;
  /** A locked local account accepted a remote account's request. */
  acceptFollower(localId: string, requester: AccountRow): Promise<void>;
  /** A local account turned down a remote account's follow (or request), or ended it (src/federation/border-delivery.ts). */
  rejectFollower(localId: string, requester: AccountRow): Promise<void>;
  /** A local account blocked a remote one (Block), or lifted the block (Undo(Block)). */
  deliverBlock(localId: string, target: AccountRow, blocked: boolean): Promise<void>;
}

export interface RemoteRelationsDeps {
  federation: RemoteRelations;
}
