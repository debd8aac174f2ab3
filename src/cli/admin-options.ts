import { parseArgs } from 'node:util';

import { ApiError } from '../errors.js';

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * The exit code of an admin command that failed: a usage mistake is printed with the usage (2), a refusal of the
 * domain with what went wrong (1); anything else is a bug and goes on up.
 */
export function commandFailure(err: unknown, usage: string, describe: (e: ApiError) => string = (e) => e.message): number {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${usage}`);
    return 2;
  }
  if (err instanceof ApiError) {
    console.error(`Could not do it: ${describe(err)}.`);
    return 1;
  }
  throw err;
}

/** Every option `tribune admin` takes; each command reads the ones it needs. */
export interface AdminOptions {
  username?: string;
  email?: string;
  password?: string;
  role?: string;
  add?: string[];
  remove?: string[];
  /** The staff account acting (moderation commands); the system when absent. */
  by?: string;
  reason?: string;
  /** The rule cited by a suspension or silence (a server rule id or a category such as spam); "other" by default. */
  rule?: string;
  days?: number;
  yes?: boolean;
  json?: boolean;
  limit?: number;
  offset?: number;
  title?: string;
  description?: string;
  contactEmail?: string;
  contactAccount?: string;
  rulesFile?: string;
}

const whole = (value: string | undefined, flag: string, max: number): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`--${flag} must be a whole number from 0 to ${max} (got "${value}").`);
  return n;
};

export function parseAdminOptions(args: string[]): { opts: AdminOptions; positionals: string[] } {
  const { values: v, positionals } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      add: { type: 'string', multiple: true },
      remove: { type: 'string', multiple: true },
      by: { type: 'string' },
      reason: { type: 'string' },
      rule: { type: 'string' },
      days: { type: 'string' },
      yes: { type: 'boolean' },
      json: { type: 'boolean' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      title: { type: 'string' },
      description: { type: 'string' },
      'contact-email': { type: 'string' },
      'contact-account': { type: 'string' },
      'rules-file': { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  const days = whole(v.days, 'days', 3650);
  if (days === 0) throw new UsageError('--days must be at least 1 (leave it out for a suspension without end).');
  const limit = whole(v.limit, 'limit', 1000);
  if (limit === 0) throw new UsageError('--limit must be at least 1.');
  return {
    opts: {
      username: v.username,
      email: v.email,
      password: v.password,
      role: v.role,
      add: v.add,
      remove: v.remove,
      by: v.by,
      reason: v.reason,
      rule: v.rule,
      days,
      yes: v.yes,
      json: v.json,
      limit,
      offset: whole(v.offset, 'offset', 10_000_000),
      title: v.title,
      description: v.description,
      contactEmail: v['contact-email'],
      contactAccount: v['contact-account'],
      rulesFile: v['rules-file'],
    },
    positionals,
  };
}
