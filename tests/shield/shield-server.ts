import type { Config } from '../../src/config/config.js';
import { SOLVER_SOURCE } from '../../src/shield/challenge-page.js';
import type { ShieldOverrides } from '../../src/shield/options.js';
import type { Shield } from '../../src/shield/shield.service.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A test server with the shield on, behind a trusted proxy on 127.0.0.1 so each test picks its client
 * address with X-Forwarded-For. Automatic under-attack mode is disabled (thresholds out of reach):
 * tests switch it on themselves.
 */
export async function startShieldServer(shield: ShieldOverrides = {}, config: Partial<Config> = {}): Promise<TestServer & { shield: Shield }> {
  const t = await startTestServer({
    shieldEnabled: true,
    trustedProxies: ['127.0.0.1'],
    shield: { attackDelayMs: 1e9, attackUtilisation: 1e9, ...shield },
    ...config,
  });
  return Object.assign(t, { shield: t.ctx.shield });
}

export const from = (ip: string, headers: Record<string, string> = {}) => ({ headers: { 'x-forwarded-for': ip, ...headers } });

/** The browser's solver, the very source the challenge page runs. */
export const solve = new Function(`${SOLVER_SOURCE}; return tribuneSolve;`)() as (seed: string, difficulty: number) => string;

/** Reads the challenge token, seed and difficulty out of a challenge page. */
export function readChallenge(html: string): { token: string; seed: string; difficulty: number } {
  const token = /name="challenge" value="([^"]+)"/.exec(html)?.[1];
  const m = /tribuneSolve\(("[^"]+"), (\d+)\)/.exec(html);
  if (!token || !m) throw new Error('not a challenge page');
  return { token, seed: JSON.parse(m[1]!), difficulty: Number(m[2]) };
}
