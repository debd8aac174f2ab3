import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueChallenge, issueClearance } from '../../src/shield/pow.js';
import type { TestUser } from '../helpers/server.js';
import { from, readChallenge, solve, startShieldServer } from './shield-server.js';

const HTML = { accept: 'text/html,application/xhtml+xml' };
const page = (ip: string, extra: Record<string, string> = {}) => from(ip, { ...HTML, ...extra });

describe('under-attack mode', () => {
  let t: Awaited<ReturnType<typeof startShieldServer>>;
  let admin: TestUser;
  let alice: TestUser;
  let renders = 0;
  beforeAll(async () => {
    t = await startShieldServer({ powDifficulty: 12, powMaxDifficulty: 12 });
    // A page of our own (under /users/, which the web app leaves to the server), counting its renders.
    // Each test reads its own page, so one test's cached page does not answer another's.
    t.server.app.get('/users/:name', (c) => {
      renders++;
      return c.html(`<p>${c.req.param('name')} ${renders}</p>`);
    });
    admin = await t.createUser('admin', { role: 'admin' });
    alice = await t.createUser('alice');
    const on = await t.post('/api/v1/admin/tribune/shield/attack', { token: admin.token, json: { mode: 'on' } });
    expect(on.status).toBe(200);
    expect(on.body.attack_mode).toMatchObject({ active: true, setting: 'on' });
  });
  afterAll(() => t?.close());

  async function clear(ip: string): Promise<string> {
    const res = await t.get('/users/clear', page(ip));
    const ch = readChallenge(res.text);
    const answer = await t.post('/_shield/clearance', {
      form: { challenge: ch.token, counter: solve(ch.seed, ch.difficulty), return_to: '/users/page' },
      ...from(ip),
    });
    expect(answer.status).toBe(303);
    const cookie = answer.headers.get('set-cookie')!;
    return /tribune_clearance=[^;]+/.exec(cookie)![0];
  }

  it('answers a browser asking for a page without clearance with a proof-of-work challenge', async () => {
    const before = renders;
    const res = await t.get('/users/p0', page('10.20.0.1'));
    expect(res.status).toBe(503);
    expect(res.headers.get('x-tribune-challenge')).toBe('12');
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.text).toContain('<noscript>');
    expect(readChallenge(res.text).difficulty).toBe(12);
    expect(renders).toBe(before);
  });

  it('still challenges a browser that sends cookies of its own (a cookie buys no way around it)', async () => {
    const res = await t.get('/users/p-cookie', page('10.20.0.2', { cookie: 'tribune_session=whatever; other=1' }));
    expect(res.status).toBe(503);
    expect(res.headers.get('x-tribune-challenge')).not.toBeNull();
  });

  it('lets a browser in once the real solver has answered, and the clearance works for its /24', async () => {
    const res = await t.get('/users/p1', page('10.21.0.1'));
    const ch = readChallenge(res.text);
    const counter = solve(ch.seed, ch.difficulty);
    const answer = await t.post('/_shield/clearance', { form: { challenge: ch.token, counter, return_to: '/users/p1' }, ...from('10.21.0.1') });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/users/p1');
    const cookie = /tribune_clearance=[^;]+/.exec(answer.headers.get('set-cookie')!)![0];
    expect(answer.headers.get('set-cookie')).toMatch(/HttpOnly/i);

    const before = renders;
    const cleared = await t.get('/users/p1', page('10.21.0.1', { cookie }));
    expect(cleared.status).toBe(200);
    expect(cleared.headers.get('x-tribune-challenge')).toBeNull();
    expect(renders).toBe(before + 1);
    // Same /24, another address (a phone switching cells on the same network).
    expect((await t.get('/users/p1', page('10.21.0.200', { cookie }))).status).toBe(200);

    // The same answer again is refused: each challenge buys one clearance.
    const replay = await t.post('/_shield/clearance', { form: { challenge: ch.token, counter, return_to: '/users/p1' }, ...from('10.21.0.1') });
    expect(replay.status).toBe(403);
    expect(replay.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a clearance presented from another network', async () => {
    const cookie = await clear('10.22.0.1');
    const moved = await t.get('/users/p2', page('10.23.0.1', { cookie }));
    expect(moved.status).toBe(503);
    expect(moved.headers.get('x-tribune-challenge')).not.toBeNull();
    const v6 = await t.get('/users/p2', page('2001:db8::1', { cookie }));
    expect(v6.headers.get('x-tribune-challenge')).not.toBeNull();
  });

  it('refuses an expired or forged clearance', async () => {
    const expired = issueClearance(t.shield.key, '10.24.0.0/24', 60, Date.now() - 120_000).token;
    const res = await t.get('/users/p3', page('10.24.0.1', { cookie: `tribune_clearance=${expired}` }));
    expect(res.headers.get('x-tribune-challenge')).not.toBeNull();
    const genuine = issueClearance(t.shield.key, '10.24.0.0/24', 60).token;
    const forged = `${genuine.slice(0, -4)}AAAA`;
    const res2 = await t.get('/users/p3', page('10.24.0.1', { cookie: `tribune_clearance=${forged}` }));
    expect(res2.headers.get('x-tribune-challenge')).not.toBeNull();
    // The genuine one passes, so the two refusals above are about expiry and signature.
    expect((await t.get('/users/p3', page('10.24.0.1', { cookie: `tribune_clearance=${genuine}` }))).status).toBe(200);
  });

  it('refuses an expired challenge, a wrong answer and a challenge solved for another network', async () => {
    const old = issueChallenge(t.shield.key, '10.25.0.0/24', 8, 60, Date.now() - 120_000);
    const late = await t.post('/_shield/clearance', { form: { challenge: old.token, counter: solve(old.claims.seed, 8) }, ...from('10.25.0.1') });
    expect(late.status).toBe(403);

    const res = await t.get('/users/p4', page('10.25.0.1'));
    const ch = readChallenge(res.text);
    let wrong = 0;
    while (solve(ch.seed, ch.difficulty) === String(wrong)) wrong++;
    const bad = await t.post('/_shield/clearance', { form: { challenge: ch.token, counter: String(wrong) }, ...from('10.25.0.1') });
    expect(bad.status).toBe(403);
    const elsewhere = await t.post('/_shield/clearance', { form: { challenge: ch.token, counter: solve(ch.seed, ch.difficulty) }, ...from('10.26.0.1') });
    expect(elsewhere.status).toBe(403);
  });

  it('never redirects a solved challenge off the site', async () => {
    const res = await t.get('/users/p5', page('10.27.0.1'));
    const ch = readChallenge(res.text);
    const answer = await t.post('/_shield/clearance', {
      form: { challenge: ch.token, counter: solve(ch.seed, ch.difficulty), return_to: '//evil.example/' },
      ...from('10.27.0.1'),
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/');
  });

  it('never challenges OAuth token holders, OAuth and well-known endpoints, nodeinfo, feeds, the API and health', async () => {
    const withToken = await t.get('/users/p6', { token: alice.token, ...page('10.28.0.1') });
    expect(withToken.headers.get('x-tribune-challenge')).toBeNull();
    expect(withToken.status).toBe(200);
    for (const path of [
      '/oauth/authorize',
      '/.well-known/nodeinfo',
      '/.well-known/webfinger',
      '/nodeinfo/2.0',
      '/@alice.rss',
      '/users/alice/feed',
      '/api/v1/instance',
      '/health',
      '/status',
    ]) {
      const res = await t.get(path, page('10.28.0.2'));
      expect(res.headers.get('x-tribune-challenge'), path).toBeNull();
    }
  });

  it('shows a cached page to a browser without JavaScript instead of a challenge', async () => {
    await t.post('/api/v1/admin/tribune/shield/attack', { token: admin.token, json: { mode: 'off' } });
    const first = await t.get('/users/p7', page('10.29.0.1'));
    expect(first.status).toBe(200);
    await t.post('/api/v1/admin/tribune/shield/attack', { token: admin.token, json: { mode: 'on' } });
    const before = renders;
    const res = await t.get('/users/p7', page('10.29.0.2'));
    expect(res.status).toBe(200);
    expect(res.text).toBe(first.text);
    expect(res.headers.get('x-tribune-challenge')).toBeNull();
    expect(renders).toBe(before);
  });

  it('counts challenges and clearances for /metrics', async () => {
    const metrics = await t.get('/metrics');
    expect(metrics.text).toMatch(/decision="challenged",policy="anon-read"\} [1-9]/);
    expect(metrics.text).toMatch(/decision="cleared",policy="clearance"\} [1-9]/);
    expect(metrics.text).toMatch(/tribune_shield_under_attack 1/);
  });

  it('switches back off through the admin API', async () => {
    const off = await t.post('/api/v1/admin/tribune/shield/attack', { token: admin.token, json: { mode: 'off' } });
    expect(off.body.attack_mode.active).toBe(false);
    expect((await t.get('/users/p9', page('10.30.0.1'))).headers.get('x-tribune-challenge')).toBeNull();
    const invalid = await t.post('/api/v1/admin/tribune/shield/attack', { token: admin.token, json: { mode: 'maybe' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error).toBeTruthy();
  });
});
