import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstSignIn, hiddenFields, PageBrowser, STARTUP_CALLS } from '../helpers/client-session.js';
import { from, startShieldServer } from './shield-server.js';

// Sign-in limits that fit real use, with the shield's default policies: a school or a carrier NAT puts many people
// behind one address, each signing in to a new app and loading it; one account's wrong passwords stay limited.

describe('sign-in limits with the default policies', () => {
  let t: Awaited<ReturnType<typeof startShieldServer>>;
  beforeAll(async () => {
    t = await startShieldServer();
    for (let i = 0; i < 30; i++) await t.createUser(`pupil${i}`);
    await t.createUser('target');
  });
  afterAll(() => t?.close());

  it('signs 30 people in to a new app from one address and loads each app, without a 429', async () => {
    const school = from('10.70.0.1').headers;
    const refused: string[] = [];
    let requests = 0;
    // People arrive a quarter of a second apart (30 in under 8 s, a class logging in together): the shield's
    // one-second windows are for floods, and a test firing as fast as the machine allows would meet them.
    const start = Date.now();
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, Math.max(0, start + i * 250 - Date.now())));
      const session = await firstSignIn(t, `pupil${i}`, 'correct horse battery', school);
      requests += session.steps.length;
      if ('refused' in session) {
        refused.push(`pupil${i}: ${session.refused.method} ${session.refused.path} ${session.refused.status}`);
        continue;
      }
      for (const call of STARTUP_CALLS) {
        const res = await t.get(call.path, { token: call.token ? session.token : undefined, headers: school });
        requests++;
        if (res.status !== 200) refused.push(`pupil${i}: GET ${call.path} ${res.status}`);
      }
    }
    expect(refused).toEqual([]);
    expect(requests).toBe(30 * (6 + STARTUP_CALLS.length));
  }, 180_000);

  it('limits one account after 5 wrong passwords from one address, while its owner elsewhere and others here sign in', async () => {
    const attacker = from('10.71.0.1').headers;
    const app = await t.post('/api/v1/apps', { headers: attacker, json: { client_name: 'Guesser', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' } });
    const browser = new PageBrowser(t.url, attacker);
    const page = await browser.get(`/oauth/authorize?client_id=${app.body.client_id}&response_type=code&redirect_uri=urn:ietf:wg:oauth:2.0:oob`);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await browser.post('/oauth/sign_in', { ...hiddenFields(page.text, '/oauth/sign_in'), login: 'target', password: `guess ${i}` });
      statuses.push(res.res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    // Even the right password waits now, from that address.
    const right = await browser.post('/oauth/sign_in', { ...hiddenFields(page.text, '/oauth/sign_in'), login: 'target', password: 'correct horse battery' });
    expect(right.res.status).toBe(429);
    expect(right.text).toContain('Too many failed sign-ins');
    // The owner at home, and someone else behind the attacker's address, are not refused.
    expect('token' in (await firstSignIn(t, 'target', 'correct horse battery', from('10.72.0.1').headers))).toBe(true);
    expect('token' in (await firstSignIn(t, 'pupil0', 'correct horse battery', attacker))).toBe(true);
  });
});
