// The shield's tunables: defaults here, overridden by SHIELD_* variables (config.ts) and by tests.

/** One window of a limit: `points` requests per `duration` seconds. */
export interface Window {
  points: number;
  duration: number;
}

/** A named policy's limits, by what the request is keyed on. An empty list means "not keyed on that". */
export interface PolicyLimits {
  /** The client address: an IPv4 /32 or an IPv6 /64. */
  address: Window[];
  /** The IPv4 /24 around the address (IPv6 uses only the /64). */
  prefix: Window[];
  /** The signed-in account. */
  account: Window[];
  /** The OAuth application of the token. */
  app: Window[];
  /** The server an ActivityPub delivery comes from (the host of its signature's key), whatever its addresses. */
  server: Window[];
}

export const POLICY_NAMES = [
  'anon-read',
  'user-read',
  'write',
  'auth',
  'sign-up',
  'password-reset',
  'search',
  'media',
  'files',
  'streaming',
  'preflight',
  'clearance',
  'inbox',
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export interface ShieldOptions {
  /** Multiplies every sustained (non-burst) limit: an instance behind carrier NAT may want 4 or 10. */
  limitScale: number;
  policies: Record<PolicyName, PolicyLimits>;
  /** Sign-in failures for one login from one address before that pair is refused, and their window (seconds). */
  signInFailures: Window;
  /** Sign-in failures for one login from every address together: a distributed guess at one account. */
  signInAccountFailures: Window;
  /** Micro-cache: seconds a page is fresh, then seconds it may still be served while one request rebuilds it. */
  cacheFreshSeconds: number;
  cacheStaleSeconds: number;
  cacheMaxEntries: number;
  /** Under-attack mode switches on when event-loop delay p99 (ms) or utilisation (0-1) pass these... */
  attackDelayMs: number;
  attackUtilisation: number;
  /** ...for this many consecutive samples, and off after this many calm seconds. */
  attackSamples: number;
  attackCalmSeconds: number;
  sampleIntervalMs: number;
  /** Leading zero bits of SHA-256 asked of a browser at normal load (16 = 65,536 hashes on average). */
  powDifficulty: number;
  /** Highest difficulty under heavy load. */
  powMaxDifficulty: number;
  challengeTtlSeconds: number;
  clearanceTtlSeconds: number;
  /** Concurrent uncached anonymous renders allowed (beyond that they are shed with 503), in normal and attack mode. */
  anonConcurrency: number;
  anonConcurrencyUnderAttack: number;
  /** Connection hygiene. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxSocketsPerAddress: number;
  /** Request header bytes allowed (all routes), and body bytes by kind of route. */
  maxHeaderBytes: number;
  maxBodyBytes: number;
  maxMediaBodyBytes: number;
  maxAuthBodyBytes: number;
  /** Body bytes of an ActivityPub delivery (inbox POST): an activity is a few kilobytes. */
  maxInboxBodyBytes: number;
  /** How often the server re-reads maintenance/read-only mode from the database (ms). */
  modePollMs: number;
}

const none: Window[] = [];
const policy = (p: Partial<PolicyLimits>): PolicyLimits => ({ address: none, prefix: none, account: none, app: none, server: none, ...p });

// Sustained windows follow Mastodon's defaults where it has one (docs: "Rate limits"), with a short burst
// window per address so that a single flooding address is refused within the first second.
export const DEFAULT_POLICIES: Record<PolicyName, PolicyLimits> = {
  'anon-read': policy({
    address: [
      { points: 50, duration: 1 },
      { points: 1500, duration: 300 },
    ],
    prefix: [{ points: 7500, duration: 300 }],
  }),
  'user-read': policy({
    address: [
      { points: 100, duration: 1 },
      { points: 7500, duration: 300 },
    ],
    account: [{ points: 1500, duration: 300 }],
    app: [{ points: 30000, duration: 300 }],
  }),
  write: policy({
    address: [
      { points: 30, duration: 1 },
      { points: 1500, duration: 300 },
    ],
    account: [{ points: 300, duration: 300 }],
  }),
  // Sign-in and tokens. A successful answer is given back to the sustained windows (FORGIVING_POLICIES), so many
  // people signing in behind one address (a school, carrier NAT) are not refused; failures count, and one login's
  // failures are limited further in sign-in.ts. The one-second window counts everything.
  auth: policy({
    address: [
      { points: 20, duration: 1 },
      { points: 100, duration: 300 },
    ],
    prefix: [{ points: 500, duration: 300 }],
  }),
  // Mastodon's sign-up throttle: new accounts from one address stay few whatever their outcome.
  'sign-up': policy({ address: [{ points: 25, duration: 300 }], prefix: [{ points: 100, duration: 300 }] }),
  'password-reset': policy({ address: [{ points: 25, duration: 300 }], prefix: [{ points: 50, duration: 300 }] }),
  search: policy({ address: [{ points: 10, duration: 1 }], account: [{ points: 300, duration: 300 }] }),
  media: policy({ address: [{ points: 60, duration: 1800 }], account: [{ points: 30, duration: 1800 }] }),
  // Media files (GET /system/media/...): images load without a token, dozens a page, and people behind one NAT share
  // an address; files are immutable and cached by browsers and CDNs, so the budget is large, but still bounded.
  files: policy({
    address: [
      { points: 200, duration: 1 },
      { points: 15000, duration: 300 },
    ],
    prefix: [{ points: 60000, duration: 300 }],
  }),
  streaming: policy({ address: [{ points: 10, duration: 1 }], account: [{ points: 60, duration: 60 }] }),
  // CORS preflights: a web client on another origin sends one before each new URL it calls with a token, so
  // they get a budget of their own, as large as signed-in reads', rather than eat the anonymous one.
  preflight: policy({
    address: [
      { points: 100, duration: 1 },
      { points: 7500, duration: 300 },
    ],
  }),
  clearance: policy({ address: none, account: none }),
  // ActivityPub deliveries (POST to an inbox), counted per sending server so that one busy or hostile server is
  // refused while others get through; per address as well, more loosely, since many servers may share a host.
  // Only deliveries whose signature verifies count against a server (middleware.ts gives the others back).
  inbox: policy({
    server: [
      { points: 100, duration: 1 },
      { points: 6000, duration: 300 },
    ],
    address: [
      { points: 300, duration: 1 },
      { points: 30000, duration: 300 },
    ],
  }),
};

export const DEFAULT_OPTIONS: ShieldOptions = {
  limitScale: 1,
  policies: DEFAULT_POLICIES,
  signInFailures: { points: 5, duration: 900 },
  signInAccountFailures: { points: 20, duration: 900 },
  cacheFreshSeconds: 3,
  cacheStaleSeconds: 30,
  cacheMaxEntries: 5000,
  attackDelayMs: 150,
  attackUtilisation: 0.95,
  attackSamples: 4,
  attackCalmSeconds: 60,
  sampleIntervalMs: 250,
  powDifficulty: 16,
  powMaxDifficulty: 18,
  challengeTtlSeconds: 120,
  clearanceTtlSeconds: 1800,
  anonConcurrency: 16,
  anonConcurrencyUnderAttack: 4,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 20_000,
  maxSocketsPerAddress: 64,
  maxHeaderBytes: 16 * 1024,
  maxBodyBytes: 1024 * 1024,
  maxMediaBodyBytes: 40 * 1024 * 1024,
  maxAuthBodyBytes: 16 * 1024,
  maxInboxBodyBytes: 256 * 1024,
  modePollMs: 2000,
};

/** Policies whose successful answers (status below 400) are given back to their sustained windows. */
export const FORGIVING_POLICIES: ReadonlySet<PolicyName> = new Set(['auth']);

/** Clearance budget: requests per minute bought by one solved challenge. */
export const CLEARANCE_WINDOW: Window = { points: 300, duration: 60 };

export type ShieldOverrides = Partial<Omit<ShieldOptions, 'policies'>> & { policies?: Partial<Record<PolicyName, Partial<PolicyLimits>>> };

export function resolveOptions(overrides: ShieldOverrides = {}): ShieldOptions {
  const { policies = {}, ...rest } = overrides;
  const merged = { ...DEFAULT_OPTIONS, ...stripUndefined(rest) } as ShieldOptions;
  const out = {} as Record<PolicyName, PolicyLimits>;
  for (const name of POLICY_NAMES) {
    const base = { ...DEFAULT_POLICIES[name], ...(policies[name] ?? {}) };
    const scale = (ws: Window[]) => ws.map((w) => (w.duration > 1 ? { ...w, points: Math.max(1, Math.round(w.points * merged.limitScale)) } : w));
    out[name] = { address: scale(base.address), prefix: scale(base.prefix), account: scale(base.account), app: scale(base.app), server: scale(base.server) };
  }
  merged.policies = out;
  // An operator who raises the normal difficulty raises the ceiling with it.
  merged.powMaxDifficulty = Math.max(merged.powMaxDifficulty, merged.powDifficulty);
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
