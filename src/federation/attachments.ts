import { type Activity, type Object as APObject, Audio, type Context, Document, Image, type Note, type Question, Video } from '@fedify/fedify';
import type { RemoteMediaInput } from '../domain/statuses/remote-posting.js';
import { mediaUrlBase } from '../media/storage/storage.js';
import { mediaOfStatuses } from './attachments.store.js';
import type { FederationDeps } from './deps.js';

// Attachments as Mastodon federates them (https://docs.joinmastodon.org/spec/activitypub/#as): a Note's
// `attachment` holds a Document per file with url, mediaType, name (the alt text), width and height.
// Fedify 1.10's vocabulary has no `blurhash` or `focalPoint` (Mastodon's toot: terms): they are read from
// incoming JSON, not written.

const MAX_INCOMING = 16;

function sizeOf(meta: string | null): { width: number | null; height: number | null } {
  try {
    const m = meta ? (JSON.parse(meta) as { original?: { width?: number; height?: number } }) : null;
    return { width: m?.original?.width ?? null, height: m?.original?.height ?? null };
  } catch {
    return { width: null, height: null };
  }
}

/** The Documents of local posts' attachments, by post id (one statement). */
export async function documentsOf(ctx: Context<FederationDeps>, statusIds: string[]): Promise<Map<string, Document[]>> {
  const base = mediaUrlBase(ctx.data.config);
  const out = new Map<string, Document[]>();
  for (const m of await mediaOfStatuses(ctx.data.db, statusIds)) {
    const doc = new Document({
      url: new URL(`${base}/${m.file_path}`),
      mediaType: m.content_type,
      name: m.description || null,
      ...sizeOf(m.meta),
    });
    out.set(m.status_id!, [...(out.get(m.status_id!) ?? []), doc]);
  }
  return out;
}

type Extras = { blurhash: string | null; focus: { x: number; y: number } | null };
const AS = 'https://www.w3.org/ns/activitystreams#';
const TOOT = 'http://joinmastodon.org/ns#';

/** A JSON-LD value in its compact or expanded form, unwrapped (first of a list, `@value`, `@id`, `href`). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return plain(v[0]);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('@value' in o) return o['@value'];
    if ('@id' in o) return o['@id'];
    if (typeof o.href === 'string') return o.href;
  }
  return v;
}
const numbers = (v: unknown): number[] => {
  const list = v && typeof v === 'object' && !Array.isArray(v) && '@list' in v ? (v as { '@list': unknown })['@list'] : v;
  return Array.isArray(list) ? list.map((x) => Number(plain(x))) : [];
};

/**
 * Mastodon's `blurhash` and `focalPoint` of a remote Note's attachments, by file URL, from the JSON the Note came
 * as (Fedify keeps it; its vocabulary drops these terms).
 */
async function extrasByUrl(note: Note | Question, activity?: Activity): Promise<Map<string, Extras>> {
  const out = new Map<string, Extras>();
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v) as Record<string, unknown> | null | undefined;
  // A Note fetched on its own keeps the JSON it came as; one embedded in an activity does not, the activity does.
  const outer = activity ? first(await activity.toJsonLd().catch(() => null)) : null;
  const sources = [first(await note.toJsonLd().catch(() => null)), first(outer?.object ?? outer?.[`${AS}object`])];
  for (const obj of sources) {
    const list = obj?.attachment ?? obj?.[`${AS}attachment`];
    for (const item of Array.isArray(list) ? list : list ? [list] : []) {
      if (!item || typeof item !== 'object') continue;
      const r = item as Record<string, unknown>;
      const url = plain(r.url ?? r[`${AS}url`]);
      if (typeof url !== 'string') continue;
      const blur = plain(r.blurhash ?? r[`${TOOT}blurhash`]);
      const pair = numbers(r.focalPoint ?? r[`${TOOT}focalPoint`]);
      const found: Extras = {
        blurhash: typeof blur === 'string' && /^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,100}$/.test(blur) ? blur : null,
        focus: pair.length === 2 && pair.every((n) => Number.isFinite(n) && Math.abs(n) <= 1) ? { x: pair[0]!, y: pair[1]! } : null,
      };
      const known = out.get(url);
      out.set(url, { blurhash: known?.blurhash ?? found.blurhash, focus: known?.focus ?? found.focus });
    }
  }
  return out;
}

function typeOf(doc: APObject, mediaType: string | null): string {
  if (doc instanceof Image || mediaType?.startsWith('image/')) return mediaType === 'image/gif' ? 'gifv' : 'image';
  if (doc instanceof Video || mediaType?.startsWith('video/')) return 'video';
  if (doc instanceof Audio || mediaType?.startsWith('audio/')) return 'audio';
  return 'unknown';
}

/** A remote Note's attachments as remote media entries (their addresses only: nothing is fetched); `activity` is the one it came in. */
export async function remoteMediaOf(
  ctx: Pick<Context<FederationDeps>, 'documentLoader'>,
  note: Note | Question,
  activity?: Activity,
): Promise<RemoteMediaInput[]> {
  const out: RemoteMediaInput[] = [];
  const extras = await extrasByUrl(note, activity);
  for await (const doc of note.getAttachments({ documentLoader: ctx.documentLoader, suppressError: true })) {
    if (out.length >= MAX_INCOMING) break;
    if (!(doc instanceof Document)) continue;
    const url = doc.url instanceof URL ? doc.url : (doc.url?.href ?? null);
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) continue;
    const mediaType = doc.mediaType ?? null;
    const { blurhash, focus } = extras.get(url.href) ?? { blurhash: null, focus: null };
    const width = doc instanceof Document ? doc.width : null;
    const height = doc instanceof Document ? doc.height : null;
    const meta: Record<string, unknown> = {};
    if (width && height && width > 0 && height > 0) meta.original = { width, height, size: `${width}x${height}`, aspect: width / height };
    if (focus) meta.focus = focus;
    out.push({
      type: typeOf(doc, mediaType),
      remoteUrl: url.href.slice(0, 2048),
      contentType: mediaType?.slice(0, 200) ?? null,
      description: doc.name ? String(doc.name).slice(0, 1500) : null,
      blurhash,
      meta: Object.keys(meta).length > 0 ? JSON.stringify(meta) : null,
    });
  }
  return out;
}
