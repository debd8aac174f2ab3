import { backupTime } from './target.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Which backups to delete: the newest is always kept; of those younger than `keepHourly` hours the newest of each
 * clock hour, of those younger than `keepDaily` days the newest of each UTC day; everything else goes.
 * Names that are not backups are never chosen.
 */
export function expiredBackups(names: string[], now: Date, keep: { keepHourly: number; keepDaily: number }): string[] {
  const dated = names
    .map((name) => ({ name, t: backupTime(name)?.getTime() }))
    .filter((b): b is { name: string; t: number } => b.t !== undefined)
    .sort((a, b) => b.t - a.t);
  const kept = new Set<string>();
  if (dated[0]) kept.add(dated[0].name);
  const hours = new Set<number>();
  const days = new Set<number>();
  for (const b of dated) {
    const age = now.getTime() - b.t;
    const hour = Math.floor(b.t / HOUR);
    const day = Math.floor(b.t / DAY);
    if (age < keep.keepHourly * HOUR && !hours.has(hour)) {
      hours.add(hour);
      kept.add(b.name);
    }
    if (age < keep.keepDaily * DAY && !days.has(day)) {
      days.add(day);
      kept.add(b.name);
    }
  }
  return dated.filter((b) => !kept.has(b.name)).map((b) => b.name);
}
