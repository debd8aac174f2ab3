import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { ShieldOptions } from './options.js';

// Under-attack mode: on by itself when the event loop is late or busy for a few samples in a row,
// off after a calm period; or forced on/off by the operator (CLI, admin API).

export type AttackSetting = 'auto' | 'on' | 'off';

export interface LoadSample {
  /** p99 event-loop delay over the last sample, in ms. */
  delayMs: number;
  /** Event-loop utilisation over the last sample, 0..1. */
  utilisation: number;
}

export interface AttackController {
  readonly active: boolean;
  readonly setting: AttackSetting;
  /** When the mode last switched on (ms epoch), or null. */
  readonly since: number | null;
  readonly load: LoadSample;
  /** 0 = calm, 1 = at the threshold, 2+ = well past it: drives difficulty and shedding. */
  readonly pressure: number;
  set(setting: AttackSetting): void;
  /** Feeds a sample (the monitor calls this; tests call it directly). */
  observe(sample: LoadSample, now?: number): void;
  onChange(fn: (active: boolean) => void): void;
  stop(): void;
}

export function createAttackController(options: ShieldOptions, startMonitor = true): AttackController {
  let setting: AttackSetting = 'auto';
  let autoActive = false;
  let since: number | null = null;
  let hot = 0;
  let calmSince: number | null = null;
  let load: LoadSample = { delayMs: 0, utilisation: 0 };
  const listeners: Array<(active: boolean) => void> = [];
  let lastActive = false;

  const isActive = () => (setting === 'on' ? true : setting === 'off' ? false : autoActive);
  const notify = () => {
    const a = isActive();
    if (a !== lastActive) {
      lastActive = a;
      since = a ? Date.now() : null;
      for (const fn of listeners) fn(a);
    }
  };
  const pressureOf = (s: LoadSample) => Math.max(s.delayMs / options.attackDelayMs, s.utilisation / options.attackUtilisation);

  const controller: AttackController = {
    get active() {
      return isActive();
    },
    get setting() {
      return setting;
    },
    get since() {
      return since;
    },
    get load() {
      return load;
    },
    get pressure() {
      return pressureOf(load);
    },
    set(s) {
      setting = s;
      if (s !== 'auto') autoActive = s === 'on';
      hot = 0;
      calmSince = null;
      notify();
    },
    observe(sample, now = Date.now()) {
      load = sample;
      if (pressureOf(sample) >= 1) {
        hot++;
        calmSince = null;
        if (hot >= options.attackSamples) autoActive = true;
      } else {
        hot = 0;
        calmSince ??= now;
        if (autoActive && now - calmSince >= options.attackCalmSeconds * 1000) autoActive = false;
      }
      notify();
    },
    onChange(fn) {
      listeners.push(fn);
    },
    stop() {},
  };

  if (startMonitor) {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    let elu = performance.eventLoopUtilization();
    const timer = setInterval(() => {
      const next = performance.eventLoopUtilization();
      const utilisation = performance.eventLoopUtilization(next, elu).utilization;
      elu = next;
      const delayMs = Math.max(0, histogram.percentile(99) / 1e6 - 10);
      histogram.reset();
      controller.observe({ delayMs, utilisation });
    }, options.sampleIntervalMs);
    timer.unref();
    controller.stop = () => {
      clearInterval(timer);
      histogram.disable();
    };
  }
  return controller;
}

/** Extra proof-of-work bits under load: each doubling of pressure past the threshold costs twice the work. */
export function difficultyFor(options: ShieldOptions, pressure: number): number {
  const extra = pressure > 1 ? Math.floor(Math.log2(pressure)) + 1 : 0;
  return Math.min(options.powMaxDifficulty, options.powDifficulty + extra);
}
