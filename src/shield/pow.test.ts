import { describe, expect, it } from 'vitest';
import { SOLVER_SOURCE } from './challenge-page.js';
import { checkWork, createSpentSeeds, deriveKey, issueChallenge, issueClearance, verifyChallenge, verifyClearance } from './pow.js';

const solve = new Function(`${SOLVER_SOURCE}; return tribuneSolve;`)() as (seed: string, d: number) => string;
const key = deriveKey('k'.repeat(64));

describe('proof of work', () => {
  it("accepts the browser solver's answer and it really has the leading zero bits", () => {
    for (const d of [1, 8, 13]) {
      const { token, claims } = issueChallenge(key, '192.0.2.0/24', d, 60);
      const counter = solve(claims.seed, d);
      expect(checkWork(claims.seed, counter, d)).toBe(true);
      const seen = createSpentSeeds();
      expect(verifyChallenge(key, token, counter, '192.0.2.0/24', seen.firstUse)).toMatchObject({ seed: claims.seed, difficulty: d });
      expect(verifyChallenge(key, token, counter, '192.0.2.0/24', seen.firstUse)).toBe('replayed');
    }
  });

  it('refuses a tampered difficulty, another network, an expired challenge and junk counters', () => {
    const seen = createSpentSeeds();
    const { token, claims } = issueChallenge(key, '192.0.2.0/24', 12, 60);
    const counter = solve(claims.seed, 12);
    const [payload, sig] = token.split('.') as [string, string];
    const lowered = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('|12|', '|1|')).toString('base64url');
    expect(verifyChallenge(key, `${lowered}.${sig}`, counter, '192.0.2.0/24', seen.firstUse)).toBe('signature');
    expect(verifyChallenge(key, token, counter, '198.51.100.0/24', seen.firstUse)).toBe('network');
    expect(verifyChallenge(key, token, counter, '192.0.2.0/24', seen.firstUse, claims.expiresAt + 1)).toBe('expired');
    expect(verifyChallenge(key, token, '-1', '192.0.2.0/24', seen.firstUse)).toBe('work');
    expect(verifyChallenge(key, 'nonsense', counter, '192.0.2.0/24', seen.firstUse)).toBe('malformed');
    expect(verifyChallenge(deriveKey('other'.repeat(10)), token, counter, '192.0.2.0/24', seen.firstUse)).toBe('signature');
  });

  it('binds a clearance to its network and its expiry', () => {
    const { token } = issueClearance(key, '2001:db8::/64', 60);
    expect(verifyClearance(key, token, '2001:db8::/64')).toMatchObject({ network: '2001:db8::/64' });
    expect(verifyClearance(key, token, '2001:db8:0:1::/64')).toBe('network');
    expect(verifyClearance(key, token, '2001:db8::/64', Date.now() + 61_000)).toBe('expired');
    expect(verifyClearance(key, `${token}x`, '2001:db8::/64')).toBe('signature');
  });
});
