import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

// SQL of remote posts' attachments: rows of media_attachments that name the file on its server (remote_url).

export interface RemoteMediaRow {
  id: string;
  type: string;
  remoteUrl: string;
  contentType: string | null;
  description: string | null;
  blurhash: string | null;
  /** Mastodon's `meta` as JSON (original size, focus), or null. */
  meta: string | null;
}

export async function insertRemoteMedia(
  db: Kysely<DB> | Transaction<DB>,
  statusId: string,
  accountId: string,
  rows: RemoteMediaRow[],
  now: string,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('media_attachments')
    .values(
      rows.map((m, position) => ({
        id: m.id,
        account_id: accountId,
        status_id: statusId,
        type: m.type,
        file_path: null,
        preview_path: null,
        content_type: m.contentType,
        description: m.description,
        blurhash: m.blurhash,
        meta: m.meta,
        created_at: now,
        state: 'ready' as const,
        position,
        remote_url: m.remoteUrl,
      })),
    )
    .execute();
}
