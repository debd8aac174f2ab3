import type { RelationshipFacts } from '../../domain/relationships/relationships.service.js';

/** Mastodon's Relationship: https://docs.joinmastodon.org/entities/Relationship/ */
export function serializeRelationship(id: string, f: RelationshipFacts) {
  const follow = f.following.get(id);
  const mute = f.muting.get(id);
  let languages: string[] | null = null;
  if (follow?.languages) {
    try {
      languages = JSON.parse(follow.languages) as string[];
    } catch {
      languages = null;
    }
  }
  return {
    id,
    following: !!follow,
    showing_reblogs: follow ? follow.show_reblogs === 1 : f.requested.has(id),
    notifying: follow ? follow.notify === 1 : false,
    languages,
    followed_by: f.followedBy.has(id),
    blocking: f.blocking.has(id),
    blocked_by: f.blockedBy.has(id),
    muting: !!mute,
    muting_notifications: mute ? mute.hide_notifications === 1 : false,
    requested: f.requested.has(id),
    requested_by: f.requestedBy.has(id),
    domain_blocking: false,
    endorsed: f.endorsed.has(id),
    note: f.notes.get(id) ?? '',
  };
}
