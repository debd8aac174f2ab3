import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { type AppContext, createContext } from '../context.js';
import { AccountValidationError, createLocalAccount } from '../domain/accounts/accounts.service.js';
import { approveUser, changeBadges, findLocalUser, generatePassword, type Role, resetPassword, setRole } from '../domain/accounts/admin.service.js';
import { BADGES, type Badge, isBadge, parseBadges } from '../domain/accounts/badges.js';
import { createLogger } from '../logger.js';
import { listAccounts, listReports, moderateAccount } from './admin-accounts.js';
import { announceCommand } from './admin-announce.js';
import { emojiCommand } from './admin-emoji.js';
import { instanceCommand, statsCommand } from './admin-instance.js';
import { type AdminOptions, commandFailure, parseAdminOptions, UsageError } from './admin-options.js';

const USAGE = `Usage: tribune admin <command> [options]

Accounts
  create-user --username U --email E [--password P] [--role user|moderator|admin]
                                   create an account (a password is generated and printed if none is given)
  role --username U --role user|moderator|admin
                                   change someone's role
  reset-password --username U [--password P]
                                   set a new password (generated if none is given); signs out every app
  badge --username U (--add B | --remove B)...
                                   give or take a badge: ${BADGES.join(', ')}
  approve --username U             let in an account that waits for approval
  announce "text" [--ends WHEN]    an announcement every signed-in person sees (announce --help)
  emoji add|list|delete ...        custom emojis (emoji --help)
  accounts [--limit N] [--offset N] [--json]
                                   list local accounts, newest first
  search TEXT [--limit N] [--json] accounts whose username or e-mail contains TEXT

Moderation (written to the audit log; --by U names the moderator or admin acting, else the system)
  suspend --username U --reason "..." [--days N] [--rule R] [--by U]
  unsuspend --username U [--by U]
  silence --username U --reason "..." [--rule R] [--by U]
                                   keep out of public timelines, trends and search
  unsilence --username U [--by U]
  delete --username U --yes [--reason "..."] [--by U]
                                   delete every post and the profile (suspends first; the account row stays)
  reports [--limit N] [--json]     open reports, oldest first

Instance
  instance [--title T] [--description D] [--contact-email E] [--contact-account U] [--rules-file FILE] [--by U]
                                   show the settings, or change them (rules file: one rule a line, "rule | hint")
  stats [--json]                   accounts, activity, posts, reports, moderation queue, database size`;

const ROLES: Role[] = ['user', 'moderator', 'admin'];
const ACCOUNT_COMMANDS = ['create-user', 'role', 'reset-password', 'badge', 'approve'];
const MODERATION_COMMANDS = ['suspend', 'unsuspend', 'silence', 'unsilence', 'delete'];
const COMMANDS = [...ACCOUNT_COMMANDS, ...MODERATION_COMMANDS, 'accounts', 'search', 'reports', 'instance', 'stats'];

function need(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`The --${flag} option is required.`);
  return value;
}

function role(value: string | undefined): Role {
  const r = need(value, 'role');
  if (!(ROLES as string[]).includes(r)) throw new UsageError(`Unknown role "${r}": use one of ${ROLES.join(', ')}.`);
  return r as Role;
}

function badges(values: string[] | undefined): Badge[] {
  return (values ?? []).map((b) => {
    if (!isBadge(b)) throw new UsageError(`Unknown badge "${b}": use one of ${BADGES.join(', ')}.`);
    return b;
  });
}

/** `tribune admin ...`: account administration from the server's shell. */
export async function adminCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'announce') return announceCommand(rest);
  if (sub === 'emoji') return emojiCommand(rest);
  if (!sub || sub === 'help' || sub === '--help') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  let opts: AdminOptions;
  let positionals: string[];
  try {
    ({ opts, positionals } = parseAdminOptions(rest));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (!COMMANDS.includes(sub)) {
    console.error(`Unknown admin command "${sub}".\n\n${USAGE}`);
    return 2;
  }
  if (positionals.length > (sub === 'search' ? 1 : 0)) {
    console.error(`Unexpected argument "${positionals.at(-1)}".\n\n${USAGE}`);
    return 2;
  }

  let ctx: AppContext | undefined;
  try {
    // Validate the options before touching the database.
    if (sub === 'create-user') {
      need(opts.username, 'username');
      need(opts.email, 'email');
      if (opts.role) role(opts.role);
    } else if (ACCOUNT_COMMANDS.includes(sub) || MODERATION_COMMANDS.includes(sub)) {
      need(opts.username, 'username');
      if (sub === 'role') role(opts.role);
      if (sub === 'badge') {
        if (!opts.add?.length && !opts.remove?.length) throw new UsageError('Give at least one --add or --remove badge.');
        badges(opts.add);
        badges(opts.remove);
      }
      if (sub === 'delete' && !opts.yes)
        throw new UsageError(`Deleting removes every post and the profile of @${opts.username} for good: add --yes to confirm.`);
    } else if (sub === 'search' && !positionals[0]?.trim()) throw new UsageError('Say what to search for: tribune admin search TEXT');
    ctx = await createContext(loadConfig(readEnv()), { logger: createLogger('warn') });
    if (MODERATION_COMMANDS.includes(sub)) return await moderateAccount(ctx, sub, opts);
    if (sub === 'accounts' || sub === 'search') return await listAccounts(ctx, opts, positionals[0]?.trim());
    if (sub === 'reports') return await listReports(ctx, opts);
    if (sub === 'instance') return await instanceCommand(ctx, opts);
    if (sub === 'stats') return await statsCommand(ctx, opts);
    return await run(ctx, sub, opts);
  } catch (err) {
    if (err instanceof AccountValidationError) {
      console.error(`Could not do it: ${err.message}. Fix the option and run the command again.`);
      return 1;
    }
    return commandFailure(err, USAGE);
  } finally {
    await ctx?.close();
  }
}

async function run(ctx: AppContext, sub: string, opts: AdminOptions): Promise<number> {
  const username = opts.username!;
  if (sub === 'create-user') {
    const generated = opts.password === undefined;
    const password = opts.password ?? generatePassword();
    const r = opts.role ? role(opts.role) : 'user';
    const { id } = await createLocalAccount(ctx, { username, email: opts.email!, password, role: r, approved: true, allowReserved: true });
    console.log(`Created @${username} (id ${id}, role ${r}).`);
    if (generated) console.log(`Password: ${password}\nKeep it safe: it is not shown again.`);
    return 0;
  }
  const { account, user } = await findLocalUser(ctx, username);
  switch (sub) {
    case 'role': {
      const r = role(opts.role);
      await setRole(ctx, account.id, r);
      console.log(`@${account.username} is now ${r === 'admin' ? 'an admin' : `a ${r}`} (was ${user.role}).`);
      return 0;
    }
    case 'reset-password': {
      const result = await resetPassword(ctx, account.id, opts.password);
      console.log(`Reset the password of @${account.username}; signed out ${result.revoked} app token(s).`);
      if (result.generated) console.log(`New password: ${result.password}`);
      return 0;
    }
    case 'badge': {
      const before = parseBadges(account.badges);
      const after = await changeBadges(ctx, account, badges(opts.add), badges(opts.remove));
      console.log(`Badges of @${account.username}: ${after.length ? after.join(', ') : '(none)'} (were ${before.length ? before.join(', ') : '(none)'}).`);
      return 0;
    }
    case 'approve': {
      if (user.approved === 1) {
        console.log(`@${account.username} was already approved; nothing to do.`);
        return 0;
      }
      await approveUser(ctx, account.id);
      console.log(`Approved @${account.username}: they can now sign in.`);
      return 0;
    }
  }
  return 2;
}
