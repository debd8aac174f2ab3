import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { type AppContext, createContext } from '../context.js';
import { addCustomEmoji, allCustomEmojis, removeCustomEmoji } from '../domain/custom-emojis/custom-emojis.service.js';
import { createLogger } from '../logger.js';
import { mediaUrlBase } from '../media/storage/storage.js';
import { actorOf } from './admin-accounts.js';
import { commandFailure, UsageError } from './admin-options.js';

const USAGE = `Usage: tribune admin emoji add SHORTCODE FILE [--category C] [--hidden] [--by U]
       tribune admin emoji list [--json]
       tribune admin emoji delete SHORTCODE [--by U]

  Custom emojis people write as :SHORTCODE: in posts, names and bios. FILE is a PNG, GIF or WebP image of at most
  256 KB; --hidden keeps it out of apps' emoji pickers. Adding and deleting are written to the audit log (--by
  names the admin acting, else the system).`;

const TYPES: Record<string, string> = { '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp' };

/** `tribune admin emoji ...` */
export async function emojiCommand(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [sub, ...rest] = positionals;
  if (v.help || !sub) {
    console.log(USAGE);
    return v.help ? 0 : 2;
  }
  let ctx: AppContext | undefined;
  try {
    if (!['add', 'list', 'delete'].includes(sub)) throw new UsageError(`Unknown emoji command "${sub}".`);
    if (sub === 'add' && rest.length !== 2) throw new UsageError('Give the shortcode and the image file.');
    if (sub === 'delete' && rest.length !== 1) throw new UsageError('Give the shortcode of the emoji to delete.');
    let bytes: Buffer | undefined;
    if (sub === 'add') {
      try {
        bytes = await readFile(rest[1]!);
      } catch (err) {
        throw new UsageError(`Cannot read ${rest[1]}: ${(err as Error).message}`);
      }
    }
    ctx = await createContext(loadConfig(readEnv()), { logger: createLogger('warn') });
    if (sub === 'list') {
      const rows = await allCustomEmojis(ctx);
      if (v.json) {
        const base = mediaUrlBase(ctx.config);
        console.log(JSON.stringify(rows.map((r) => ({ id: r.id, shortcode: r.shortcode, category: r.category, url: `${base}/${r.file_path}` }))));
      } else if (rows.length === 0) console.log('No custom emojis.');
      else for (const r of rows) console.log(`:${r.shortcode}:  ${r.category ?? '-'}  ${r.visible_in_picker ? '' : '(hidden)  '}${r.content_type}  ${r.id}`);
      return 0;
    }
    const actor = await actorOf(ctx, { by: v.by });
    if (sub === 'add') {
      const row = await addCustomEmoji(ctx, actor, {
        shortcode: rest[0]!,
        image: { bytes: bytes!, declaredType: TYPES[extname(rest[1]!).toLowerCase()] ?? '' },
        category: v.category ?? null,
        visibleInPicker: !v.hidden,
      });
      console.log(`Added :${row.shortcode}:${row.category ? ` in ${row.category}` : ''}. Written to the audit log.`);
      return 0;
    }
    const row = await removeCustomEmoji(ctx, actor, rest[0]!);
    console.log(`Deleted :${row.shortcode}: and its image. Written to the audit log.`);
    return 0;
  } catch (err) {
    return commandFailure(err, USAGE, (e) => (e.status === 404 ? 'no such emoji' : e.message));
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
      category: { type: 'string' },
      hidden: { type: 'boolean' },
      by: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
}
