import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { lockRow } from '../../db/row-lock.js';
import { NotFoundError, RateLimitedError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import type { MediaStorage } from '../../media/storage/storage.js';
import { findAccountById } from '../accounts/accounts.store.js';
import { mediaFile } from '../accounts/media-paths.js';
import { createNotification } from '../notifications/notify.js';
import { nowIso } from '../time.js';
import {
  type ArchiveRow,
  archivesOf,
  blocksForArchive,
  bookmarksForArchive,
  deleteArchivesBefore,
  findArchive,
  finishArchive,
  followersForArchive,
  followingForArchive,
  insertArchive,
  latestArchiveSince,
  listMembersForArchive,
  mediaForStatuses,
  mentionsForStatuses,
  mutesForArchive,
  statusesForArchive,
} from './account-data.store.js';
import { ZipFileWriter } from './archive-zip.js';
import { FOLLOWING_HEADER, MUTED_HEADER, toCsv } from './csv-formats.js';

export type ArchiveDeps = Pick<Infra, 'db' | 'ids' | 'jobs' | 'events' | 'config' | 'logger'> & { mediaStorage: MediaStorage };

/** One archive a week, as Mastodon (Backup: "you can request an archive once every 7 days"). */
export const ARCHIVE_EVERY_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a download link from GET /api/v1/tribune/archives works. */
const LINK_TTL_MS = 60 * 60 * 1000;
const PAGE = 200;
const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

export interface ArchiveView extends ArchiveRow {
  downloadUrl: string | null;
}

export function archivePath(config: Infra['config'], id: string): string {
  return join(config.dataDir, 'archives', `${id}.zip`);
}

/** Asks for an archive: refused (429) when one was asked for in the last 7 days; built by the job `accounts.archive`. */
export async function requestArchive(ctx: ArchiveDeps, accountId: string): Promise<ArchiveView> {
  const since = new Date(Date.now() - ARCHIVE_EVERY_MS).toISOString();
  const id = ctx.ids.next();
  // Under the account's row lock, so that two requests at once make one archive, not two.
  const refused = await ctx.db.transaction().execute(async (trx) => {
    await lockRow(trx, 'accounts', accountId);
    const last = await latestArchiveSince(trx, accountId, since);
    if (last) return Math.ceil((Date.parse(last.created_at) + ARCHIVE_EVERY_MS - Date.now()) / 1000);
    await insertArchive(trx, { id, account_id: accountId, created_at: nowIso() });
    return null;
  });
  if (refused !== null) throw new RateLimitedError(refused, 'You can request an archive once every 7 days');
  ctx.jobs.enqueue('accounts.archive', { archiveId: id });
  return view(ctx, (await findArchive(ctx.db, id))!);
}

export async function listArchives(ctx: ArchiveDeps, accountId: string): Promise<ArchiveView[]> {
  return (await archivesOf(ctx.db, accountId)).map((r) => view(ctx, r));
}

function view(ctx: Pick<Infra, 'config'>, row: ArchiveRow): ArchiveView {
  if (row.state !== 'ready') return { ...row, downloadUrl: null };
  const expires = Date.now() + LINK_TTL_MS;
  const sig = signature(ctx.config.secretKey, row.id, row.account_id, expires);
  return { ...row, downloadUrl: `${ctx.config.publicUrl}/api/v1/tribune/archives/${row.id}/download?expires=${expires}&sig=${sig}` };
}

function signature(secret: string, id: string, accountId: string, expires: number): string {
  return createHmac('sha256', secret).update(`archive:${id}:${accountId}:${expires}`).digest('base64url');
}

/** The file behind a download link the owner was given: 404 for a wrong, expired or forged link, as for no archive. */
export async function openArchive(ctx: ArchiveDeps, id: string, expires: number, sig: string): Promise<{ body: Readable; size: number }> {
  const row = await findArchive(ctx.db, id);
  if (row?.state !== 'ready' || !Number.isFinite(expires) || expires < Date.now()) throw new NotFoundError();
  const want = Buffer.from(signature(ctx.config.secretKey, row.id, row.account_id, expires));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw new NotFoundError();
  const file = archivePath(ctx.config, id);
  const info = await stat(file).catch(() => null);
  if (!info) throw new NotFoundError();
  return { body: createReadStream(file), size: info.size };
}

/** The job: writes the zip beside its final name, then moves it there, so a half-written file is never served. */
export async function buildArchive(ctx: ArchiveDeps, archiveId: string): Promise<void> {
  const row = await findArchive(ctx.db, archiveId);
  if (row?.state !== 'pending') return;
  const path = archivePath(ctx.config, archiveId);
  await mkdir(join(ctx.config.dataDir, 'archives'), { recursive: true });
  const zip = new ZipFileWriter(`${path}.part`);
  try {
    await writeArchive(ctx, zip, row.account_id);
    const size = await zip.finish();
    await rename(`${path}.part`, path);
    await finishArchive(ctx.db, archiveId, 'ready', size, nowIso());
  } catch (err) {
    await zip.abort().catch(() => undefined);
    await rm(`${path}.part`, { force: true });
    await finishArchive(ctx.db, archiveId, 'failed', null, nowIso());
    throw err;
  }
  // The newest archive replaces the older ones, as Mastodon keeps one.
  for (const old of await deleteArchivesBefore(ctx.db, row.account_id, archiveId)) await rm(archivePath(ctx.config, old), { force: true });
  await createNotification(ctx, { type: 'tribune.archive_ready', accountId: row.account_id, fromAccountId: row.account_id });
}

async function writeArchive(ctx: ArchiveDeps, zip: ZipFileWriter, accountId: string): Promise<void> {
  const account = await findAccountById(ctx.db, accountId);
  if (!account) throw new NotFoundError();
  const base = ctx.config.publicUrl;
  const domain = ctx.config.domain;
  const actorId = `${base}/users/${account.username}`;
  const address = (username: string) => `${username}@${domain}`;

  const avatar = account.avatar_path ? mediaFile(ctx, account.avatar_path) : null;
  const avatarName = avatar && existsSync(avatar) ? `avatar${extname(avatar)}` : null;
  const header = account.header_path ? mediaFile(ctx, account.header_path) : null;
  const headerName = header && existsSync(header) ? `header${extname(header)}` : null;
  const actor = {
    '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
    id: actorId,
    type: account.bot ? 'Service' : 'Person',
    preferredUsername: account.username,
    name: account.display_name,
    summary: account.note,
    url: `${base}/@${account.username}`,
    published: account.created_at,
    manuallyApprovesFollowers: account.locked === 1,
    discoverable: account.discoverable === 1,
    following: `${actorId}/following`,
    followers: `${actorId}/followers`,
    outbox: 'outbox.json',
    attachment: (JSON.parse(account.fields) as Array<{ name: string; value: string }>).map((f) => ({ type: 'PropertyValue', name: f.name, value: f.value })),
    ...(avatarName ? { icon: { type: 'Image', url: avatarName } } : {}),
    ...(headerName ? { image: { type: 'Image', url: headerName } } : {}),
  };
  await zip.text('actor.json', JSON.stringify(actor, null, 2));
  if (avatar && avatarName) await zip.stream(avatarName, createReadStream(avatar));
  if (header && headerName) await zip.stream(headerName, createReadStream(header));

  // The outbox, a page of posts at a time; the media files it names follow it in the zip.
  const files: Array<{ name: string; key: string }> = [];
  const outbox = zip.entry('outbox.json');
  await outbox.write(`{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection","orderedItems":[`);
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const posts = await statusesForArchive(ctx.db, accountId, after, PAGE);
    if (posts.length === 0) break;
    after = posts[posts.length - 1]!.id;
    const media = await mediaForStatuses(
      ctx.db,
      posts.map((p) => p.id),
    );
    const mentioned = await mentionsForStatuses(
      ctx.db,
      posts.map((p) => p.id),
    );
    const items = posts.map((p) => {
      const uri = `${actorId}/statuses/${p.id}`;
      const mentions = mentioned.filter((m) => m.status_id === p.id).map((m) => `${base}/users/${m.username}`);
      const audience =
        p.visibility === 'public'
          ? { to: [AS_PUBLIC], cc: [`${actorId}/followers`, ...mentions] }
          : p.visibility === 'unlisted'
            ? { to: [`${actorId}/followers`], cc: [AS_PUBLIC, ...mentions] }
            : p.visibility === 'private'
              ? { to: [`${actorId}/followers`], cc: mentions }
              : { to: mentions, cc: [] };
      if (p.reblog_of_id)
        return {
          id: `${uri}/activity`,
          type: 'Announce',
          actor: actorId,
          published: p.created_at,
          ...audience,
          object: `${base}/users/${p.echo_of_username}/statuses/${p.reblog_of_id}`,
        };
      const attachment = media
        .filter((m) => m.status_id === p.id && m.file_path)
        .map((m) => {
          const name = `media_attachments/${m.id}${extname(m.file_path!)}`;
          files.push({ name, key: m.file_path! });
          return { type: 'Document', mediaType: m.content_type, url: name, name: m.description };
        });
      return {
        id: `${uri}/activity`,
        type: 'Create',
        actor: actorId,
        published: p.created_at,
        ...audience,
        object: {
          id: uri,
          type: 'Note',
          attributedTo: actorId,
          published: p.created_at,
          updated: p.edited_at ?? undefined,
          url: `${base}/@${account.username}/${p.id}`,
          inReplyTo: p.in_reply_to_id && p.reply_to_username ? `${base}/users/${p.reply_to_username}/statuses/${p.in_reply_to_id}` : null,
          summary: p.spoiler_text || null,
          sensitive: p.sensitive === 1,
          content: p.content,
          contentMap: p.language ? { [p.language]: p.content } : undefined,
          ...audience,
          attachment,
        },
      };
    });
    await outbox.write((total > 0 ? ',' : '') + items.map((i) => JSON.stringify(i)).join(','));
    total += posts.length;
    if (posts.length < PAGE) break;
  }
  await outbox.end(`],"totalItems":${total}}`);
  for (const f of files) {
    const stored = await ctx.mediaStorage.stream(f.key);
    // A file missing from storage leaves its post's reference dangling rather than failing the whole archive.
    if (stored) await zip.stream(f.name, stored.body);
    else ctx.logger.warn({ key: f.key }, 'archive: a media file is missing from storage');
  }

  const now = nowIso();
  const following = await followingForArchive(ctx.db, accountId);
  await zip.text(
    'following_accounts.csv',
    toCsv(
      FOLLOWING_HEADER,
      following.map((f) => [address(f.username), f.show_reblogs === 1, f.notify === 1, f.languages ? (JSON.parse(f.languages) as string[]).join(',') : '']),
    ),
  );
  const followers = await followersForArchive(ctx.db, accountId);
  await zip.text(
    'followers.csv',
    toCsv(
      ['Account address'],
      followers.map((f) => [address(f.username)]),
    ),
  );
  const blocks = await blocksForArchive(ctx.db, accountId);
  await zip.text(
    'blocked_accounts.csv',
    toCsv(
      null,
      blocks.map((b) => [address(b.username)]),
    ),
  );
  const mutes = await mutesForArchive(ctx.db, accountId, now);
  await zip.text(
    'muted_accounts.csv',
    toCsv(
      MUTED_HEADER,
      mutes.map((m) => [address(m.username), m.hide_notifications === 1]),
    ),
  );
  // An empty list has no row, as in Mastodon's export.
  const lists = await listMembersForArchive(ctx.db, accountId);
  await zip.text(
    'lists.csv',
    toCsv(
      null,
      lists.filter((l) => l.username).map((l) => [l.title, address(l.username!)]),
    ),
  );
  const bookmarks = await bookmarksForArchive(ctx.db, accountId);
  await zip.text(
    'bookmarks.csv',
    toCsv(
      null,
      bookmarks.map((b) => [`${base}/users/${b.username}/statuses/${b.id}`]),
    ),
  );
}
