import { createRestAPIClient } from 'masto';
import { detector, type Entity, Mastodon } from 'megalodon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Client libraries detect what a server is before they use it: megalodon reads nodeinfo (software name, else
// metadata.upstream), Phanpy and others read the instance's version string and api_versions. Tribune must come out
// as a Mastodon 4.5 server and then work through each library.

/** The leading x.y.z of a version string, as Phanpy and Elk extract it before comparing ("4.5.0 (compatible; ...)"). */
function semverOf(version: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) throw new Error(`no version in ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

describe('client detection', () => {
  let t: TestServer;
  let ada: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    ada = await t.createUser('ada');
  });
  afterAll(() => t?.close());

  it('is detected as Mastodon by megalodon, which then reads the instance and the account', async () => {
    expect(await detector(t.url)).toBe('mastodon');
    // What generator('mastodon', ...) builds for the detected software.
    const client = new Mastodon(t.url, ada.token);
    const instance = await client.getInstance();
    expect(instance.data.version).toBe('4.5.0 (compatible; Tribune 0.1.0)');
    const me = await client.verifyAccountCredentials();
    expect(me.data).toMatchObject({ id: ada.id, username: 'ada', acct: 'ada' });
    const posted = await client.postStatus('detected as Mastodon', { visibility: 'public' });
    expect(posted.status).toBe(200);
    const home = await client.getHomeTimeline({ limit: 5 });
    expect(home.data.map((s: Entity.Status) => s.content)).toContain('<p>detected as Mastodon</p>');
  });

  it('presents a Mastodon 4.5 version and API version 7 to masto, in v1 and v2 instance', async () => {
    const masto = createRestAPIClient({ url: t.url, accessToken: ada.token });
    const v2 = await masto.v2.instance.fetch();
    expect(v2.version).toBe('4.5.0 (compatible; Tribune 0.1.0)');
    expect(semverOf(v2.version)).toEqual([4, 5, 0]);
    expect(v2.apiVersions).toEqual({ mastodon: 7 });
    const v1 = await masto.v1.instance.fetch();
    expect(semverOf(v1.version)).toEqual([4, 5, 0]);
    const me = await masto.v1.accounts.verifyCredentials();
    expect(me).toMatchObject({ id: ada.id, username: 'ada' });
    const prefs = await masto.v1.preferences.fetch();
    expect(prefs['posting:default:visibility']).toBe('public');
  });

  it('names itself in nodeinfo 2.0 and 2.1, with Mastodon as its upstream', async () => {
    for (const version of ['2.0', '2.1']) {
      const info = await t.get(`/nodeinfo/${version}`);
      expect(info.body.software).toEqual({ name: 'tribune', version: '0.1.0' });
      expect(info.body.metadata.upstream).toEqual({ name: 'mastodon', version: '4.5.0' });
    }
  });
});
