import type { Visibility } from '../../db/schema.js';
import { changed } from '../../infra/versions.js';
import { MAX_PROFILE_FIELDS } from '../instance/instance.service.js';
import { acceptAllFollowRequests } from '../relationships/relationships.service.js';
import { nowIso } from '../time.js';
import type { AccountsDeps } from './accounts.service.js';
import { AccountValidationError, type FieldError } from './accounts.service.js';
import { type AccountProfileUpdate, findAccountById, findUserByAccountId, type UserUpdate, updateAccount, updateUser } from './accounts.store.js';
import { deleteProfileImage, ImageError, storeProfileImage } from './profile-images.js';
import type { RemoteProfileDeps } from './remote-profile.js';

export interface ProfileUpdate {
  displayName?: string;
  note?: string;
  avatar?: Uint8Array | null;
  header?: Uint8Array | null;
  locked?: boolean;
  bot?: boolean;
  discoverable?: boolean;
  fields?: Array<{ name?: string; value?: string }>;
  privacy?: string;
  sensitive?: boolean;
  language?: string | null;
}

export const MAX_DISPLAY_NAME = 30;
export const MAX_NOTE = 500;
const MAX_FIELD_TEXT = 255;

/** PATCH /api/v1/accounts/update_credentials: only the fields given change; images are resized and stored. */
export async function updateProfile(ctx: AccountsDeps & RemoteProfileDeps, accountId: string, input: ProfileUpdate): Promise<void> {
  const errors: FieldError[] = [];
  const set: AccountProfileUpdate = {};
  const userSet: UserUpdate = {};
  if (input.displayName !== undefined) {
    if ([...input.displayName].length > MAX_DISPLAY_NAME)
      errors.push({ field: 'display_name', error: 'ERR_TOO_LONG', description: `is too long (maximum is ${MAX_DISPLAY_NAME} characters)` });
    else set.display_name = input.displayName.trim();
  }
  if (input.note !== undefined) {
    if ([...input.note].length > MAX_NOTE)
      errors.push({ field: 'note', error: 'ERR_TOO_LONG', description: `is too long (maximum is ${MAX_NOTE} characters)` });
    else set.note = input.note;
  }
  if (input.locked !== undefined) set.locked = input.locked ? 1 : 0;
  if (input.bot !== undefined) set.bot = input.bot ? 1 : 0;
  if (input.discoverable !== undefined) set.discoverable = input.discoverable ? 1 : 0;
  if (input.fields !== undefined) {
    const fields = input.fields.map((f) => ({ name: (f.name ?? '').trim(), value: (f.value ?? '').trim() })).filter((f) => f.name !== '' || f.value !== '');
    if (fields.length > MAX_PROFILE_FIELDS)
      errors.push({ field: 'fields', error: 'ERR_TOO_LONG', description: `is too long (maximum is ${MAX_PROFILE_FIELDS} fields)` });
    else if (fields.some((f) => f.name.length > MAX_FIELD_TEXT || f.value.length > MAX_FIELD_TEXT))
      errors.push({ field: 'fields', error: 'ERR_TOO_LONG', description: `names and values are limited to ${MAX_FIELD_TEXT} characters` });
    else set.fields = JSON.stringify(fields.map((f) => ({ ...f, verified_at: null })));
  }
  if (input.privacy !== undefined) {
    if (!['public', 'unlisted', 'private'].includes(input.privacy))
      errors.push({ field: 'source.privacy', error: 'ERR_INCLUSION', description: 'must be public, unlisted or private' });
    else userSet.default_privacy = input.privacy as Visibility;
  }
  if (input.sensitive !== undefined) userSet.default_sensitive = input.sensitive ? 1 : 0;
  if (input.language !== undefined) {
    if (input.language && !/^[a-z]{2,3}$/.test(input.language))
      errors.push({ field: 'source.language', error: 'ERR_INCLUSION', description: 'must be an ISO 639 language code' });
    else userSet.default_language = input.language || null;
  }
  if (errors.length) throw new AccountValidationError(errors);

  const before = await findAccountById(ctx.db, accountId);
  const stored: string[] = [];
  let current: 'avatar' | 'header' = 'avatar';
  try {
    for (const kind of ['avatar', 'header'] as const) {
      current = kind;
      const data = input[kind];
      if (data === undefined) continue;
      if (data === null || data.byteLength === 0) {
        set[`${kind}_path`] = null;
        continue;
      }
      const path = await storeProfileImage(ctx, accountId, kind, data);
      stored.push(path);
      set[`${kind}_path`] = path;
    }
  } catch (err) {
    for (const p of stored) await deleteProfileImage(ctx, p);
    if (err instanceof ImageError) throw new AccountValidationError([{ field: current, error: 'ERR_INVALID', description: err.message }]);
    throw err;
  }
  set.updated_at = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    await updateAccount(trx, accountId, set);
    await updateUser(trx, accountId, userSet);
  });
  await changed(ctx, { accounts: [accountId] });
  if (before?.locked === 1 && set.locked === 0) await acceptAllFollowRequests(ctx, accountId);
  // The old files are no longer referenced.
  if (before && set.avatar_path !== undefined && before.avatar_path !== set.avatar_path) await deleteProfileImage(ctx, before.avatar_path);
  if (before && set.header_path !== undefined && before.header_path !== set.header_path) await deleteProfileImage(ctx, before.header_path);
  // What other servers show of the profile: they hear of a change to it (not of posting defaults).
  const shown: Array<keyof AccountProfileUpdate> = ['display_name', 'note', 'avatar_path', 'header_path', 'locked', 'bot', 'discoverable', 'fields'];
  if (shown.some((k) => set[k] !== undefined)) await ctx.federation.announceProfile(accountId);
}

/** The signed-in person's posting defaults (Mastodon's source and /api/v1/preferences). */
export async function postingDefaults(ctx: AccountsDeps, accountId: string): Promise<{ privacy: Visibility; sensitive: boolean; language: string | null }> {
  const user = await findUserByAccountId(ctx.db, accountId);
  return { privacy: user?.default_privacy ?? 'public', sensitive: user?.default_sensitive === 1, language: user?.default_language ?? null };
}
