import fc from 'fast-check';
import type { Fixtures } from './fuzz-fixtures.js';
import { fillPath, MALFORMED_IDS, type RouteSpec, validValues } from './fuzz-routes.js';
import { pathsOf, REMOVE, withValue } from './fuzz-templates.js';

export type Identity = 'anonymous' | 'user' | 'admin';

/** One request of the run, ready to send. */
export interface FuzzInput {
  /** The path with its query string, percent-encoded as it goes on the wire. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
  /** The kind of input (what the failure list groups by) and a short description of this one. */
  kind: string;
  desc: string;
  /** Sent without a token whatever the identity (its own authorization header goes instead). */
  anonymous?: boolean;
}

// Mastodon's parameter names (and Tribune's extensions) that the routes read: random keys are mixed in.
export const FIELDS = [
  'status',
  'spoiler_text',
  'visibility',
  'media_ids',
  'poll',
  'in_reply_to_id',
  'sensitive',
  'language',
  'scheduled_at',
  'quoted_status_id',
  'quote_approval_policy',
  'q',
  'limit',
  'offset',
  'max_id',
  'since_id',
  'min_id',
  'id',
  'type',
  'types',
  'exclude_types',
  'grouped_types',
  'account_id',
  'account_ids',
  'status_id',
  'status_ids',
  'display_name',
  'note',
  'locked',
  'bot',
  'discoverable',
  'fields_attributes',
  'source',
  'title',
  'replies_policy',
  'exclusive',
  'context',
  'phrase',
  'keywords_attributes',
  'keyword',
  'whole_word',
  'irreversible',
  'expires_in',
  'filter_action',
  'comment',
  'category',
  'rule_ids',
  'forward',
  'client_name',
  'redirect_uris',
  'redirect_uri',
  'scopes',
  'scope',
  'website',
  'grant_type',
  'client_id',
  'client_secret',
  'code',
  'username',
  'password',
  'email',
  'agreement',
  'locale',
  'reason',
  'text',
  'action',
  'rule',
  'duration',
  'decision',
  'mode',
  'message',
  'retry_after',
  'resolve',
  'following',
  'local',
  'remote',
  'only_media',
  'tag',
  'list',
  'stream',
  'resource',
  'lang',
  'current_password',
  'new_password',
  'subscription',
  'data',
  'policy',
  'choices',
  'home',
  'notifications',
  'last_read_id',
  'state',
  'origin',
  'target_type',
  'authenticity_token',
  'return_to',
  'challenge',
  'counter',
  'options',
  'multiple',
  'hide_totals',
  'exclude_reblogs',
  'exclude_replies',
  'pinned',
  'tagged',
  'expand_accounts',
  'include_filtered',
  'token',
  'access_token',
] as const;

const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  '__defineGetter__',
  'hasOwnProperty',
  'toString',
  'valueOf',
];

const BRACKETS = [
  '[]',
  '[0]',
  '[1]',
  '[x]',
  '[][x]',
  '[0][name]',
  '[__proto__]',
  '[__proto__][polluted]',
  '[constructor][prototype]',
  '[',
  ']',
  '[][]',
  '[99999999]',
  '[-1]',
];

const HUGE = { k10: 'A'.repeat(10_000), k100: 'B'.repeat(100_000), m1: 'é'.repeat(500_000) };

const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(100),
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\ufeff',
  '\u202e',
  '\uffff',
  '😀'.repeat(600),
  'e\u0301'.repeat(300),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE statuses; --',
  '%00',
  '%FF',
  '../../etc/passwd',
  'null',
  'undefined',
  'true',
  'false',
  '[]',
  '{}',
  '-0',
  '1e309',
  'NaN',
  '0x10',
  '\r\n\r\n',
  '\t',
  '#fuzztag',
  '@alice',
  '@alice@localhost',
  ':emoji:',
  'ǅ'.repeat(64),
  '2024-13-45T99:99:99Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
];

// Plausible values for some fields, so that inputs get past the first check and into the service.
const PLAUSIBLE: Record<string, unknown[]> = {
  visibility: ['public', 'unlisted', 'private', 'direct', 'limited', 'PUBLIC'],
  type: ['mention', 'favourite', 'reblog', 'follow', 'poll', 'none', 'sensitive', 'disable', 'silence', 'suspend'],
  types: [['mention'], ['favourite', 'bogus'], 'mention'],
  exclude_types: [['follow'], 'follow_request', ['x']],
  category: ['spam', 'violation', 'legal', 'other', 'nonsense'],
  rule_ids: [['1'], [1, 2], ['999'], '1'],
  context: [['home'], ['public', 'notifications', 'thread', 'account'], 'home', []],
  filter_action: ['warn', 'hide', 'blur'],
  grant_type: ['password', 'client_credentials', 'authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
  scopes: ['read', 'read write follow push', 'admin:read admin:write', 'read:statuses write:bogus'],
  scope: ['read', 'write', 'admin:write'],
  redirect_uris: ['urn:ietf:wg:oauth:2.0:oob', 'https://example.test/cb', 'javascript:alert(1)', ['https://a.test', 'https://b.test']],
  poll: [
    { options: ['a', 'b'], expires_in: 3600 },
    { options: [], expires_in: -1 },
    { options: ['a'], expires_in: 'x', multiple: 'yes' },
    { options: Array.from({ length: 200 }, (_, i) => `o${i}`), expires_in: 1e21 },
    { options: ['a', 'a'], expires_in: 2 ** 53 },
    { options: ['x'.repeat(10_000), 'y'], expires_in: 300 },
  ],
  options: [['a', 'a'], [], Array.from({ length: 200 }, (_, i) => `o${i}`), [null, 1, {}]],
  choices: [[0], [0, 1], [99], [-1], [1e21], ['0', '0'], Array.from({ length: 100 }, (_, i) => i)],
  keywords_attributes: [[{ keyword: 'x' }], [{ keyword: '', whole_word: 'maybe' }], { 0: { keyword: 'y', _destroy: true } }],
  fields_attributes: [[{ name: 'a', value: 'b' }], { 0: { name: 'x' }, 1: 'y' }],
  scheduled_at: [
    '2099-01-01T00:00:00Z',
    'tomorrow',
    '1970-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00Z',
    '2099-02-30T25:61:00Z',
    '',
    1e21,
    'Infinity',
  ],
  expires_in: [3600, 0, -1, 1e12, 1e21, 2 ** 53, '86400', '', 'Infinity', '1e400'],
  limit: [0, -1, 40, 1000, '1e3', Number('99999999999999999999'), 2 ** 31, '1e400', 'Infinity', 1.5],
  offset: [0, -1, 1e21, 2 ** 53, '1e400', 10_001],
  retry_after: [1, 0, 1e21, 86_401, 'soon'],
  replies_policy: ['followed', 'list', 'none', 'all'],
  action: ['dismiss', 'approve', 'remove', 'limit', 'suspend', 'warn', 'sensitive'],
  decision: ['approve', 'reject'],
  mode: ['normal', 'maintenance', 'read-only', 'on', 'off', 'auto'],
  state: ['open', 'resolved', 'all', 'pending'],
  stream: ['user', 'public', 'hashtag', 'list', 'direct', 'nope'],
  language: ['en', 'xx', 'en-US', '🇫🇷'],
  locale: ['en', 'de', 'zz'],
  duration: [60, 59, 315360001, '1h'],
};

const ID_FIELD = /(^|_)ids?$/;

/** Everything the fuzzer may use as an id value: the seeded objects' ids and the malformed ones. */
function idPool(fx: Fixtures): string[] {
  return [
    ...fx.ids.account,
    ...fx.ids.status,
    ...fx.ids.list,
    ...fx.ids.media,
    ...fx.ids.poll,
    ...fx.ids.report,
    ...MALFORMED_IDS.filter((v) => v.length < 100),
  ];
}

export interface Arbitraries {
  key: fc.Arbitrary<string>;
  /** A JSON value of any type (wrong types for every field). */
  json: fc.Arbitrary<unknown>;
  /** A field and a value for it: plausible, an id, or anything. */
  pair: fc.Arbitrary<[string, unknown]>;
  string: fc.Arbitrary<string>;
  /** A value for a field: plausible for its name, an id, or anything. */
  valueFor(key: string): fc.Arbitrary<unknown>;
}

export function arbitraries(fx: Fixtures): Arbitraries {
  const ids = idPool(fx);
  const string = fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
    { weight: 3, arbitrary: fc.constantFrom(...WEIRD_STRINGS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }).map((s) => `${s}\u0000${s}`) },
    { weight: 2, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.constantFrom(HUGE.k10, HUGE.k100, HUGE.m1) },
  );
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...FIELDS) },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...FIELDS, ...PROTO_KEYS), fc.constantFrom(...BRACKETS)).map(([k, b]) => k + b) },
  );
  const leaf = fc.oneof(
    { weight: 5, arbitrary: string },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER + 2) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 2, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  const { json } = fc.letrec<{ json: unknown }>((tie) => ({
    json: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('json'), { maxLength: 4 }),
      fc.array(fc.tuple(key, tie('json')), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
    ),
  }));
  const valueFor = (k: string): fc.Arbitrary<unknown> => {
    const base = k.replace(/\[.*$/, '');
    const choices: Array<fc.WeightedArbitrary<unknown>> = [{ weight: 3, arbitrary: json }];
    const plausible = Object.hasOwn(PLAUSIBLE, base) ? PLAUSIBLE[base] : undefined;
    if (plausible) choices.push({ weight: 4, arbitrary: fc.constantFrom(...plausible) });
    if (ID_FIELD.test(base) || base.endsWith('_id')) {
      choices.push({ weight: 4, arbitrary: fc.constantFrom(...ids) });
      choices.push({ weight: 2, arbitrary: fc.array(fc.constantFrom(...ids), { maxLength: 5 }) });
    }
    return fc.oneof(...choices);
  };
  const pair = key.chain((k) => valueFor(k).map((v): [string, unknown] => [k, v]));
  return { key, json, pair, string, valueFor };
}

// --- encodings -------------------------------------------------------------------------------------------

/** Percent-encodes a form or query key, leaving the brackets readable as clients send them. */
function encKey(k: string): string {
  return encodeURIComponent(k).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v) ?? String(v);
}

/** `key=value` pairs, arrays and objects spread into bracket keys as a form-encoding client would. */
export function flatPairs(pairs: Array<[string, unknown]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (k: string, v: unknown, depth: number) => {
    if (Array.isArray(v) && depth < 3) for (const x of v) walk(`${k}[]`, x, depth + 1);
    else if (v && typeof v === 'object' && depth < 3) for (const [kk, x] of Object.entries(v)) walk(`${k}[${kk}]`, x, depth + 1);
    else out.push([k, asText(v)]);
  };
  for (const [k, v] of pairs) walk(k, v, 0);
  return out;
}

export function encodePairs(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${encKey(k)}=${encodeURIComponent(toWellFormed(v))}`).join('&');
}

/** encodeURIComponent throws on lone surrogates: those go as their (invalid) UTF-8 bytes instead. */
function toWellFormed(s: string): string {
  return s.replace(/[\ud800-\udfff]/g, (c, i: number) => {
    const code = c.charCodeAt(0);
    const next = s.charCodeAt(i + 1);
    const prev = s.charCodeAt(i - 1);
    const paired = code < 0xdc00 ? next >= 0xdc00 && next <= 0xdfff : prev >= 0xd800 && prev < 0xdc00;
    return paired ? c : '\ufffd';
  });
}

/** A JSON object written by hand, so that `__proto__` stays a key and duplicate keys survive. */
export function jsonText(pairs: Array<[string, unknown]>): string {
  return `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}

function multipartOf(pairs: Array<[string, unknown]>, file?: { name: string; bytes: Uint8Array; type: string }): FormData {
  const form = new FormData();
  for (const [k, v] of flatPairs(pairs)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return form;
}

function short(s: string, n = 90): string {
  let clean = '';
  for (const c of s.slice(0, n + 1)) clean += c < ' ' || c === '\x7f' ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c;
  return clean.length > n ? `${clean.slice(0, n)}… (${s.length} chars)` : clean;
}

function joinQuery(path: string, query: string): string {
  if (!query) return path;
  return path + (path.includes('?') ? '&' : '?') + query;
}

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

function deepJson(depth: number, open: string, close: string, inner = '1'): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** A multipart body written by hand, for the malformed ones. */
function rawMultipart(boundary: string, parts: Array<[string, string]>, end = true): string {
  return `${parts.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')}${end ? `--${boundary}--\r\n` : ''}`;
}

// --- the fixed corpus: every route gets these, as the identity that gets past authentication --------------

const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD';

/** The query strings every route is sent. */
const FIXED_QUERIES: Array<[string, string]> = [
  ['query __proto__', '__proto__[polluted]=1&__proto__[0]=1&x[__proto__][polluted]=1&__proto__=1'],
  ['query constructor.prototype', 'constructor[prototype][polluted]=1&x[constructor][prototype][polluted]=1&prototype[polluted]=1'],
  ['query odd arrays', 'a[]=1&a[0]=2&a[][x]=3&types[]=mention&types[0]=x&types[][y]=1&id[]=1&id[x]=2&exclude_types=a&exclude_types[]=b'],
  [
    'query out-of-range ids',
    'max_id=9223372036854775808&since_id=99999999999999999999&min_id=-1&id[]=9223372036854775808&id[]=abc&account_id=18446744073709551616&limit=99999999999999999999&offset=-1',
  ],
  ['query NUL characters', 'q=a%00b&status=%00&limit=1%00&max_id=%00&tag=%00&list=%00&resource=acct:%00@x&lang=%00&types[]=%00&%00=1&a%00[b]=1'],
  [
    'query bad percent-encodings',
    'q=%FF%FE&limit=%FF&max_id=%ED%A0%80&tag=%E0%A4%A&list=%&resource=acct:%C0%AF@x&lang=%C0%AF&types[]=%ZZ&%FF=1&a%ED%A0%80[b]=1&stream=%',
  ],
  ['query 1000-deep key', `a${'[x]'.repeat(1000)}=1&b${'[]'.repeat(1000)}=2`],
];

const STRING_FIELDS = [
  'status',
  'spoiler_text',
  'display_name',
  'note',
  'title',
  'q',
  'comment',
  'phrase',
  'keyword',
  'text',
  'reason',
  'client_name',
  'username',
  'email',
  'password',
  'message',
  'website',
  'redirect_uris',
];

/** The bodies every writing route is sent. */
function fixedBodies(fx: Fixtures): Array<Omit<FuzzInput, 'path'>> {
  const out: Array<Omit<FuzzInput, 'path'>> = [];
  const add = (kind: string, headers: Record<string, string>, body: string | Uint8Array | FormData | undefined, desc: string) =>
    out.push({ kind, headers, body, desc });
  add(
    'json __proto__',
    JSON_TYPE,
    '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "prototype": {"polluted": 1}}',
    'raw JSON {"__proto__": {"polluted": 1}, "constructor": {"prototype": …}}',
  );
  add(
    'json __proto__',
    JSON_TYPE,
    `{"status":"x","poll":{"__proto__":{"polluted":1},"options":["a","b"]},"keywords_attributes":[{"__proto__":{"polluted":1}}],"fields_attributes":{"__proto__":{"polluted":1}}}`,
    'raw JSON with __proto__ nested in poll/keywords_attributes/fields_attributes',
  );
  add(
    'form __proto__',
    FORM_TYPE,
    '__proto__[polluted]=1&constructor[prototype][polluted]=1&status=x&poll[__proto__][polluted]=1&fields_attributes[__proto__][polluted]=1&a[][__proto__][polluted]=1',
    'form __proto__[polluted]=1&constructor[prototype][polluted]=1&…',
  );
  const multi = new FormData();
  for (const k of ['__proto__[polluted]', 'constructor[prototype][polluted]', '__proto__', 'media_ids[][__proto__][polluted]', 'poll[__proto__][polluted]'])
    multi.append(k, '1');
  add('multipart __proto__', {}, multi, 'multipart fields __proto__[polluted], constructor[prototype][polluted], …');
  add('json 1000+ deep', JSON_TYPE, `{"a":${deepJson(1500, '{"a":', '}')},"status":"x"}`, 'JSON object nested 1500 deep');
  add(
    'json 1000+ deep',
    JSON_TYPE,
    `{"status":${deepJson(1500, '[', ']')},"media_ids":${deepJson(1500, '[', ']', '"1"')},"poll":${deepJson(1200, '{"options":', '}', '[]')}}`,
    'known fields nested 1500 deep (arrays, objects)',
  );
  add('json 1000+ deep', JSON_TYPE, deepJson(100_000, '[', ']'), 'JSON array nested 100000 deep');
  add(
    'invalid UTF-8',
    JSON_TYPE,
    bytes('{"status":"a', [0xff, 0xfe, 0xc0, 0xaf], '","title":"', [0xed, 0xa0, 0x80], '","q":"', [0xf8, 0x88, 0x80, 0x80, 0x80], '"}'),
    'JSON with bytes ff fe c0 af, an encoded lone surrogate (ed a0 80)',
  );
  add(
    'invalid UTF-8',
    FORM_TYPE,
    bytes('status=a', [0xff, 0xfe], '&title=%FF%FE&note=%ED%A0%80&display_name=%C0%AF&q=', [0xc3]),
    'form with raw ff fe bytes and %FF%FE, %ED%A0%80',
  );
  add(
    'invalid UTF-8',
    { 'content-type': 'multipart/form-data; boundary=XyZ' },
    bytes(
      '--XyZ\r\nContent-Disposition: form-data; name="status"\r\n\r\na',
      [0xff, 0xfe],
      '\r\n--XyZ\r\nContent-Disposition: form-data; name="',
      [0xff, 0xc0],
      '"\r\n\r\nx\r\n--XyZ--\r\n',
    ),
    'multipart with ff fe bytes in a value and in a field name',
  );
  const lone = Object.fromEntries(STRING_FIELDS.map((f) => [f, f === 'status' ? 'x\ud800y' : '\udfff']));
  add('lone surrogates', JSON_TYPE, JSON.stringify(lone), 'JSON strings with lone surrogates \\ud800, \\udfff in every text field');
  const nul = Object.fromEntries(STRING_FIELDS.map((f) => [f, `a\u0000b`]));
  add(
    'NUL characters',
    JSON_TYPE,
    JSON.stringify({
      ...nul,
      poll: { options: ['\u0000', 'b\u0000'], expires_in: 3600 },
      keywords_attributes: [{ keyword: '\u0000' }],
      fields_attributes: [{ name: '\u0000', value: '\u0000' }],
      context: ['home'],
    }),
    'JSON with \\u0000 in every text field and in poll options, keywords, fields',
  );
  add('NUL characters', FORM_TYPE, encodePairs(STRING_FIELDS.map((f) => [f, '\u0000x\u0000'])), 'form with %00 in every text field');
  add('malformed JSON', JSON_TYPE, '{"status": "x",', 'JSON cut off: {"status": "x",');
  add('malformed JSON', JSON_TYPE, "{status: 'x', }", 'JSON with bare keys and single quotes');
  add('malformed JSON', JSON_TYPE, 'null', 'JSON null');
  add('malformed JSON', JSON_TYPE, '[{"status":"x"}]', 'JSON array at the top');
  add(
    'malformed JSON',
    { 'content-type': 'application/json; charset=utf-16' },
    Buffer.from('{"status":"x"}', 'utf16le'),
    'UTF-16 JSON labelled charset=utf-16',
  );
  add(
    'bad multipart',
    { 'content-type': 'multipart/form-data; boundary=abc' },
    rawMultipart('xyz', [['status', 'x']]),
    'multipart whose boundary differs from the header',
  );
  add(
    'bad multipart',
    { 'content-type': 'multipart/form-data; boundary=abc' },
    `--abc\r\nContent-Disposition: form-data; name="status"\r\n\r\nhello`,
    'multipart cut off inside a part',
  );
  add('bad multipart', { 'content-type': 'multipart/form-data' }, rawMultipart('abc', [['status', 'x']]), 'multipart without a boundary parameter');
  add('bad multipart', { 'content-type': 'multipart/form-data; boundary=' }, '--\r\n\r\n--', 'multipart with an empty boundary');
  add(
    'bad multipart',
    { 'content-type': 'multipart/form-data; boundary=abc' },
    `--abc\r\nContent-Disposition: form-data; name="${'n'.repeat(20_000)}"\r\n\r\nx\r\n--abc--\r\n`,
    'multipart with a 20000-character field name',
  );
  add(
    'bad multipart',
    { 'content-type': 'multipart/form-data; boundary=abc' },
    `--abc\r\nContent-Type: text/plain\r\n\r\nx\r\n--abc--\r\n`,
    'multipart part without Content-Disposition',
  );
  add('wrong content type', { 'content-type': 'text/plain' }, '{"status":"x"}', 'JSON body labelled text/plain');
  add('wrong content type', JSON_TYPE, 'status=x&visibility=public', 'form body labelled application/json');
  add('wrong content type', FORM_TYPE, '{"status":"x"}', 'JSON body labelled x-www-form-urlencoded');
  add('wrong content type', { 'content-type': 'application/xml' }, '<status>x</status>', 'XML body');
  add('wrong content type', { 'content-type': ';;;=,/' }, 'x', 'a garbage content type');
  add(
    'odd arrays',
    FORM_TYPE,
    'a[]=1&a[0]=2&a[][x]=3&media_ids[]=1&media_ids[0]=x&media_ids[][x]=3&poll[options][]=a&poll[options][0][x]=b&poll=1&status_ids=1&status_ids[]=2&types[x][]=1&keywords_attributes[][keyword]=a&keywords_attributes[0]=b&fields_attributes[0][name]=a&fields_attributes[]=b&context[]=home&context=public',
    'form a[]=1&a[0]=2&a[][x]=3 and the like on known list fields',
  );
  add(
    'odd arrays',
    JSON_TYPE,
    JSON.stringify({
      media_ids: [[1], { x: 1 }],
      status_ids: { 0: '1', 1: { y: 2 } },
      types: [null, [], {}],
      account_ids: 'x',
      rule_ids: [[['1']]],
      poll: { options: { 0: 'a', x: ['b'] } },
      context: [['home']],
      keywords_attributes: [[{ keyword: 'x' }]],
      choices: [[0], '0', -1],
    }),
    'JSON lists of lists and objects for list fields',
  );
  add(
    'out-of-range ids',
    FORM_TYPE,
    `in_reply_to_id=9223372036854775808&media_ids[]=99999999999999999999&account_id=-1&status_ids[]=9223372036854775808&account_ids[]=18446744073709551616&list_id=99999999999999999999&status_id=9223372036854775808&report_id=9223372036854775808&last_read_id=99999999999999999999&home[last_read_id]=9223372036854775808&quoted_status_id=-9223372036854775809&choices[]=99999999999999999999&id=9223372036854775808`,
    'form with every id field past 2^63-1 or negative',
  );
  add(
    'out-of-range ids',
    JSON_TYPE,
    '{"in_reply_to_id":9223372036854775808,"account_id":1e400,"status_id":-1,"status_ids":[99999999999999999999],"media_ids":[1.5],"account_ids":[-9223372036854775809],"report_id":9223372036854775808,"choices":[99999999999999999999],"home":{"last_read_id":9223372036854775808},"quoted_status_id":1e21}',
    'JSON with ids as numbers past 2^63-1, 1e400, negative',
  );
  add(
    'wrong types',
    JSON_TYPE,
    JSON.stringify({
      status: {},
      spoiler_text: [1],
      visibility: 1,
      media_ids: 'x',
      poll: [],
      limit: 'abc',
      sensitive: 'maybe',
      in_reply_to_id: true,
      display_name: { a: 1 },
      note: [],
      title: 7,
      context: 'nope',
      keywords_attributes: 'x',
      expires_in: 'soon',
      comment: false,
      category: 1,
      rule_ids: 1,
      account_id: { id: fx.bob.id },
      status_ids: 1,
      client_name: [],
      redirect_uris: 5,
      scopes: {},
      grant_type: 1,
      choices: 'a',
      fields_attributes: 'x',
      subscription: 'x',
      data: [],
      home: 'x',
      type: [],
      action: {},
      mode: null,
      decision: 1,
    }),
    'JSON with a wrong type in every known field',
  );
  add('empty body', JSON_TYPE, '', 'empty body labelled JSON');
  add('empty body', FORM_TYPE, '&&&=&=x&', 'form of empty keys and values');
  add(
    'huge strings',
    JSON_TYPE,
    JSON.stringify(Object.fromEntries(STRING_FIELDS.map((f) => [f, HUGE.k100]))),
    'JSON with a 100000-character string in every text field',
  );
  add('huge strings', FORM_TYPE, `${'k'.repeat(50_000)}=1&status=${'s'.repeat(200_000)}`, 'form with a 50000-character key and a 200000-character status');
  return out;
}

const ROTATED = new Set(['malformed JSON', 'bad multipart', 'wrong content type']);

/** Authorization headers every route is sent (anonymously): client credentials that do not decode, a token of NULs. */
const FIXED_AUTH = ['Basic JUZGOiVGRg==', `Bearer ${'%00'.repeat(10)}`];

/** Path-parameter values every route with parameters is sent (the random inputs draw from the full list). */
const FIXED_PATH_IDS = ['9223372036854775808', '99999999999999999999', '-1', 'abc', '', '%00', '%FF', '%ED%A0%80', encodeURIComponent('é😀'), '9'.repeat(4000)];

/** The fixed corpus for a route: odd path ids, the special query strings and (for writes) the special bodies (`all`: every variant). */
export function fixedInputs(route: RouteSpec, fx: Fixtures, opts: { index: number; all: boolean }): FuzzInput[] {
  const out: FuzzInput[] = [];
  const valid = route.slots.map((s) => validValues(route, s, fx)[0]!);
  const validPath = fillPath(route, valid);
  route.slots.forEach((slot, i) => {
    for (const bad of FIXED_PATH_IDS) {
      const values = [...valid];
      values[i] = slot.wildcard ? `${valid[i]}/${bad}` : bad;
      out.push({
        path: fillPath(route, values),
        headers: hasBody(route.method) ? JSON_TYPE : {},
        body: hasBody(route.method) ? '{}' : undefined,
        kind: `path ${slot.name}`,
        desc: `:${slot.name} = ${short(bad, 40)}`,
      });
    }
  });
  for (const [kind, query] of FIXED_QUERIES) out.push({ path: joinQuery(validPath, query), headers: {}, kind, desc: `?${short(query, 110)}` });
  for (const auth of FIXED_AUTH)
    out.push({ path: validPath, headers: { authorization: auth }, kind: 'bad authorization', desc: `authorization: ${short(auth, 40)}`, anonymous: true });
  if (hasBody(route.method)) {
    const bodies = fixedBodies(fx);
    for (const b of bodies) {
      // Syntax the shared decoder refuses before any route code runs: one variant per route, in turn.
      const variants = ROTATED.has(b.kind) ? bodies.filter((x) => x.kind === b.kind) : [b];
      if (opts.all || variants[opts.index % variants.length] === b) out.push({ ...b, path: validPath });
    }
  }
  return out;
}

// --- random inputs ----------------------------------------------------------------------------------------

type BodyChoice =
  | { type: 'none' }
  | { type: 'json'; pairs: Array<[string, unknown]> }
  | { type: 'json-top'; value: unknown }
  | { type: 'form'; pairs: Array<[string, unknown]> }
  | { type: 'multipart'; pairs: Array<[string, unknown]>; file: boolean }
  | { type: 'mislabelled'; pairs: Array<[string, unknown]>; contentType: string };

const MISLABELS = [
  'text/plain',
  'application/json; charset=latin1',
  'multipart/form-data',
  'application/x-www-form-urlencoded; charset=utf-16',
  'application/octet-stream',
  'APPLICATION/JSON',
  'application/json, text/html',
  'application/merge-patch+json',
];

const BAD_AUTH = [
  'Bearer',
  'Bearer ',
  'Bearer x',
  `Bearer ${'t'.repeat(5000)}`,
  'Basic !!!',
  'Basic Og==',
  'Basic JUZGOiVGRg==',
  'Token abc',
  'bearer  Bearer x',
  'Bearer %00',
];

/** Random inputs for a route: path values, query and body, as fast-check arbitrary. */
export function randomInputArb(route: RouteSpec, fx: Fixtures, a: Arbitraries, identity: Identity): fc.Arbitrary<FuzzInput> {
  const slotArbs = route.slots.map((slot) => {
    const valid = validValues(route, slot, fx);
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...valid).map((v) => ({ v, bad: false })) },
      { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_IDS).map((v) => ({ v: slot.wildcard ? `${valid[0]}/${v}` : v, bad: true })) },
      { weight: 1, arbitrary: a.string.filter((s) => s.length < 3000).map((s) => ({ v: encodeURIComponent(toWellFormed(s)), bad: true })) },
    );
  });
  const pairs = fc.array(a.pair, { maxLength: 6 });
  const body: fc.Arbitrary<BodyChoice> = hasBody(route.method)
    ? fc.oneof(
        { weight: 1, arbitrary: fc.constant({ type: 'none' as const }) },
        { weight: 5, arbitrary: pairs.map((p) => ({ type: 'json' as const, pairs: p })) },
        { weight: 1, arbitrary: a.json.map((v) => ({ type: 'json-top' as const, value: v })) },
        { weight: 3, arbitrary: pairs.map((p) => ({ type: 'form' as const, pairs: p })) },
        { weight: 2, arbitrary: fc.tuple(pairs, fc.boolean()).map(([p, file]) => ({ type: 'multipart' as const, pairs: p, file })) },
        {
          weight: 1,
          arbitrary: fc.tuple(pairs, fc.constantFrom(...MISLABELS)).map(([p, contentType]) => ({ type: 'mislabelled' as const, pairs: p, contentType })),
        },
      )
    : fc.constant({ type: 'none' as const });
  const auth = identity === 'anonymous' ? fc.option(fc.constantFrom(...BAD_AUTH), { freq: 4 }) : fc.constant(null);
  return fc
    .record({
      slots: fc.tuple(...slotArbs),
      // Node refuses a request line past 16 KB itself (431): long values go in bodies.
      query: fc.array(a.pair, { maxLength: 4 }).filter((q) => encodePairs(flatPairs(q)).length < 6000),
      body,
      auth,
      fileBytes: fc.uint8Array({ maxLength: 64 }),
    })
    .map(({ slots, query, body, auth, fileBytes }) => {
      const values = (slots as Array<{ v: string; bad: boolean }>).map((s) => s.v);
      const queryPairs = flatPairs(query);
      const queryText = encodePairs(queryPairs);
      const headers: Record<string, string> = {};
      if (auth) headers.authorization = auth;
      const parts: string[] = [];
      const bad = (slots as Array<{ v: string; bad: boolean }>).flatMap((s, i) => (s.bad ? [`:${route.slots[i]!.name}=${short(s.v, 30)}`] : []));
      if (bad.length) parts.push(bad.join(' '));
      if (queryText) parts.push(`?${short(queryText, 80)}`);
      let payload: FuzzInput['body'];
      let kind = bad.length ? 'random (odd path)' : 'random';
      switch (body.type) {
        case 'json':
          Object.assign(headers, JSON_TYPE);
          payload = jsonText(body.pairs);
          parts.push(`json ${short(payload, 100)}`);
          kind += ' json';
          break;
        case 'json-top':
          Object.assign(headers, JSON_TYPE);
          payload = JSON.stringify(body.value) ?? 'null';
          parts.push(`json ${short(payload, 100)}`);
          kind += ' json';
          break;
        case 'form':
          Object.assign(headers, FORM_TYPE);
          payload = encodePairs(flatPairs(body.pairs));
          parts.push(`form ${short(payload, 100)}`);
          kind += ' form';
          break;
        case 'multipart': {
          payload = multipartOf(body.pairs, body.file ? { name: 'x.png', bytes: fileBytes, type: 'image/png' } : undefined);
          parts.push(`multipart ${short(encodePairs(flatPairs(body.pairs)), 100)}${body.file ? ' + file' : ''}`);
          kind += ' multipart';
          break;
        }
        case 'mislabelled':
          headers['content-type'] = body.contentType;
          payload = jsonText(body.pairs);
          parts.push(`${body.contentType}: ${short(payload, 80)}`);
          kind += ' mislabelled';
          break;
      }
      if (auth) parts.push(`authorization: ${short(auth, 30)}`);
      return { path: joinQuery(fillPath(route, values), queryText), headers, body: payload, kind, desc: parts.join(' ') || 'no parameters' };
    });
}

// --- mutations of valid parameters -----------------------------------------------------------------------

/**
 * Valid parameters of the route with one or two things wrong: a value of the wrong type or out of range, a
 * field missing, random fields added. Sent as the route reads them: the query for GET, else JSON, form or multipart.
 */
export function templateInputArb(route: RouteSpec, fx: Fixtures, a: Arbitraries, params: Array<Record<string, unknown>>): fc.Arbitrary<FuzzInput> {
  const path = fillPath(
    route,
    route.slots.map((s) => validValues(route, s, fx)[0]!),
  );
  const mutated = fc.constantFrom(...params).chain((tpl) => {
    const paths = pathsOf(tpl);
    const mutation = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...paths).chain((p) => a.valueFor(String(p[p.length - 1])).map((v) => ({ p, v, what: 'set' }))) },
      { weight: 2, arbitrary: fc.constantFrom(...paths).map((p) => ({ p, v: REMOVE as unknown, what: 'drop' })) },
    );
    return fc.record({ muts: fc.array(mutation, { minLength: 0, maxLength: 2 }), extra: fc.array(a.pair, { maxLength: 2 }) }).map(({ muts, extra }) => {
      let out = tpl;
      const notes: string[] = [];
      for (const m of muts) {
        // An earlier mutation may have removed the container of this path.
        try {
          out = withValue(out, m.p, m.v);
          notes.push(m.what === 'drop' ? `-${m.p.join('.')}` : `${m.p.join('.')}=${short(JSON.stringify(m.v) ?? String(m.v), 50)}`);
        } catch {}
      }
      const pairs: Array<[string, unknown]> = [...Object.entries(out), ...extra];
      for (const [k, v] of extra) notes.push(`+${short(k, 30)}=${short(JSON.stringify(v) ?? '', 40)}`);
      return { pairs, notes: notes.join(' ') || 'valid as is' };
    });
  });
  const encoding = hasBody(route.method) ? fc.constantFrom('json', 'json', 'json', 'form', 'form', 'multipart') : fc.constant('query');
  return fc.tuple(mutated, encoding).map(([{ pairs, notes }, enc]): FuzzInput => {
    const kind = `template ${enc}`;
    const desc = `template ${enc}: ${notes}`;
    if (enc === 'query') {
      const q = encodePairs(flatPairs(pairs));
      return { path: joinQuery(path, q.length < 6000 ? q : ''), headers: {}, kind, desc };
    }
    if (enc === 'json') return { path, headers: JSON_TYPE, body: jsonText(pairs), kind, desc };
    if (enc === 'form') return { path, headers: FORM_TYPE, body: encodePairs(flatPairs(pairs)), kind, desc };
    return { path, headers: {}, body: multipartOf(pairs), kind, desc };
  });
}
