import { parseArgs } from 'node:util';
import { streamAnnouncement } from '../api/render/announcements.js';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { type AppContext, createContext } from '../context.js';
import { createAnnouncement, deleteAnnouncement, listAllAnnouncements } from '../domain/announcements/announcements.service.js';
import { createLogger } from '../logger.js';
import { commandFailure, UsageError } from './admin-options.js';

const USAGE = `Usage: tribune admin announce "text" [--starts WHEN] [--ends WHEN] [--all-day] [--draft]
       tribune admin announce --list
       tribune admin announce --remove ID

  Posts an announcement every signed-in person sees in their app until they dismiss it or it ends (the channel
  for the owner's message during maintenance or an attack). WHEN is an ISO date or time (2026-12-24,
  2026-12-24T18:00Z) or a delay from now: 30m, 2h, 3d. Mentions (@name), #hashtags and links are rendered.`;

/** An ISO date or time, or a delay from now (30m, 2h, 3d), as an ISO instant. */
export function parseWhen(value: string, flag: string, now = Date.now()): string {
  const delay = /^(\d{1,6})([mhd])$/.exec(value.trim());
  if (delay) return new Date(now + Number(delay[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[delay[2] as 'm' | 'h' | 'd']).toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--${flag} "${value}" is neither a date (2026-12-24T18:00Z) nor a delay (30m, 2h, 3d).`);
  return new Date(t).toISOString();
}

/** `tribune admin announce ...` */
export async function announceCommand(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  let ctx: AppContext | undefined;
  try {
    const text = positionals.join(' ').trim();
    if (!v.list && !v.remove && !text) throw new UsageError('Give the text of the announcement.');
    const startsAt = v.starts ? parseWhen(v.starts, 'starts') : null;
    const endsAt = v.ends ? parseWhen(v.ends, 'ends') : null;
    ctx = await createContext(loadConfig(readEnv()), { logger: createLogger('warn') });
    if (v.list) {
      for (const a of await listAllAnnouncements(ctx))
        console.log(`${a.id}  ${a.published_at ? 'published' : 'draft    '}  ends ${a.ends_at ?? 'never'}  ${a.text.replace(/\s+/g, ' ').slice(0, 80)}`);
      return 0;
    }
    if (v.remove) {
      await deleteAnnouncement(ctx, v.remove);
      console.log(`Removed announcement ${v.remove}.`);
      return 0;
    }
    const row = await createAnnouncement(ctx, null, { text, startsAt, endsAt, allDay: v['all-day'], published: !v.draft });
    await streamAnnouncement(ctx, row);
    console.log(`${row.published_at ? 'Published' : 'Saved as a draft'} announcement ${row.id}${endsAt ? `, until ${endsAt}` : ''}.`);
    return 0;
  } catch (err) {
    return commandFailure(err, USAGE);
  } finally {
    await ctx?.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      starts: { type: 'string' },
      ends: { type: 'string' },
      'all-day': { type: 'boolean' },
      draft: { type: 'boolean' },
      list: { type: 'boolean' },
      remove: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
}
