import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrations/index.js';
import type { DB } from '../db/schema.js';
import { loadMode, saveMode } from '../shield/modes.js';

const USAGE = `Usage:
  tribune maintenance on [--message "..."] [--retry-after SECONDS]   every page and API answer 503 with the message
  tribune maintenance read-only [--message "..."]                    reads work, writes are refused with the message
  tribune maintenance moved --to URL [--message "..."]               every page goes to URL (301), every API call answers 503
                                                                     with the message and URL (after a move: tribune move)
  tribune maintenance off                                            back to normal
  tribune maintenance status
A running server picks the change up within a few seconds.`;

/** `tribune maintenance ...`: sets the server mode in the database. */
export async function maintenanceCommand(args: string[]): Promise<number> {
  const config = loadConfig(readEnv());
  const database = await createDb(config.databaseUrl);
  try {
    await migrateToLatest(database.db, database.dialect);
    const { code, output } = await runMaintenance(database.db, args);
    (code === 0 ? console.log : console.error)(output);
    return code;
  } finally {
    await database.close();
  }
}

/** The command's work on an open database; returns the exit code and what to print. */
export async function runMaintenance(db: Kysely<DB>, args: string[]): Promise<{ code: number; output: string }> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    return { code: 2, output: `${err instanceof Error ? err.message : String(err)}\n${USAGE}` };
  }
  const { positionals, values } = parsed;
  const action = positionals[0];
  const retryAfter = values['retry-after'] ? Number(values['retry-after']) : undefined;
  if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter > 0))
    return { code: 2, output: '--retry-after must be a whole number of seconds' };
  let state: Awaited<ReturnType<typeof loadMode>>;
  if (action === 'on') state = await saveMode(db, 'maintenance', values.message, retryAfter);
  else if (action === 'read-only') state = await saveMode(db, 'read-only', values.message, retryAfter);
  else if (action === 'moved') {
    const to = newAddress(values.to);
    if (!to) return { code: 2, output: `moved needs --to and the new address (https://...).\n${USAGE}` };
    state = await saveMode(db, 'moved', values.message, retryAfter, to);
  } else if (action === 'off') state = await saveMode(db, 'normal');
  else if (action === 'status' || action === undefined) state = await loadMode(db);
  else return { code: 2, output: `Unknown action "${action}".\n${USAGE}` };
  const line =
    state.mode === 'normal'
      ? 'Mode: normal.'
      : `Mode: ${state.mode} since ${state.since}. Message: ${state.message}${state.movedTo ? ` (new address: ${state.movedTo})` : ''}`;
  return { code: 0, output: line };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { message: { type: 'string', short: 'm' }, 'retry-after': { type: 'string' }, to: { type: 'string' } },
  });
}

/** An http(s) URL without a trailing slash, or null. */
export function newAddress(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString().replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}
