import { loadConfig } from './config/config.js';
import { readEnv } from './config/env.js';
import { createContext } from './context.js';
import { findAdminContact } from './domain/instance/instance.store.js';
import { startServer } from './server.js';

/** `tribune serve`: load config, build the context (migrating the database), serve, drain on SIGTERM. */
export async function serve(): Promise<number> {
  const config = loadConfig(readEnv());
  const ctx = await createContext(config);
  const server = await startServer(ctx);
  ctx.logger.info({ url: config.publicUrl, database: config.databaseUrl.split(':')[0] }, 'Tribune is serving');
  console.log(`Tribune is serving at ${server.url} (public URL ${config.publicUrl})`);
  if (!(await findAdminContact(ctx.db))) {
    console.log('No admin account yet. Create one with:\n  npx tribune admin create-user --username admin --email you@example.org --role admin');
  }
  await new Promise<void>((resolve) => {
    const stop = async () => {
      console.log('Shutting down: finishing requests in flight...');
      await server.close();
      await ctx.close();
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}
