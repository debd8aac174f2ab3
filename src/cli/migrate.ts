import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrations/index.js';

export async function migrateCommand(_args: string[]): Promise<number> {
  const config = loadConfig(readEnv());
  const database = await createDb(config.databaseUrl);
  try {
    const { applied } = await migrateToLatest(database.db, database.dialect);
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is already up to date.');
    return 0;
  } finally {
    await database.close();
  }
}
