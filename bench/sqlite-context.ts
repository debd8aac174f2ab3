import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../src/config/config.js';
import { type AppContext, createContext } from '../src/context.js';
import { createLogger } from '../src/logger.js';

/**
 * A Tribune context in this process on a fresh SQLite file under a temporary DATA_DIR (named after `name`): cheap
 * passwords, no shield, warnings only. The caller removes `dataDir` when done.
 */
export async function benchContext(name: string): Promise<{ ctx: AppContext; config: Config; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), `tribune-${name}-bench-`));
  const config = loadConfig(process.env, {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: `sqlite:${join(dataDir, 'bench.sqlite')}`,
    secretKey: 'bench-secret-'.padEnd(64, 'x'),
    logLevel: 'warn',
    passwordCost: { memoryCost: 1024, timeCost: 1 },
    shieldEnabled: false,
  });
  return { ctx: await createContext(config, { logger: createLogger('warn') }), config, dataDir };
}
