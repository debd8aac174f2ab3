import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { type AppContext, createContext } from '../context.js';
import { createLogger } from '../logger.js';

const USAGE = `Usage: tribune federation announce-move --from URL

  announce-move --from https://old.example
      After a restore on a new domain (PUBLIC_URL is the new address): every local account names its actor at the
      old address as an alias (alsoKnownAs) and sends Move from it to its actor here, to its remote followers'
      servers, which then follow the new actor (Mastodon and Tribune check the alias first). The Move is signed with
      the account's own key, restored with the rest: servers that know the old account verify it with the key they
      keep; one that must fetch the key needs the old address to still serve the actors. The deliveries are queued
      in the database: a running server process (JOBS=on) sends them.`;

/** `tribune federation`: federation tasks from the shell. */
export async function federationCommand(args: string[]): Promise<number> {
  let values: { from?: string; help?: boolean };
  let sub: string | undefined;
  try {
    const parsed = parseArgs({ args, allowPositionals: true, options: { from: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    values = parsed.values;
    sub = parsed.positionals[0];
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help || !sub) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (sub !== 'announce-move') {
    console.error(`Unknown subcommand "${sub}".\n\n${USAGE}`);
    return 2;
  }
  let from: URL;
  try {
    from = new URL(values.from ?? '');
    if (from.protocol !== 'https:' && from.protocol !== 'http:') throw new Error();
  } catch {
    console.error(`--from must be the old public address (https://old.example).\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(readEnv());
  if (new URL(config.publicUrl).origin === from.origin) {
    console.error(`--from is this server's own address (PUBLIC_URL ${config.publicUrl}): set PUBLIC_URL to the new address.`);
    return 2;
  }
  // This process only queues: the server's processes deliver (a queue run here would stop when the command ends).
  config.runJobs = false;
  let ctx: AppContext | undefined;
  try {
    ctx = await createContext(config, { logger: createLogger('warn') });
    const r = await ctx.federation.announceMovesFrom(from.origin);
    console.log(
      `${r.accounts} account(s) now name their actor at ${from.origin} as an alias; Move queued for ${r.deliveries} remote follower(s), from ${from.origin} to ${config.publicUrl}.`,
    );
    return 0;
  } finally {
    await ctx?.close();
  }
}
