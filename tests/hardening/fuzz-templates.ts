import type { Fixtures } from './fuzz-fixtures.js';

type Params = Record<string, unknown>;

/**
 * Valid parameters for the routes that take many (from Mastodon's documentation and the seeding): the fuzzer
 * mutates them one field at a time, so an input gets past validation with a single field wrong, missing or extra.
 * Keys are `METHOD path` as registered; a route without an entry gets only free-form inputs.
 */
export function templates(fx: Fixtures): Record<string, Params[]> {
  const [bob, , victim] = fx.ids.account;
  const status = fx.ids.status[0];
  const bobStatus = fx.ids.status[1];
  const page = { max_id: fx.ids.status[0], since_id: fx.ids.status[4], min_id: fx.ids.status[4], limit: 5 };
  const future = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const poll = { options: ['this', 'that', 'neither'], expires_in: 3600, multiple: true, hide_totals: false };
  const filterV1 = { phrase: 'spoiler', context: ['home', 'notifications'], irreversible: false, whole_word: true, expires_in: 3600 };
  const filterV2 = {
    title: 'noise',
    context: ['home', 'public'],
    filter_action: 'warn',
    expires_in: 86_400,
    keywords_attributes: [{ keyword: 'loud', whole_word: true }],
  };
  const policy = {
    for_not_following: 'filter',
    for_not_followers: 'accept',
    for_new_accounts: 'drop',
    for_private_mentions: 'accept',
    for_limited_accounts: 'filter',
  };
  const list = { title: 'close friends', replies_policy: 'list', exclusive: false };
  return {
    'POST /api/v1/statuses': [
      { status: 'hello #fuzztag @bob', visibility: 'public', spoiler_text: 'cw', sensitive: false, language: 'en', in_reply_to_id: bobStatus },
      { status: 'a poll', poll, visibility: 'unlisted' },
      { status: 'with media', media_ids: fx.ids.media, sensitive: true },
      { status: 'later', scheduled_at: future },
      { status: 'quoting', quoted_status_id: bobStatus, quote_approval_policy: 'followers' },
    ],
    'PUT /api/v1/statuses/:id': [{ status: 'edited', spoiler_text: '', sensitive: false, language: 'de', media_ids: [], poll }],
    'POST /api/v1/statuses/:id/reblog': [{ visibility: 'unlisted' }],
    'PUT /api/v1/statuses/:id/interaction_policy': [{ quote_approval_policy: 'nobody' }],
    'PUT /api/v1/scheduled_statuses/:id': [{ scheduled_at: future }],
    'POST /api/v1/polls/:id/votes': [{ choices: [0, 1] }],
    'POST /api/v1/lists': [list],
    'PUT /api/v1/lists/:id': [list],
    'POST /api/v1/lists/:id/accounts': [{ account_ids: [bob] }],
    'DELETE /api/v1/lists/:id/accounts': [{ account_ids: [bob] }],
    'POST /api/v1/filters': [filterV1],
    'PUT /api/v1/filters/:id': [filterV1],
    'POST /api/v2/filters': [filterV2],
    'PUT /api/v2/filters/:id': [
      {
        ...filterV2,
        keywords_attributes: [
          { id: fx.ids.filterKeyword[0], keyword: 'quiet' },
          { id: fx.ids.filterKeyword[0], _destroy: true },
        ],
      },
    ],
    'POST /api/v2/filters/:id/keywords': [{ keyword: 'loud', whole_word: false }],
    'PUT /api/v2/filters/keywords/:id': [{ keyword: 'louder', whole_word: true }],
    'POST /api/v2/filters/:id/statuses': [{ status_id: bobStatus }],
    'POST /api/v1/reports': [{ account_id: bob, status_ids: [bobStatus], comment: 'rude', category: 'violation', rule_ids: ['1'], forward: false }],
    'POST /api/v1/apps': [
      {
        client_name: 'app',
        redirect_uris: ['urn:ietf:wg:oauth:2.0:oob', 'https://app.example.test/cb'],
        scopes: 'read write push',
        website: 'https://app.example.test',
      },
    ],
    'POST /api/v1/accounts': [
      { username: 'newcomer', email: 'newcomer@example.test', password: 'a long enough password', agreement: true, locale: 'en', reason: 'hello' },
    ],
    'PATCH /api/v1/accounts/update_credentials': [
      {
        display_name: 'Alice',
        note: 'about me',
        locked: true,
        bot: false,
        discoverable: true,
        indexable: false,
        hide_collections: false,
        fields_attributes: [{ name: 'site', value: 'example.test' }],
        source: { privacy: 'public', sensitive: false, language: 'en' },
      },
    ],
    'POST /api/v1/accounts/:id/follow': [{ reblogs: true, notify: false, languages: ['en', 'de'] }],
    'POST /api/v1/accounts/:id/mute': [{ notifications: true, duration: 3600 }],
    'POST /api/v1/accounts/:id/note': [{ comment: 'met at the conference' }],
    'POST /api/v1/markers': [{ home: { last_read_id: status }, notifications: { last_read_id: fx.ids.notification[0] } }],
    'PUT /api/v1/notifications/policy': [policy],
    'PATCH /api/v1/notifications/policy': [policy],
    'PATCH /api/v2/notifications/policy': [policy],
    'PUT /api/v2/notifications/policy': [policy],
    'PUT /api/v1/push/subscription': [{ data: { alerts: { mention: true, follow: false, 'admin.report': true } }, policy: 'followed' }],
    'POST /api/v1/admin/accounts/:id/action': [
      { type: 'silence', text: 'behave', rule: '1', duration: 3600, report_id: fx.ids.report[0], send_email_notification: false },
    ],
    'PUT /api/v1/admin/reports/:id': [{ category: 'spam', rule_ids: ['1', '2'] }],
    'POST /api/v1/admin/tribune/cases/:id/decide': [{ action: 'limit', rule: '1', reason: 'out of bounds', duration: 3600, scope: 'account' }],
    'POST /api/v1/admin/tribune/appeals/:id/decide': [{ decision: 'reject', reason: 'the removal stands' }],
    'POST /api/v1/admin/tribune/maintenance': [{ mode: 'read-only', message: 'back soon', retry_after: 60 }],
    'POST /api/v1/admin/tribune/shield/attack': [{ mode: 'auto' }],
    'POST /api/v1/tribune/moderation/actions/:id/appeal': [{ text: 'it was a joke' }],
    // Never alice's real password: a right one would change it and revoke her other tokens.
    'POST /api/v1/tribune/account/password': [{ current_password: 'not her password', new_password: 'another long password' }],
    'POST /oauth/token': [
      { grant_type: 'client_credentials', client_id: fx.app.clientId, client_secret: fx.app.clientSecret, scope: 'read' },
      {
        grant_type: 'authorization_code',
        client_id: fx.app.clientId,
        client_secret: fx.app.clientSecret,
        code: 'nope',
        redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
        code_verifier: 'x',
      },
      {
        grant_type: 'password',
        client_id: fx.app.clientId,
        client_secret: fx.app.clientSecret,
        username: 'alice',
        password: 'not her password',
        scope: 'read',
      },
      { grant_type: 'refresh_token', client_id: fx.app.clientId, client_secret: fx.app.clientSecret, refresh_token: 'nope' },
    ],
    'POST /oauth/revoke': [{ client_id: fx.app.clientId, client_secret: fx.app.clientSecret, token: 'not a token' }],
    'POST /oauth/authorize': [
      {
        response_type: 'code',
        client_id: fx.app.clientId,
        redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
        scope: 'read',
        decision: 'approve',
        authenticity_token: 'x',
      },
    ],
    'POST /oauth/sign_in': [{ login: 'alice', password: 'not her password', authenticity_token: 'x', return_to: '/oauth/authorize?client_id=x' }],
    'POST /_shield/clearance': [{ challenge: 'abc.def', counter: '12345', return_to: '/home' }],
    // Queries of the reading routes.
    'GET /oauth/authorize': [
      {
        response_type: 'code',
        client_id: fx.app.clientId,
        redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
        scope: 'read',
        state: 's',
        code_challenge: 'c'.repeat(43),
        code_challenge_method: 'S256',
        lang: 'de',
      },
    ],
    'GET /.well-known/webfinger': [{ resource: `acct:alice@${fx.domain}` }, { resource: `https://${fx.domain}/@alice` }],
    'GET /api/v2/search': [{ q: 'alice', type: 'accounts', resolve: false, following: false, account_id: bob, exclude_unreviewed: true, offset: 0, ...page }],
    'GET /api/v1/search': [{ q: '#fuzztag', type: 'hashtags', limit: 5 }],
    'GET /api/v1/accounts/search': [{ q: 'bo', limit: 5, offset: 0, resolve: false, following: true }],
    'GET /api/v1/accounts/lookup': [{ acct: 'bob' }, { acct: `alice@${fx.domain}` }],
    'GET /api/v1/accounts/relationships': [{ id: [bob, victim], with_suspended: true }],
    'GET /api/v1/accounts/familiar_followers': [{ id: [bob] }],
    'GET /api/v1/accounts/:id/statuses': [{ only_media: false, exclude_replies: true, exclude_reblogs: true, pinned: false, tagged: 'fuzztag', ...page }],
    'GET /api/v1/statuses': [{ id: fx.ids.status }],
    'GET /api/v1/statuses/:id/context': [{ sort: 'score' }],
    'GET /api/v1/timelines/public': [{ local: true, remote: false, only_media: false, ...page }],
    'GET /api/v1/timelines/home': [page],
    'GET /api/v1/timelines/tag/:hashtag': [{ any: ['cats'], all: ['fuzztag'], none: ['dogs'], local: true, ...page }],
    'GET /api/v1/timelines/list/:list_id': [page],
    'GET /api/v1/notifications': [{ types: ['mention', 'favourite'], exclude_types: ['follow'], account_id: bob, include_filtered: true, ...page }],
    'GET /api/v2/notifications': [
      {
        types: ['favourite'],
        exclude_types: ['follow'],
        grouped_types: ['favourite', 'reblog'],
        expand_accounts: 'partial_avatars',
        include_filtered: false,
        ...page,
      },
    ],
    'GET /api/v1/markers': [{ timeline: ['home', 'notifications'] }],
    'GET /api/v1/directory': [{ offset: 0, limit: 5, order: 'new', local: true }],
    'GET /api/v1/admin/accounts': [{ local: true, active: true, staff: false, username: 'a', display_name: 'A', email: 'example', ...page }],
    'GET /api/v2/admin/accounts': [{ origin: 'local', status: 'active', permissions: 'staff', username: 'a', role_ids: ['1'], ...page }],
    'GET /api/v1/admin/reports': [{ resolved: false, account_id: fx.ids.account[1], target_account_id: victim, ...page }],
    'GET /api/v1/admin/tribune/cases': [{ state: 'all', source: 'report', account_id: victim, limit: 10, offset: 0 }],
    'GET /api/v1/admin/tribune/appeals': [{ state: 'pending', ...page }],
    'GET /api/v1/admin/tribune/audit_log': [{ target_type: 'account', target_id: victim, actor_id: fx.admin.id, ...page }],
    'GET /api/v1/trends/statuses': [{ limit: 5, offset: 1 }],
    'GET /api/v1/trends/tags': [{ limit: 5, offset: 1 }],
    'GET /api/v1/suggestions': [{ limit: 5 }],
    'GET /api/v2/suggestions': [{ limit: 5 }],
  };
}

/** Every path to a value in `params` (object keys and array indexes), containers included. */
export function pathsOf(params: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(params)) return params.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (params && typeof params === 'object') return Object.entries(params).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

/** A copy of `params` with the value at `path` replaced, or removed when `value` is `REMOVE`. */
export function withValue(params: Params, path: Array<string | number>, value: unknown): Params {
  const copy = structuredClone(params);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1]!;
  if (value !== REMOVE) node[last] = value;
  else if (Array.isArray(node)) node.splice(Number(last), 1);
  else delete node[last];
  return copy;
}

export const REMOVE = Symbol('remove');
