import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

// Batch lookups behind loading a page of posts: one query per kind of data, never one per post.

const CHUNK = 500;

async function chunked<T>(ids: string[], run: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await run(unique.slice(i, i + CHUNK))));
  return out;
}

export async function mentionsOf(db: Kysely<DB>, statusIds: string[]) {
  return chunked(statusIds, (part) =>
    db
      .selectFrom('mentions')
      .innerJoin('accounts', 'accounts.id', 'mentions.account_id')
      .select(['mentions.status_id', 'accounts.id', 'accounts.username', 'accounts.domain', 'accounts.url'])
      .where('mentions.status_id', 'in', part)
      .execute(),
  );
}

export async function tagsOf(db: Kysely<DB>, statusIds: string[]) {
  return chunked(statusIds, (part) =>
    db
      .selectFrom('status_tags')
      .innerJoin('tags', 'tags.id', 'status_tags.tag_id')
      .select(['status_tags.status_id', 'tags.name', 'tags.display_name'])
      .where('status_tags.status_id', 'in', part)
      .execute(),
  );
}

export async function mediaOf(db: Kysely<DB>, statusIds: string[]) {
  return chunked(statusIds, (part) =>
    db.selectFrom('media_attachments').selectAll().where('status_id', 'in', part).orderBy('position').orderBy('id').execute(),
  );
}

export async function appsOf(db: Kysely<DB>, appIds: string[]) {
  return chunked(appIds, (part) => db.selectFrom('oauth_apps').select(['id', 'name', 'website']).where('id', 'in', part).execute());
}

export async function accountStates(db: Kysely<DB>, accountIds: string[]) {
  return chunked(accountIds, (part) => db.selectFrom('accounts').select(['id', 'suspended_at', 'limited_at']).where('id', 'in', part).execute());
}

export async function mentionedIn(db: Kysely<DB>, viewerId: string, statusIds: string[]): Promise<Set<string>> {
  const rows = await chunked(statusIds, (part) =>
    db.selectFrom('mentions').select('status_id').where('account_id', '=', viewerId).where('status_id', 'in', part).execute(),
  );
  return new Set(rows.map((r) => r.status_id));
}

export async function mediaOfIds(db: Kysely<DB>, mediaIds: string[]) {
  return chunked(mediaIds, (part) => db.selectFrom('media_attachments').selectAll().where('id', 'in', part).execute());
}

export async function tagIdsOf(db: Kysely<DB>, statusId: string): Promise<string[]> {
  return (await db.selectFrom('status_tags').select('tag_id').where('status_id', '=', statusId).execute()).map((r) => r.tag_id);
}
