import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMaintenance } from '../../src/cli/maintenance.js';
import { runShield } from '../../src/cli/shield.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { from, startShieldServer } from './shield-server.js';

const HTML = { accept: 'text/html' };

describe('maintenance and read-only modes', () => {
  let t: Awaited<ReturnType<typeof startShieldServer>>;
  let admin: TestUser;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startShieldServer();
    t.server.app.get('/users/:name', (c) => c.html(`<p>${c.req.param('name')}</p>`));
    admin = await t.createUser('admin', { role: 'admin' });
    alice = await t.createUser('alice');
  });
  afterAll(() => t?.close());

  it('answers every page and API call with the owner message, 503 and Retry-After in maintenance', async () => {
    const on = await t.post('/api/v1/admin/tribune/maintenance', {
      token: admin.token,
      json: { mode: 'maintenance', message: 'Moving to a new disk, back by 3pm.', retry_after: 600 },
    });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ mode: 'maintenance', message: 'Moving to a new disk, back by 3pm.', retry_after: 600 });

    const pageRes = await t.get('/users/someone', from('10.50.0.1', HTML));
    expect(pageRes.status).toBe(503);
    expect(pageRes.headers.get('retry-after')).toBe('600');
    expect(pageRes.text).toContain('Moving to a new disk, back by 3pm.');

    const api = await t.get('/api/v1/timelines/public', from('10.50.0.1'));
    expect(api.status).toBe(503);
    expect(api.body).toEqual({ error: 'Moving to a new disk, back by 3pm.' });
    const user = await t.get('/api/v1/timelines/home', { token: alice.token });
    expect(user.status).toBe(503);
    expect(user.body.error).toBe('Moving to a new disk, back by 3pm.');
  });

  it('keeps health checks, sign-in and the admin API working in maintenance', async () => {
    expect((await t.get('/health')).status).toBe(200);
    const status = await t.get('/status');
    expect(status.body).toMatchObject({ mode: 'maintenance', message: 'Moving to a new disk, back by 3pm.' });
    expect((await t.get('/oauth/authorize?client_id=x', from('10.50.0.2', HTML))).status).not.toBe(503);
    expect((await t.post('/oauth/token', { form: { grant_type: 'password' } })).status).not.toBe(503);
    expect((await t.get('/api/v1/admin/tribune/maintenance', { token: admin.token })).status).toBe(200);
    expect((await t.get('/api/v1/admin/tribune/shield', { token: admin.token })).status).toBe(200);
  });

  it('keeps reads going and refuses writes with a clear message in read-only mode', async () => {
    const ro = await t.post('/api/v1/admin/tribune/maintenance', { token: admin.token, json: { mode: 'read-only' } });
    expect(ro.body.mode).toBe('read-only');
    const write = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'hello' } });
    expect(write.status).toBe(503);
    expect(write.body.error).toMatch(/read-only/);
    const anonWrite = await t.post('/api/v1/accounts', { form: { username: 'x' }, ...from('10.51.0.1') });
    expect(anonWrite.status).toBe(503);
    const read = await t.get('/users/readable', from('10.51.0.1', HTML));
    expect(read.status).toBe(200);
    expect((await t.get('/api/v1/timelines/home', { token: alice.token })).status).not.toBe(503);
    expect((await t.get('/status')).body.mode).toBe('read-only');
  });

  it('goes back to normal and refuses an unknown mode with 422', async () => {
    const bad = await t.post('/api/v1/admin/tribune/maintenance', { token: admin.token, json: { mode: 'sleep' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBeTruthy();
    await t.post('/api/v1/admin/tribune/maintenance', { token: admin.token, json: { mode: 'normal' } });
    expect((await t.get('/status')).body).toMatchObject({ mode: 'normal', message: null });
    expect((await t.get('/users/back', from('10.52.0.1', HTML))).status).toBe(200);
    expect((await t.post('/api/v1/admin/tribune/maintenance', { token: alice.token, json: { mode: 'normal' } })).status).toBe(403);
  });

  it('reaches a running server from the CLI through the database', async () => {
    const on = await runMaintenance(t.ctx.db, ['on', '--message', 'Upgrading tonight']);
    expect(on.code).toBe(0);
    await t.shield.refreshMode();
    const res = await t.get('/api/v1/timelines/public', from('10.53.0.1'));
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('Upgrading tonight');
    expect((await runMaintenance(t.ctx.db, ['status'])).output).toContain('Upgrading tonight');
    expect((await runMaintenance(t.ctx.db, ['off'])).code).toBe(0);
    await t.shield.refreshMode();
    expect((await t.get('/status')).body.mode).toBe('normal');
    expect((await runMaintenance(t.ctx.db, ['sideways'])).code).toBe(2);

    expect((await runShield(t.ctx.db, ['attack', 'on'])).code).toBe(0);
    await t.shield.refreshMode();
    expect(t.shield.attack.active).toBe(true);
    expect((await runShield(t.ctx.db, ['attack', 'auto'])).code).toBe(0);
    await t.shield.refreshMode();
    expect(t.shield.attack.setting).toBe('auto');
    expect((await runShield(t.ctx.db, ['attack', 'sometimes'])).code).toBe(2);
  });
});

describe('modes with the shield off', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());

  it('still applies maintenance mode (it is the operator switch, not a defence)', async () => {
    await runMaintenance(t.ctx.db, ['on']);
    await t.ctx.shield.refreshMode();
    const res = await t.get('/api/v1/timelines/public');
    expect(res.status).toBe(503);
    expect(res.body.error).toMatch(/maintenance/);
  });
});
