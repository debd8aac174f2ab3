import { isUniqueViolation } from '../../db/constraint-errors.js';
import { ApiError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import type { ChangeDeps } from '../../infra/versions.js';
import { issueToken } from '../auth/tokens.js';
import type { NotifyDeps } from '../notifications/notify.js';
import { createNotification } from '../notifications/notify.js';
import type { RemoteRelationsDeps } from '../relationships/remote-relations.js';
import { nowIso } from '../time.js';
import {
  type AccountRow,
  findAccountById,
  findAccountByUsername,
  findUserByAccountId,
  insertAccountWithUser,
  staffAccountIds,
  usernameOrEmailTaken,
} from './accounts.store.js';
import { hashPassword } from './passwords.js';

/** What the accounts area's services use; reading an account needs only the database. */
export type AccountsDeps = Pick<Infra, 'db' | 'ids' | 'config'> & ChangeDeps & NotifyDeps & RemoteRelationsDeps;

export const USERNAME_PATTERN = /^[A-Za-z0-9_]{1,30}$/;
const RESERVED = new Set([
  'admin',
  'administrator',
  'root',
  'moderator',
  'support',
  'help',
  'tribune',
  'api',
  'oauth',
  'about',
  'settings',
  'explore',
  'public',
  'tags',
  'web',
  'static',
  'assets',
  'system',
  'media',
  'users',
  'nodeinfo',
  'webmaster',
  'postmaster',
  'abuse',
  'security',
  'noreply',
]);

/** One field's problem, in Mastodon's registration error shape ({error: "ERR_TAKEN", description}). */
export interface FieldError {
  field: string;
  error: 'ERR_BLANK' | 'ERR_INVALID' | 'ERR_TOO_LONG' | 'ERR_TOO_SHORT' | 'ERR_TAKEN' | 'ERR_RESERVED' | 'ERR_ACCEPTED' | 'ERR_INCLUSION';
  description: string;
}

/**
 * A 422 listing every field at fault, as Mastodon's registration answers:
 * {"error": "Validation failed: Username has already been taken", "details": {"username": [{"error": "ERR_TAKEN", ...}]}}
 */
export class AccountValidationError extends ApiError {
  constructor(readonly errors: FieldError[]) {
    const details: Record<string, Array<{ error: string; description: string }>> = {};
    for (const e of errors) {
      const list = details[e.field] ?? [];
      list.push({ error: e.error, description: e.description });
      details[e.field] = list;
    }
    const text = errors.map((e) => `${e.field.charAt(0).toUpperCase()}${e.field.slice(1).replace(/_/g, ' ')} ${e.description}`).join(', ');
    super(422, `Validation failed: ${text}`, details);
  }
}

export interface NewLocalAccount {
  username: string;
  email: string;
  password: string;
  role?: 'user' | 'moderator' | 'admin';
  approved?: boolean;
  locale?: string;
  reason?: string | null;
  displayName?: string;
  /** The admin CLI may take reserved names (e.g. "admin"). */
  allowReserved?: boolean;
  /** Registration requires accepting the server rules; other callers skip it. */
  agreement?: boolean;
}

function checkNewAccount(input: NewLocalAccount): FieldError[] {
  const errors: FieldError[] = [];
  const u = input.username ?? '';
  if (!u) errors.push({ field: 'username', error: 'ERR_BLANK', description: "can't be blank" });
  else if (u.length > 30) errors.push({ field: 'username', error: 'ERR_TOO_LONG', description: 'is too long (maximum is 30 characters)' });
  else if (!USERNAME_PATTERN.test(u))
    errors.push({ field: 'username', error: 'ERR_INVALID', description: 'must contain only letters, numbers and underscores' });
  else if (!input.allowReserved && RESERVED.has(u.toLowerCase())) errors.push({ field: 'username', error: 'ERR_RESERVED', description: 'is reserved' });
  const email = input.email ?? '';
  if (!email) errors.push({ field: 'email', error: 'ERR_BLANK', description: "can't be blank" });
  else if (email.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.push({ field: 'email', error: 'ERR_INVALID', description: 'is invalid' });
  const p = input.password ?? '';
  if (!p) errors.push({ field: 'password', error: 'ERR_BLANK', description: "can't be blank" });
  else if (p.length < 8) errors.push({ field: 'password', error: 'ERR_TOO_SHORT', description: 'is too short (minimum is 8 characters)' });
  else if (p.length > 256) errors.push({ field: 'password', error: 'ERR_TOO_LONG', description: 'is too long (maximum is 256 characters)' });
  if (input.agreement === false) errors.push({ field: 'agreement', error: 'ERR_ACCEPTED', description: 'must be accepted' });
  if (input.locale !== undefined && !/^[a-zA-Z]{2,3}([-_][A-Za-z0-9]{2,8}){0,2}$/.test(input.locale))
    errors.push({ field: 'locale', error: 'ERR_INCLUSION', description: 'is not included in the list' });
  if (input.reason && input.reason.length > 1000)
    errors.push({ field: 'reason', error: 'ERR_TOO_LONG', description: 'is too long (maximum is 1000 characters)' });
  return errors;
}

async function takenErrors(ctx: Pick<Infra, 'db'>, username: string, email: string): Promise<FieldError[]> {
  const taken = await usernameOrEmailTaken(ctx.db, username, email);
  const errors: FieldError[] = [];
  if (taken.username) errors.push({ field: 'username', error: 'ERR_TAKEN', description: 'has already been taken' });
  if (taken.email) errors.push({ field: 'email', error: 'ERR_TAKEN', description: 'has already been taken' });
  return errors;
}

/** Creates an account and its sign-in credentials in one transaction. A duplicate, even in a race, is a 422. */
export async function createLocalAccount(ctx: AccountsDeps, input: NewLocalAccount): Promise<{ id: string }> {
  const errors = checkNewAccount(input);
  if (!errors.some((e) => e.field === 'username' || e.field === 'email')) errors.push(...(await takenErrors(ctx, input.username, input.email)));
  if (errors.length) throw new AccountValidationError(errors);
  const id = ctx.ids.next();
  const passwordHash = await hashPassword(input.password, ctx.config.passwordCost);
  try {
    await insertAccountWithUser(
      ctx.db,
      { id, username: input.username, displayName: input.displayName ?? '', createdAt: nowIso() },
      { email: input.email, passwordHash, role: input.role ?? 'user', approved: input.approved ?? true, locale: input.locale ?? 'en', reason: input.reason },
    );
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Someone took the name or address between the check and the insert.
    const raced = await takenErrors(ctx, input.username, input.email);
    throw new AccountValidationError(raced.length ? raced : [{ field: 'username', error: 'ERR_TAKEN', description: 'has already been taken' }]);
  }
  return { id };
}

export interface Registration {
  username: string;
  email: string;
  password: string;
  agreement: boolean;
  locale?: string;
  reason?: string | null;
}

/**
 * POST /api/v1/accounts: signs someone up through an app's token. With REGISTRATIONS=approval the account
 * waits for a moderator and its token is refused until then, as in Mastodon.
 */
export async function registerAccount(
  ctx: AccountsDeps,
  app: { appId: string | null; scopes: string },
  input: Registration,
): Promise<{ accountId: string; token: string; scopes: string; createdAt: string }> {
  const mode = ctx.config.registrations;
  if (mode === 'closed') throw new ForbiddenError('This action is not allowed');
  const { id } = await createLocalAccount(ctx, {
    username: input.username,
    email: input.email,
    password: input.password,
    agreement: input.agreement,
    locale: input.locale,
    reason: mode === 'approval' ? (input.reason ?? null) : null,
    approved: mode === 'open',
  });
  const { token, createdAt } = await issueToken(ctx, app.appId, id, app.scopes);
  for (const staffId of await staffAccountIds(ctx.db)) await createNotification(ctx, { type: 'admin.sign_up', accountId: staffId, fromAccountId: id });
  return { accountId: id, token, scopes: app.scopes, createdAt };
}

export async function getAccount(ctx: Pick<Infra, 'db'>, id: string): Promise<AccountRow> {
  const account = await findAccountById(ctx.db, id);
  if (!account) throw new NotFoundError();
  return account;
}

/** An account as others see it: one still waiting for approval does not exist yet, as in Mastodon. */
export async function getPublicAccount(ctx: Pick<Infra, 'db'>, id: string): Promise<AccountRow> {
  const account = await getAccount(ctx, id);
  if ((await findUserByAccountId(ctx.db, id))?.approved === 0) throw new NotFoundError();
  return account;
}

/** acct is a local username, optionally with this server's domain (`alice` or `alice@example.org`). */
export async function lookupAccount(ctx: Pick<Infra, 'db' | 'config'>, acct: string): Promise<AccountRow> {
  const m = /^@?([^@\s]+)(?:@([^@\s]+))?$/.exec(acct.trim());
  if (!m) throw new NotFoundError();
  // Another server's account is found when it is stored here already (federation), as Mastodon does.
  const remote = m[2] && m[2].toLowerCase() !== ctx.config.domain.toLowerCase();
  const account = await findAccountByUsername(ctx.db, remote ? `${m[1]}@${m[2]}` : m[1]!);
  if (account && (account.domain !== null) !== !!remote) throw new NotFoundError();
  if (!account) throw new NotFoundError();
  return getPublicAccount(ctx, account.id);
}
