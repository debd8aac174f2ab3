// The server process of `npm run bench:shield`: Tribune from the environment (SHIELD=on|off), one line
// "READY <port>" on stdout once it listens; it exits when its stdin closes or on SIGTERM.
import { loadConfig } from '../../src/config/config.js';
import { readEnv } from '../../src/config/env.js';
import { createContext } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';

const config = loadConfig(readEnv());
const ctx = await createContext(config, { logger: createLogger('silent') });
const server = await startServer(ctx, { port: 0, host: '127.0.0.1' });
ctx.config.publicUrl = server.url;
console.log(`READY ${server.port}`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(0), 3000);
  force.unref();
  await server.close();
  await ctx.close();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.once('SIGTERM', stop);
