import { DECISIONS } from './metrics.js';
import { POLICY_NAMES } from './options.js';
import type { Shield } from './shield.service.js';

/** The shield's counters and gauges in Prometheus' text format. */
export function renderMetrics(s: Shield): string {
  const lines: string[] = [];
  lines.push('# HELP tribune_shield_decisions_total Requests by shield decision and policy.', '# TYPE tribune_shield_decisions_total counter');
  const counted = new Map(s.metrics.counters().map((r) => [`${r.decision}|${r.policy}`, r.count]));
  // Every (decision, policy) pair is listed, zeros included, so dashboards see series from the start.
  for (const d of DECISIONS) for (const p of POLICY_NAMES) counted.set(`${d}|${p}`, counted.get(`${d}|${p}`) ?? 0);
  for (const [k, v] of [...counted.entries()].sort()) {
    const [decision, policy] = k.split('|');
    lines.push(`tribune_shield_decisions_total{decision="${decision}",policy="${policy}"} ${v}`);
  }
  const gauge = (name: string, help: string, value: number) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
  gauge('tribune_shield_enabled', 'The shield is on (SHIELD=on).', s.enabled ? 1 : 0);
  gauge('tribune_shield_under_attack', 'Under-attack mode is active.', s.enabled && s.attack.active ? 1 : 0);
  gauge('tribune_shield_event_loop_delay_ms', 'p99 event-loop delay over the last sample.', round(s.attack.load.delayMs));
  gauge('tribune_shield_event_loop_utilisation', 'Event-loop utilisation over the last sample.', round(s.attack.load.utilisation));
  gauge('tribune_shield_cache_entries', 'Pages held by the micro-cache.', s.cache.size);
  gauge('tribune_shield_anonymous_renders_in_flight', 'Uncached anonymous renders running now.', s.anonInFlight);
  gauge('tribune_server_mode', 'Server mode: 0 normal, 1 read-only, 2 maintenance.', s.mode.mode === 'maintenance' ? 2 : s.mode.mode === 'read-only' ? 1 : 0);
  return `${lines.join('\n')}\n`;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
