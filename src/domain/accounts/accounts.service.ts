import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { nowIso } from '../time.js';
import { insertAccountWithUser, usernameOrEmailTaken } from './accounts.store.js';
import { hashPassword } from './passwords.js';

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
]);

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
}

/** Creates an account and its sign-in credentials in one transaction. */
export async function createLocalAccount(ctx: AppContext, input: NewLocalAccount): Promise<{ id: string }> {
  if (!USERNAME_PATTERN.test(input.username))
    throw new ValidationError('Validation failed: username must be 1 to 30 letters, digits or underscores', 'username');
  if (!input.allowReserved && RESERVED.has(input.username.toLowerCase())) throw new ValidationError('Validation failed: username is reserved', 'username');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) throw new ValidationError('Validation failed: email is invalid', 'email');
  if (input.password.length < 8) throw new ValidationError('Validation failed: password is too short (minimum is 8 characters)', 'password');
  if (input.password.length > 256) throw new ValidationError('Validation failed: password is too long (maximum is 256 characters)', 'password');
  const taken = await usernameOrEmailTaken(ctx.db, input.username, input.email);
  if (taken.username) throw new ValidationError('Validation failed: username is already taken', 'username');
  if (taken.email) throw new ValidationError('Validation failed: email is already taken', 'email');
  const id = ctx.ids.next();
  const passwordHash = await hashPassword(input.password, ctx.config.passwordCost);
  await insertAccountWithUser(
    ctx.db,
    { id, username: input.username, displayName: input.displayName ?? '', createdAt: nowIso() },
    { email: input.email, passwordHash, role: input.role ?? 'user', approved: input.approved ?? true, locale: input.locale ?? 'en', reason: input.reason },
  );
  return { id };
}
