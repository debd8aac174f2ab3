import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrations/index.js';
import { ApiError } from '../errors.js';
import { deleteHashList, importHashList, listHashLists } from '../media/hash-lists/hash-lists.service.js';
import type { Io } from './hashes.js';

// Bad lines listed at most, so a wrong file (every line bad) does not flood the terminal.
const MAX_BAD_SHOWN = 20;

/** `tribune hashes import|sources|delete-source`: straight to the database; running servers see it within seconds. */
export async function hashListCommand(sub: 'import' | 'sources' | 'delete-source', args: string[], io: Io): Promise<number> {
  let parsed: { values: { source?: string; 'skip-bad-lines'?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { source: { type: 'string' }, 'skip-bad-lines': { type: 'boolean' } }, allowPositionals: true });
  } catch (err) {
    io.err(`${(err as Error).message} (tribune hashes help)`);
    return 2;
  }
  const [target] = parsed.positionals;
  if (sub !== 'sources' && !target) {
    io.err(sub === 'import' ? 'Name the list file: tribune hashes import FILE [--source NAME]' : 'Name the list: tribune hashes delete-source NAME');
    return 2;
  }
  let text = '';
  if (sub === 'import') {
    try {
      text = await readFile(target!, 'utf8');
    } catch (err) {
      io.err(`${target}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file; check the path.' : (err as Error).message}`);
      return 1;
    }
  }
  const config = loadConfig(readEnv());
  const database = await createDb(config.databaseUrl);
  try {
    await migrateToLatest(database.db, database.dialect);
    const deps = { db: database.db };
    if (sub === 'sources') {
      const lists = await listHashLists(database.db);
      if (!lists.length) io.out('No hash lists loaded.');
      for (const l of lists)
        io.out(`${l.source}: ${l.total} (pdq ${l.counts.pdq}, md5 ${l.counts.md5}, sha256 ${l.counts.sha256}), last added ${l.lastAddedAt}`);
      return 0;
    }
    if (sub === 'delete-source') {
      io.out(`Removed ${await deleteHashList(deps, target!)} entries of "${target}".`);
      return 0;
    }
    const source = parsed.values.source ?? basename(target!, extname(target!));
    const r = await importHashList(deps, { source, text, skipBadLines: parsed.values['skip-bad-lines'] });
    for (const b of r.badLines.slice(0, MAX_BAD_SHOWN)) io.err(`${target}:${b.line}: ${b.error}`);
    if (r.badLines.length > MAX_BAD_SHOWN) io.err(`... and ${r.badLines.length - MAX_BAD_SHOWN} more bad lines`);
    if (!r.imported) {
      io.err(`Nothing imported: ${r.refused} bad line${r.refused === 1 ? '' : 's'}. Fix them, or pass --skip-bad-lines to load the rest.`);
      return 1;
    }
    io.out(`${r.source}: added ${r.added}, skipped ${r.duplicates} duplicate${r.duplicates === 1 ? '' : 's'}, refused ${r.refused}.`);
    return 0;
  } catch (err) {
    if (err instanceof ApiError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}
