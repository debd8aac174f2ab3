import { describe, expect, it } from 'vitest';
import { createAttackController, difficultyFor } from './attack-mode.js';
import { resolveOptions } from './options.js';

const options = resolveOptions({
  attackDelayMs: 100,
  attackUtilisation: 0.9,
  attackSamples: 3,
  attackCalmSeconds: 10,
  powDifficulty: 16,
  powMaxDifficulty: 20,
});
const calm = { delayMs: 5, utilisation: 0.2 };
const hot = { delayMs: 250, utilisation: 0.5 };

describe('under-attack mode', () => {
  it('switches on after consecutive late samples and off after the calm period', () => {
    const a = createAttackController(options, false);
    a.observe(hot, 0);
    a.observe(hot, 500);
    expect(a.active).toBe(false);
    a.observe(hot, 1000);
    expect(a.active).toBe(true);
    a.observe(calm, 1500);
    a.observe(calm, 9000);
    expect(a.active).toBe(true);
    a.observe(calm, 11_600);
    expect(a.active).toBe(false);
  });

  it('also switches on when the event loop is busy, even if not late', () => {
    const a = createAttackController(options, false);
    for (let i = 0; i < 3; i++) a.observe({ delayMs: 1, utilisation: 0.97 }, i * 500);
    expect(a.active).toBe(true);
  });

  it('obeys the operator: on and off hold whatever the load, auto hands back to it', () => {
    const a = createAttackController(options, false);
    const changes: boolean[] = [];
    a.onChange((x) => changes.push(x));
    a.set('on');
    for (let i = 0; i < 30; i++) a.observe(calm, i * 1000);
    expect(a.active).toBe(true);
    a.set('off');
    for (let i = 0; i < 5; i++) a.observe(hot, i * 500);
    expect(a.active).toBe(false);
    a.set('auto');
    for (let i = 0; i < 3; i++) a.observe(hot, i * 500);
    expect(a.active).toBe(true);
    expect(changes).toEqual([true, false, true]);
  });

  it('asks more work of browsers as the pressure grows, up to the ceiling', () => {
    expect(difficultyFor(options, 0.5)).toBe(16);
    expect(difficultyFor(options, 1.5)).toBe(17);
    expect(difficultyFor(options, 4.5)).toBe(19);
    expect(difficultyFor(options, 1000)).toBe(20);
  });
});
