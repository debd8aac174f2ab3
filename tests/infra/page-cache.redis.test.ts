import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppByClientId } from '../../src/domain/auth/oauth.store.js';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { type ClusterNode, createClusterUser, deleteRedisKeys, startClusterNode } from '../helpers/cluster.js';
import { freshDatabase } from '../helpers/database.js';
import { eventually } from '../helpers/server.js';

// Home pages and resolved tokens are cached per process (src/api/page-cache.ts, src/domain/auth/tokens.ts). With two
// servers on one database, a change made through A reaches B's caches over Redis: B's next reads must show it.
// The database is one on DATABASE_URL's server, else one SQLite file both open. Runs only with REDIS_URL.
const url = process.env.REDIS_URL;
const run = `tribune-test:${randomBytes(4).toString('hex')}:`;

interface Status {
  id: string;
  favourites_count: number;
  account: { id: string; display_name: string };
}

describe.skipIf(!url)('cached home pages and tokens across two servers (Redis)', { timeout: 60_000 }, () => {
  let a: ClusterNode;
  let b: ClusterNode;
  let drop: () => Promise<void> = async () => {};
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tribune-page-cache-'));
    let databaseUrl = `sqlite:${join(dataDir, 'shared.sqlite')}`;
    if (process.env.DATABASE_URL) {
      const db = await freshDatabase('pg');
      drop = db.drop;
      databaseUrl = db.url;
    }
    a = await startClusterNode({ databaseUrl, dataDir, redisUrl: url, redisPrefix: run });
    b = await startClusterNode({ databaseUrl, dataDir, redisUrl: url, redisPrefix: run });
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (url) await deleteRedisKeys(url!, `${run}*`);
  });

  /** A reader following an author, and the author's post as the reader's home on B shows it (now cached on B). */
  async function postOnHomeOfB(name: string) {
    const reader = await createClusterUser(a.ctx, `${name}_reader`);
    const author = await createClusterUser(a.ctx, `${name}_author`);
    expect((await a.request('POST', `/api/v1/accounts/${author.id}/follow`, { token: reader.token })).status).toBe(200);
    const post = await a.request('POST', '/api/v1/statuses', { token: author.token, json: { status: `a post by ${name}`, visibility: 'public' } });
    expect(post.status).toBe(200);
    const homeOnB = async (): Promise<Status> => {
      const r = await b.request('GET', '/api/v1/timelines/home', { token: reader.token });
      expect(r.status).toBe(200);
      const s = (r.body as Status[]).find((x) => x.id === post.body.id);
      expect(s, 'the post on the reader home read from B').toBeDefined();
      return s!;
    };
    const first = await eventually(homeOnB);
    // Read twice: the second answer comes from B's cache.
    expect(await homeOnB()).toEqual(first);
    return { reader, author, id: post.body.id as string, first, homeOnB };
  }

  it('shows on B a favourite made through A', async () => {
    const { reader, id, first, homeOnB } = await postOnHomeOfB('fav');
    expect(first.favourites_count).toBe(0);
    const fan = await createClusterUser(a.ctx, 'fav_fan');
    expect((await a.request('POST', `/api/v1/statuses/${id}/favourite`, { token: fan.token })).status).toBe(200);
    await eventually(async () => expect((await homeOnB()).favourites_count).toBe(1));
    // The reader's own favourite, made on A, also reaches B's cached page of the reader.
    expect((await a.request('POST', `/api/v1/statuses/${id}/favourite`, { token: reader.token })).status).toBe(200);
    await eventually(async () => expect(await homeOnB()).toMatchObject({ favourites_count: 2, favourited: true }));
  });

  it('shows on B a display name changed through A', async () => {
    const { author, first, homeOnB } = await postOnHomeOfB('name');
    expect(first.account.display_name).not.toBe('Renamed on A');
    const r = await a.request('PATCH', '/api/v1/accounts/update_credentials', { token: author.token, json: { display_name: 'Renamed on A' } });
    expect(r.status).toBe(200);
    await eventually(async () => expect((await homeOnB()).account.display_name).toBe('Renamed on A'));
  });

  it('refuses on B a token revoked through A, after B had used it', async () => {
    const { id } = await createClusterUser(a.ctx, 'revoked');
    const app = await a.request('POST', '/api/v1/apps', { json: { client_name: 'Revoker', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' } });
    expect(app.status).toBe(200);
    const row = await findAppByClientId(a.ctx.db, app.body.client_id);
    const { token } = await issueToken(a.ctx, row!.id, id, 'read write');
    // Used on B twice: resolved, then served from B's token cache.
    for (let i = 0; i < 2; i++) expect((await b.request('GET', '/api/v1/timelines/home', { token })).status).toBe(200);
    expect((await b.request('GET', '/api/v1/accounts/verify_credentials', { token })).status).toBe(200);
    const tokenId = String((await a.ctx.db.selectFrom('oauth_tokens').select('id').where('app_id', '=', row!.id).executeTakeFirstOrThrow()).id);
    const before = b.ctx.versions.versions.now();
    const revoke = await a.request('POST', '/oauth/revoke', { json: { client_id: app.body.client_id, client_secret: app.body.client_secret, token } });
    expect(revoke.status).toBe(200);
    // At once on A, which revoked it.
    expect((await a.request('GET', '/api/v1/accounts/verify_credentials', { token })).status).toBe(401);
    // B hears of it over Redis (waited for here, not by the token cache's ten-second ceiling), then refuses it at once.
    await eventually(() => expect(b.ctx.versions.versions.changedSince(before, { tokens: [tokenId] })).toBe(true));
    expect((await b.request('GET', '/api/v1/accounts/verify_credentials', { token })).status).toBe(401);
    expect((await b.request('GET', '/api/v1/timelines/home', { token })).status).toBe(401);
  });
});
