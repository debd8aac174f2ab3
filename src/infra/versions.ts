import { randomUUID } from 'node:crypto';
import { readSetting, writeSetting } from '../domain/instance/instance.store.js';
import type { Infra } from './infra.js';

/**
 * What changed, for the caches that keep rendered pages (the home timeline's) and resolved access tokens: posts
 * (content, counters, state), accounts (profile, counters, suspension, role), homes (a person's feed, relationships
 * and marks: upvotes, echoes, bookmarks, pins, votes, muted threads) and tokens (revoked). Writers call `changed`
 * after their commit; a cached thing is served only while nothing it was made from has changed since.
 *
 * Each process keeps a clock and the clock time of each id's last change. Other processes hear of changes over the
 * event bus (Redis in the distributed mode); the CLI and rare sweeping changes (moderation, restores) move an
 * epoch kept in the database, which every server reads once a second.
 */
export interface Changes {
  statuses?: Iterable<string | null | undefined>;
  accounts?: Iterable<string | null | undefined>;
  homes?: Iterable<string | null | undefined>;
  /** Access tokens by id (revoked). */
  tokens?: Iterable<string | null | undefined>;
}

export interface Dependencies {
  home?: string;
  statuses?: Iterable<string>;
  accounts?: Iterable<string>;
  tokens?: Iterable<string>;
}

const KINDS = ['statuses', 'accounts', 'homes', 'tokens'] as const;

const CHANNEL = 'tribune:changes';
const EPOCH_KEY = 'render_epoch';
const EPOCH_POLL_MS = 1_000;
// Past this many remembered ids, forget them all and move the epoch: every cached page is then stale, which is safe.
const MAX_TRACKED = 200_000;

export class Versions {
  private clock = 1;
  private epochAt = 0;
  private readonly seen = {
    statuses: new Map<string, number>(),
    accounts: new Map<string, number>(),
    homes: new Map<string, number>(),
    tokens: new Map<string, number>(),
  };

  /** The clock now: take it before reading what a page is rendered from. */
  now(): number {
    return this.clock;
  }

  apply(c: Changes): void {
    const at = ++this.clock;
    if (KINDS.reduce((n, k) => n + this.seen[k].size, 0) > MAX_TRACKED) {
      for (const k of KINDS) this.seen[k].clear();
      this.epochAt = at;
    }
    for (const k of KINDS) for (const id of c[k] ?? []) if (id) this.seen[k].set(id, at);
  }

  /** Everything cached so far is stale. */
  applyEverything(): void {
    this.epochAt = ++this.clock;
  }

  /** Whether anything in `deps` changed after clock time `since`. */
  changedSince(since: number, deps: Dependencies): boolean {
    if (this.epochAt > since) return true;
    if (deps.home !== undefined && (this.seen.homes.get(deps.home) ?? 0) > since) return true;
    for (const id of deps.statuses ?? []) if ((this.seen.statuses.get(id) ?? 0) > since) return true;
    for (const id of deps.accounts ?? []) if ((this.seen.accounts.get(id) ?? 0) > since) return true;
    for (const id of deps.tokens ?? []) if ((this.seen.tokens.get(id) ?? 0) > since) return true;
    return false;
  }
}

/** This process's change clock, kept in the context (ctx.versions). */
export interface VersionsState {
  versions: Versions;
  epoch: string | undefined;
  /** Tells this process's own messages apart when the bus echoes them back. */
  origin: string;
}

/** What a writer needs to say what changed: the clock, and the bus and database that carry it to other processes. */
export type ChangeDeps = Pick<Infra, 'config' | 'events' | 'db'> & { versions: VersionsState };

/**
 * Starts the clock and listens for other processes' changes (at start, so none is missed before the first
 * request): over the event bus with Redis, and through the epoch in the database.
 */
export function startVersions(infra: Pick<Infra, 'config' | 'events' | 'db' | 'onClose'>): VersionsState {
  const versions = new Versions();
  const own: VersionsState = { versions, epoch: undefined, origin: randomUUID() };
  const stops: Array<() => void> = [];
  // Other processes' changes come over the event bus, which only Redis carries between processes.
  if (infra.config.redisUrl) {
    stops.push(
      infra.events.subscribe(CHANNEL, (e) => {
        try {
          if (e.accountId === own.origin) return;
          if (e.event === 'everything') versions.applyEverything();
          else versions.apply(JSON.parse(e.subject) as Changes);
        } catch {
          versions.applyEverything();
        }
      }),
    );
    // Changes published while the bus was away are lost: everything cached is stale after a reconnection.
    stops.push(infra.events.onReconnect(() => versions.applyEverything()));
  }
  const timer = setInterval(() => void pollEpoch(infra.db, own), EPOCH_POLL_MS);
  timer.unref();
  infra.onClose.push(async () => {
    clearInterval(timer);
    for (const stop of stops) stop();
  });
  void pollEpoch(infra.db, own);
  return own;
}

async function pollEpoch(db: Infra['db'], s: VersionsState): Promise<void> {
  try {
    const epoch = (await readSetting(db, EPOCH_KEY)) ?? '';
    if (s.epoch !== undefined && epoch !== s.epoch) s.versions.applyEverything();
    s.epoch = epoch;
  } catch {
    // The database is closing or away: the next poll tries again.
  }
}

const list = (ids: Iterable<string | null | undefined> | undefined) => [...new Set([...(ids ?? [])].filter((x): x is string => !!x))];

/** Call after the commit of a write that changes how posts, accounts or homes render. */
export async function changed(ctx: ChangeDeps, c: Changes): Promise<void> {
  const message = { statuses: list(c.statuses), accounts: list(c.accounts), homes: list(c.homes), tokens: list(c.tokens) };
  const s = ctx.versions;
  s.versions.apply(message);
  if (ctx.config.redisUrl) await ctx.events.publish(CHANNEL, { event: 'changed', subject: JSON.stringify(message), accountId: s.origin });
}

/**
 * For rare writes that touch too much to list (moderation actions, suspensions, admin commands run beside a server):
 * every process's cached pages become stale within a second.
 */
export async function changedEverything(ctx: ChangeDeps): Promise<void> {
  const s = ctx.versions;
  s.versions.applyEverything();
  const epoch = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await writeSetting(ctx.db, EPOCH_KEY, epoch, new Date().toISOString());
  if (ctx.config.redisUrl) await ctx.events.publish(CHANNEL, { event: 'everything', subject: '', accountId: s.origin });
}
