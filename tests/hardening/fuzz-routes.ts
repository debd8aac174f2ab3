import type { FixtureKind, Fixtures } from './fuzz-fixtures.js';

/** One method + path of the app's route table, with its path parameters and when it may run. */
export interface RouteSpec {
  method: string;
  /** The path as registered, e.g. `/api/v1/statuses/:id` or `/:handle{@[A-Za-z0-9_.-]+}`. */
  path: string;
  slots: Slot[];
  /** Reads and harmless writes run first, destructive writes after them, switches of global state last and alone. */
  phase: 'safe' | 'destructive' | 'global';
  /** The identity that gets past authentication: the fixed corpus is sent as it. */
  primary: 'user' | 'admin';
  /** Server-sent events: the request is cut off once the headers are in. */
  streaming: boolean;
}

export interface Slot {
  /** Index of the segment in `path.split('/')`. */
  segment: number;
  name: string;
  /** The constraint in `:name{regex}`, if any. */
  pattern?: RegExp;
  wildcard: boolean;
}

interface RouteRow {
  method: string;
  path: string;
}

/** The route table as the fuzzer walks it: one entry per method + path, global middleware left out. */
export function routesOf(table: readonly RouteRow[]): RouteSpec[] {
  const seen = new Map<string, RouteSpec>();
  const rows = table.flatMap(({ method, path }) => {
    // `ALL /*` and the like are global middleware; a handler registered for every method is sent as GET and POST.
    if (method === 'ALL')
      return path.endsWith('*')
        ? []
        : [
            { method: 'GET', path },
            { method: 'POST', path },
          ];
    return [{ method, path }];
  });
  for (const { method, path } of rows) {
    const key = `${method} ${path}`;
    if (seen.has(key)) continue; // route middleware (auth, scopes) registers rows of its own
    seen.set(key, {
      method,
      path,
      slots: slotsOf(path),
      phase: phaseOf(method, path),
      primary: /\/admin\/|^\/metrics$/.test(path) ? 'admin' : 'user',
      streaming: method === 'GET' && path.startsWith('/api/v1/streaming/'),
    });
  }
  // Stable order: the fixed seed then gives the same inputs to the same routes run after run.
  return [...seen.values()].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

function slotsOf(path: string): Slot[] {
  const slots: Slot[] = [];
  path.split('/').forEach((seg, i) => {
    if (seg === '*') slots.push({ segment: i, name: '*', wildcard: true });
    const m = /^:([A-Za-z0-9_]+)(?:\{(.+)\})?$/.exec(seg);
    if (m) slots.push({ segment: i, name: m[1]!, pattern: m[2] ? new RegExp(`^(?:${m[2]})$`) : undefined, wildcard: false });
  });
  return slots;
}

const DESTRUCTIVE =
  /\/(block|mute|unfollow|remove_from_followers|reject|dismiss|clear|action|decide|resolve|revoke|sign_out|password|unassign|unsuspend|enable)$/;

function phaseOf(method: string, path: string): RouteSpec['phase'] {
  // Maintenance and under-attack modes answer 503 to everyone else while they are on.
  if (method !== 'GET' && /^\/api\/v1\/admin\/tribune\/(maintenance|shield\/attack)$/.test(path)) return 'global';
  if (method === 'DELETE' || (method !== 'GET' && DESTRUCTIVE.test(path))) return 'destructive';
  return 'safe';
}

/** Which seeded objects a path parameter names, from the parameter's name and the segment before it. */
function kindOf(route: RouteSpec, slot: Slot): FixtureKind | 'stream' | 'systemFile' | 'webPage' | null {
  const segs = route.path.split('/');
  const before = segs.slice(0, slot.segment).join('/');
  if (slot.wildcard) {
    if (before === '/api/v1/streaming') return 'stream';
    if (before === '/system/accounts') return 'systemFile';
    return 'webPage';
  }
  switch (slot.name) {
    case 'handle':
      return 'handle';
    case 'account_id':
      return 'account';
    case 'list_id':
      return 'list';
    case 'hashtag':
    case 'name':
      return 'tag';
    case 'group_key':
      return 'groupKey';
    case 'quoting_status_id':
      return 'status';
  }
  if (/^\/:handle/.test(route.path)) return 'status';
  const rules: Array<[RegExp, FixtureKind]> = [
    [/\/admin\/(tribune\/)?accounts$/, 'victimAccount'],
    [/\/admin\/reports$/, 'report'],
    [/\/admin\/tribune\/cases$/, 'case'],
    [/\/admin\/tribune\/appeals$/, 'appeal'],
    [/\/tribune\/moderation\/actions$/, 'ownAction'],
    [/\/accounts$/, 'account'],
    [/\/statuses\/?$/, 'status'],
    [/\/v2\/filters\/statuses$/, 'filterStatus'],
    [/\/v2\/filters\/keywords$/, 'filterKeyword'],
    [/\/v2\/filters$/, 'filterV2'],
    [/\/v1\/filters$/, 'filterV1'],
    [/\/lists$/, 'list'],
    [/\/notifications\/requests$/, 'notification'],
    [/\/notifications$/, 'notification'],
    [/\/polls$/, 'poll'],
    [/\/scheduled_statuses$/, 'scheduled'],
    [/\/conversations$/, 'conversation'],
    [/\/follow_requests$/, 'followRequest'],
  ];
  for (const [re, kind] of rules) if (re.test(before)) return kind;
  return null;
}

const STREAMS = ['user', 'public', 'public/local', 'public/remote', 'user/notification', 'direct', 'hashtag?tag=fuzztag', 'hashtag/local?tag=fuzztag'];

/** Valid values for a path parameter: ids of real objects (the first is the one the body fuzzing uses). */
export function validValues(route: RouteSpec, slot: Slot, fx: Fixtures): string[] {
  const kind = kindOf(route, slot);
  if (kind === 'stream') return [...STREAMS, `list?list=${fx.ids.list[0]}`];
  if (kind === 'systemFile') return [`avatars/${fx.alice.id}/original.png`, 'headers/1/x.jpg'];
  if (kind === 'webPage') return ['home', 'web/statuses/1', 'settings/profile'];
  if (kind === null) return [...fx.ids.account, ...fx.ids.status];
  // An admin acting on an account acts on the victim only: the other accounts' tokens must keep working.
  if (kind === 'account' && route.primary === 'admin') return fx.ids.victimAccount;
  const values = fx.ids[kind];
  return slot.pattern ? values.filter((v) => slot.pattern!.test(v)).concat(values.filter((v) => !slot.pattern!.test(v))) : values;
}

/** Builds the path with one value per slot; values are inserted as given (already percent-encoded where meant). */
export function fillPath(route: RouteSpec, values: string[]): string {
  const segs = route.path.split('/');
  route.slots.forEach((slot, i) => {
    segs[slot.segment] = values[i] ?? '';
  });
  return segs.join('/');
}

/** Ids and names a well-behaved server refuses with a 4xx: out of range, negative, not numbers, encodings gone wrong. */
export const MALFORMED_IDS: readonly string[] = [
  '9223372036854775808', // 2^63: one past the largest signed 64-bit id
  '99999999999999999999',
  '18446744073709551616',
  '9223372036854775807',
  '-1',
  '-9223372036854775809',
  '0',
  '00000000000000000000001',
  '1e30',
  '0x1f',
  '1.5',
  'abc',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '',
  '%00',
  '1%00',
  '%FF',
  '%E0%A4%A',
  '%',
  '%ED%A0%80', // a lone surrogate, UTF-8 encoded
  encodeURIComponent('é😀'),
  encodeURIComponent('١٢٣'), // Arabic-Indic digits
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%20',
  '9'.repeat(4000),
  'x'.repeat(4000),
];
