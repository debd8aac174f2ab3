import { difficultyFor } from '../../shield/attack-mode.js';
import type { ModeState } from '../../shield/modes.js';
import type { Shield } from '../../shield/shield.service.js';

// Tribune extension (not in Mastodon): the shield's state for /status and the admin API.

export function serializeMode(m: ModeState) {
  return { mode: m.mode, message: m.message || null, since: m.since, retry_after: m.retryAfter };
}

export function serializeStatusPage(s: Shield) {
  return { ...serializeMode(s.mode), under_attack: s.enabled && s.attack.active };
}

export function serializeShield(s: Shield, top = 20) {
  const a = s.attack;
  const t = s.metrics.top(top);
  return {
    enabled: s.enabled,
    store: s.store.kind,
    server_mode: serializeMode(s.mode),
    attack_mode: {
      active: s.enabled && a.active,
      setting: a.setting,
      since: a.since ? new Date(a.since).toISOString() : null,
      event_loop_delay_ms: Math.round(a.load.delayMs * 10) / 10,
      event_loop_utilisation: Math.round(a.load.utilisation * 1000) / 1000,
      pressure: Math.round(a.pressure * 100) / 100,
      challenge_difficulty: difficultyFor(s.options, a.pressure),
    },
    cache: { entries: s.cache.size },
    anonymous_renders_in_flight: s.anonInFlight,
    decisions: s.metrics.counters().sort((x, y) => y.count - x.count),
    top_limited: {
      addresses: t.addresses.map((e) => ({ address: e.key, count: e.count })),
      prefixes: t.prefixes.map((e) => ({ prefix: e.key, count: e.count })),
    },
  };
}
