import { type Activity, type Context, Note, type Question } from '@fedify/fedify';
import { findAccountById } from '../domain/accounts/accounts.store.js';
import { assertQuotable } from '../domain/statuses/quotes.js';
import type { StatusRow } from '../domain/statuses/statuses.store.js';
import { findStatus, findStatusByUri } from '../domain/statuses/statuses.store.js';
import type { FederationDeps } from './deps.js';

// Quotes, as far as Fedify 1.10's vocabulary goes: outgoing Notes name the quoted post in `quoteUrl` (which Fedify
// writes as `quoteUrl`, Misskey's `_misskey_quote` and Fedibird's `quoteUri`); incoming ones are read from those or
// from FEP-044f's `quote` (Mastodon 4.5). Quote authorization stamps (QuoteRequest, QuoteAuthorization) are not
// exchanged: an incoming quote is attached only when the quoted post's policy allows its author, as a local one is.

/** The URI a local post's quote names, when it quotes one (not revoked). */
export async function quotedUriOf(ctx: Context<FederationDeps>, s: StatusRow): Promise<URL | null> {
  if (!s.quote_of_id || s.quote_state === 'revoked') return null;
  const quoted = await findStatus(ctx.data.db, s.quote_of_id);
  if (quoted?.state !== 'published') return null;
  if (quoted.uri) return new URL(quoted.uri);
  const author = await findAccountById(ctx.data.db, quoted.account_id);
  return author && author.domain === null ? ctx.getObjectUri(Note, { identifier: author.username, id: quoted.id }) : null;
}

const FEP_044F = 'https://w3id.org/fep/044f#quote';

/** FEP-044f's `quote` in the JSON a Note came as (Fedify's vocabulary has no such term), compact or expanded. */
async function fepQuote(note: Note | Question, activity?: Activity): Promise<string | null> {
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v) as Record<string, unknown> | null | undefined;
  const outer = activity ? first(await activity.toJsonLd().catch(() => null)) : null;
  for (const obj of [first(await note.toJsonLd().catch(() => null)), first(outer?.object)]) {
    const v = first(obj?.quote ?? obj?.[FEP_044F]);
    const uri = typeof v === 'string' ? v : v && typeof v === 'object' ? (v['@id'] ?? v.id) : null;
    if (typeof uri === 'string' && /^https?:\/\//.test(uri)) return uri;
  }
  return null;
}

/**
 * The post a remote Note quotes, when it is known here (a local post, or a remote one stored) and its policy lets
 * the remote author quote it; null otherwise (the post is then stored without its quote).
 */
export async function quotedStatusOf(ctx: Context<FederationDeps>, authorId: string, note: Note | Question, activity?: Activity): Promise<string | null> {
  const uri = (note instanceof Note ? note.quoteUrl?.href : null) ?? (await fepQuote(note, activity));
  if (!uri) return null;
  let quoted: StatusRow | undefined;
  const parsed = ctx.parseUri(new URL(uri));
  if (parsed?.type === 'object' && parsed.class === Note && /^[0-9]{1,19}$/.test(parsed.values.id ?? '')) {
    const s = await findStatus(ctx.data.db, parsed.values.id!);
    const author = s ? await findAccountById(ctx.data.db, s.account_id) : undefined;
    quoted = s && author?.domain === null && author.username === parsed.values.identifier ? s : undefined;
  } else quoted = await findStatusByUri(ctx.data.db, uri);
  if (quoted?.state !== 'published' || quoted.reblog_of_id) return null;
  try {
    await assertQuotable(ctx.data, authorId, quoted);
  } catch {
    return null;
  }
  return quoted.id;
}
