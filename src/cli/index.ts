// The `tribune` command. Each subcommand lives in its own module and is loaded only when asked for.
type Command = { summary: string; run: (args: string[]) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'serve Tribune (HTTP, API, web app): serve [--workers N] (N processes on one port; or WORKERS=N)',
    run: async (args) => (await import('../cluster/serve.js')).serveCommand(args),
  },
  worker: {
    summary: 'run background jobs only, no HTTP (needs REDIS_URL; web processes may then run with JOBS=off)',
    run: async (args) => (await import('./worker.js')).workerCommand(args),
  },
  migrate: { summary: 'bring the database schema up to date', run: async (args) => (await import('./migrate.js')).migrateCommand(args) },
  admin: {
    summary: 'accounts, moderation and the instance from the shell: accounts, search, suspend, silence, delete, reports, instance, stats... (admin help)',
    run: async (args) => (await import('./admin.js')).adminCommand(args),
  },
  shield: { summary: 'the shield: attack on|off|auto, status', run: async (args) => (await import('./shield.js')).shieldCommand(args) },
  maintenance: {
    summary: 'maintenance on|read-only|moved --to URL|off|status [--message "..."]',
    run: async (args) => (await import('./maintenance.js')).maintenanceCommand(args),
  },
  backup: {
    summary: 'write one archive of the instance: backup [--output FILE] | --offsite (into BACKUP_TARGET, encrypted) | keygen',
    run: async (args) => (await import('./backup.js')).backupCommand(args),
  },
  restore: {
    summary: 'restore an archive into an empty database: restore FILE | s3://bucket/key | --latest [--identity FILE] [--force]',
    run: async (args) => (await import('./restore.js')).restoreCommand(args),
  },
  move: {
    summary: 'move the community to a new host in one command: move --to TARGET --new-address URL [--message "..."]',
    run: async (args) => (await import('./move.js')).moveCommand(args),
  },
  federation: {
    summary: 'federation tasks: federation announce-move --from URL (after a restore on a new domain, Move every account)',
    run: async (args) => (await import('./federation.js')).federationCommand(args),
  },
  hashes: {
    summary: 'PDQ image hashes and hash lists: pdq FILE..., import FILE [--source NAME], sources, delete-source NAME',
    run: async (args) => (await import('./hashes.js')).hashesCommand(args),
  },
  moderate: {
    summary: 'screen JSON lines {"id","text"} from stdin, one verdict per line on stdout',
    run: async (args) => (await import('./moderate.js')).moderateCommand(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }),
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    if (name && name !== 'help' && name !== '--help') console.error(`Unknown command "${name}".`);
    console.error('Usage: tribune <command> [options]\n');
    for (const [n, c] of Object.entries(COMMANDS)) console.error(`  ${n.padEnd(12)}${c.summary}`);
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  try {
    return await command.run(args);
  } catch (err) {
    console.error(`tribune ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
