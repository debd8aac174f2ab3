import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { domainBlockCovering } from './domain-blocks.store.js';

// What an admin domain block's flags refuse at the border, asked by the areas that take things in from other
// servers (a block covers the domain and its subdomains, the most specific block deciding).
// https://docs.joinmastodon.org/methods/admin/domain_blocks/

/** Reports (Flag) from `domain` are dropped: `reject_reports`, or the server is suspended. */
export async function rejectsReports(db: Kysely<DB>, domain: string): Promise<boolean> {
  const block = await domainBlockCovering(db, domain);
  return !!block && (block.reject_reports === 1 || block.severity === 'suspend');
}

/**
 * Media of `domain`'s accounts and posts (attachments, avatars, headers) is neither stored nor shown here:
 * `reject_media`, or the server is suspended. Whatever takes remote media in asks this first.
 */
export async function rejectsMedia(db: Kysely<DB>, domain: string): Promise<boolean> {
  const block = await domainBlockCovering(db, domain);
  return !!block && (block.reject_media === 1 || block.severity === 'suspend');
}
