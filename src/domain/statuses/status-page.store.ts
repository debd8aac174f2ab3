import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { PollWithOptions } from '../polls/polls.store.js';
import { STATUS_COLUMNS, type StatusRow } from './statuses.store.js';

// The statements behind loading a page of posts (status-loader.ts): one per kind of data, never one per post.

const CHUNK = 500;

function slices(lists: string[][]): string[][][] {
  const unique = lists.map((l) => [...new Set(l)]);
  const out: string[][][] = [];
  for (let i = 0; i < Math.max(...unique.map((l) => l.length)); i += CHUNK) out.push(unique.map((l) => l.slice(i, i + CHUNK)));
  return out;
}

/**
 * The posts `ids`, what the posts `of` echo and quote, and what those echoed posts quote, in one statement
 * (a quote inside a quote is not read: Mastodon shows it by id).
 */
export async function findStatusesAndTargets(db: Kysely<DB>, ids: string[], of: string[]): Promise<StatusRow[]> {
  const out: StatusRow[] = [];
  for (const [part, parents] of slices([ids, of]) as Array<[string[], string[]]>) {
    const rows = await db
      .selectFrom('statuses')
      .select(STATUS_COLUMNS)
      .where((eb) => {
        const echoed = (list: string[]) =>
          eb.selectFrom('statuses as e').select('e.reblog_of_id').where('e.id', 'in', list).where('e.reblog_of_id', 'is not', null);
        const branches = part.length > 0 ? [eb('id', 'in', part)] : [];
        if (parents.length > 0) {
          branches.push(
            eb('id', 'in', echoed(parents)),
            eb(
              'id',
              'in',
              eb
                .selectFrom('statuses as q')
                .select('q.quote_of_id')
                .where((w) => w.or([w('q.id', 'in', parents), w('q.id', 'in', echoed(parents))]))
                .where('q.quote_of_id', 'is not', null),
            ),
          );
        }
        return eb.or(branches);
      })
      .execute();
    out.push(...(rows as StatusRow[]));
  }
  return out;
}

/** The polls of these posts with their options, in one statement. */
export async function pollsWithOptions(db: Kysely<DB>, statusIds: string[]): Promise<PollWithOptions[]> {
  const polls = new Map<string, PollWithOptions>();
  for (const [part] of slices([statusIds])) {
    const rows = await db
      .selectFrom('polls')
      .leftJoin('poll_options as o', 'o.poll_id', 'polls.id')
      .selectAll('polls')
      .select(['o.title as option_title', 'o.votes_count as option_votes_count'])
      .where('polls.status_id', 'in', part!)
      .orderBy('polls.id')
      .orderBy('o.position')
      .execute();
    for (const { option_title, option_votes_count, ...poll } of rows) {
      const p = polls.get(poll.id) ?? { ...poll, options: [] };
      polls.set(poll.id, p);
      if (option_title !== null && option_votes_count !== null) p.options.push({ title: option_title, votes_count: option_votes_count });
    }
  }
  return [...polls.values()];
}

/** How the viewer stands with the page's authors, and what they did to its posts. */
export interface ViewerFacts {
  following: Set<string>;
  /** Blocked either way. */
  blocked: Set<string>;
  /** Muted now (a timed mute that ran out is not). */
  muted: Set<string>;
  favourited: Set<string>;
  bookmarked: Set<string>;
  pinned: Set<string>;
  reblogged: Set<string>;
  votes: Map<string, number>;
  mutedConversations: Set<string>;
  /** The viewer's choices by poll id, in order. */
  pollChoices: Map<string, number[]>;
}

// A row of the one-statement lookup below: which kind of fact, about which id, with a number or a time.
interface KindRow {
  kind: string;
  id: string;
  n: number | null;
  t: string | null;
}
// The branches of a UNION ALL come from different tables.
type Branch = SelectQueryBuilder<DB, any, KindRow>;

/**
 * Follows, blocks either way and mutes of the page's authors; favourites, bookmarks, pins, echoes, votes and poll
 * choices on its posts; muted conversations: one statement (per 500 of each).
 */
export async function viewerFacts(
  db: Kysely<DB>,
  viewerId: string,
  page: { authorIds: string[]; statusIds: string[]; conversationIds: string[] },
): Promise<ViewerFacts> {
  const facts: ViewerFacts = {
    following: new Set(),
    blocked: new Set(),
    muted: new Set(),
    favourited: new Set(),
    bookmarked: new Set(),
    pinned: new Set(),
    reblogged: new Set(),
    votes: new Map(),
    mutedConversations: new Set(),
    pollChoices: new Map(),
  };
  const authors = page.authorIds.filter((a) => a !== viewerId);
  const kind = (k: string) => sql<string>`${sql.lit(k)}`.as('kind');
  // Typed nulls: PostgreSQL resolves a UNION's column types pairwise, and null beside null would become text.
  const noNumber = sql<number | null>`cast(null as integer)`.as('n');
  const noTime = sql<string | null>`cast(null as text)`.as('t');
  const rows: KindRow[] = [];
  for (const [a, p, c] of slices([authors, page.statusIds, page.conversationIds]) as Array<[string[], string[], string[]]>) {
    const branches: Branch[] = [];
    if (a.length > 0) {
      const about = (table: 'follows' | 'blocks' | 'mutes', k: string) =>
        db
          .selectFrom(table)
          .where('account_id', '=', viewerId)
          .where('target_account_id', 'in', a)
          .select([kind(k), 'target_account_id as id']);
      branches.push(
        about('follows', 'f').select([noNumber, noTime]).$castTo<KindRow>(),
        about('blocks', 'b').select([noNumber, noTime]).$castTo<KindRow>(),
        db
          .selectFrom('blocks')
          .select([kind('b'), 'account_id as id', noNumber, noTime])
          .where('target_account_id', '=', viewerId)
          .where('account_id', 'in', a)
          .$castTo<KindRow>(),
        about('mutes', 'm').select([noNumber, 'expires_at as t']).$castTo<KindRow>(),
      );
    }
    if (p.length > 0) {
      for (const [k, table] of [
        ['F', 'favourites'],
        ['K', 'bookmarks'],
        ['P', 'pins'],
      ] as const) {
        branches.push(
          db
            .selectFrom(table)
            .select([kind(k), 'status_id as id', noNumber, noTime])
            .where('account_id', '=', viewerId)
            .where('status_id', 'in', p)
            .$castTo<KindRow>(),
        );
      }
      branches.push(
        db
          .selectFrom('statuses')
          .select([kind('R'), 'reblog_of_id as id', noNumber, noTime])
          .where('account_id', '=', viewerId)
          .where('reblog_of_id', 'in', p)
          .$castTo<KindRow>(),
        db
          .selectFrom('status_votes')
          .select([kind('V'), 'status_id as id', 'value as n', noTime])
          .where('account_id', '=', viewerId)
          .where('status_id', 'in', p)
          .$castTo<KindRow>(),
        db
          .selectFrom('poll_votes')
          .innerJoin('polls', 'polls.id', 'poll_votes.poll_id')
          .select([kind('O'), 'poll_votes.poll_id as id', 'poll_votes.choice as n', noTime])
          .where('poll_votes.account_id', '=', viewerId)
          .where('polls.status_id', 'in', p)
          .$castTo<KindRow>(),
      );
    }
    if (c.length > 0) {
      branches.push(
        db
          .selectFrom('conversation_mutes')
          .select([kind('C'), 'conversation_id as id', noNumber, noTime])
          .where('account_id', '=', viewerId)
          .where('conversation_id', 'in', c)
          .$castTo<KindRow>(),
      );
    }
    if (branches.length === 0) continue;
    let q = branches[0]!;
    for (const b of branches.slice(1)) q = q.unionAll(b);
    rows.push(...(await q.execute()));
  }
  const now = new Date().toISOString();
  for (const r of rows) collect(facts, r, now);
  for (const choices of facts.pollChoices.values()) choices.sort((x, y) => x - y);
  return facts;
}

function collect(facts: ViewerFacts, r: KindRow, now: string): void {
  const id = r.id;
  switch (r.kind) {
    case 'f':
      return void facts.following.add(id);
    case 'b':
      return void facts.blocked.add(id);
    case 'm':
      if (!r.t || String(r.t) > now) facts.muted.add(id);
      return;
    case 'F':
      return void facts.favourited.add(id);
    case 'K':
      return void facts.bookmarked.add(id);
    case 'P':
      return void facts.pinned.add(id);
    case 'R':
      return void facts.reblogged.add(id);
    case 'V':
      return void facts.votes.set(id, Number(r.n));
    case 'O':
      return void facts.pollChoices.set(id, [...(facts.pollChoices.get(id) ?? []), Number(r.n)]);
    default:
      facts.mutedConversations.add(id);
  }
}
