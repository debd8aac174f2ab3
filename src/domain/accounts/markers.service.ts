import type { Infra } from '../../infra/infra.js';
import { nowIso } from '../time.js';
import { findMarkers, saveMarker } from './markers.store.js';

// Reading positions (Mastodon's markers): where a person stopped reading home and notifications.
export const MARKER_TIMELINES = ['home', 'notifications'] as const;
export type MarkerTimeline = (typeof MARKER_TIMELINES)[number];

export function readMarkers(ctx: Pick<Infra, 'db'>, accountId: string, timelines: string[]) {
  return findMarkers(
    ctx.db,
    accountId,
    timelines.filter((t) => (MARKER_TIMELINES as readonly string[]).includes(t)),
  );
}

/** Saves the positions given, in one transaction; answers the saved markers. */
export async function saveMarkers(ctx: Pick<Infra, 'db'>, accountId: string, positions: Partial<Record<MarkerTimeline, string>>) {
  const now = nowIso();
  const saved = MARKER_TIMELINES.filter((t) => positions[t] !== undefined);
  await ctx.db.transaction().execute(async (trx) => {
    for (const t of saved) await saveMarker(trx, accountId, t, positions[t]!, now);
  });
  return findMarkers(ctx.db, accountId, saved);
}
