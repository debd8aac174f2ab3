import type { Kysely } from 'kysely';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrations/index.js';
import type { DB } from '../db/schema.js';
import { loadAttackSetting, loadMode, saveAttackSetting } from '../shield/modes.js';

const USAGE = `Usage:
  tribune shield attack on|off|auto   force under-attack mode on or off, or let load decide (auto)
  tribune shield status               the persisted settings (live figures: GET /metrics or /api/v1/admin/tribune/shield)
A running server picks the change up within a few seconds.`;

export async function shieldCommand(args: string[]): Promise<number> {
  const config = loadConfig(readEnv());
  const database = await createDb(config.databaseUrl);
  try {
    await migrateToLatest(database.db, database.dialect);
    const { code, output } = await runShield(database.db, args);
    (code === 0 ? console.log : console.error)(output);
    return code;
  } finally {
    await database.close();
  }
}

export async function runShield(db: Kysely<DB>, args: string[]): Promise<{ code: number; output: string }> {
  const [action, value] = args;
  if (action === 'attack') {
    if (value !== 'on' && value !== 'off' && value !== 'auto') return { code: 2, output: USAGE };
    await saveAttackSetting(db, value);
    return { code: 0, output: `Under-attack mode: ${value}${value === 'auto' ? ' (switches on by itself under load)' : ''}.` };
  }
  if (action === 'status' || action === undefined) {
    const [attack, mode] = await Promise.all([loadAttackSetting(db), loadMode(db)]);
    return { code: 0, output: `Under-attack mode: ${attack}. Server mode: ${mode.mode}${mode.message ? ` (${mode.message})` : ''}.` };
  }
  return { code: 2, output: USAGE };
}
