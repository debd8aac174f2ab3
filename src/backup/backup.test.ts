import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { create as createTar, extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTribune } from '../../tests/helpers/cli.js';
import { startTestServer, type TestServer } from '../../tests/helpers/server.js';
import { buildCommunity, type Community, expectCommunityIntact } from './test-community.js';

// `tribune backup` and `tribune restore` as real processes on SQLite: the backup is taken while the
// source server is running, the restore goes into a new DATA_DIR, and a server started there is checked over HTTP.
const work = mkdtempSync(join(tmpdir(), 'tribune-backup-cli-'));

function tribune(args: string[], env: Record<string, string>) {
  return runTribune(args, env, { cwd: work });
}

describe('tribune backup and tribune restore', { timeout: 120_000 }, () => {
  let source: TestServer;
  let community: Community;
  let sourceEnv: Record<string, string>;
  let adaKeyPem: string;
  const AP = { accept: 'application/activity+json' };
  const archive = join(work, 'community.tar.gz');
  const target = join(work, 'new-host');

  beforeAll(async () => {
    source = await startTestServer();
    community = await buildCommunity(source);
    // Ada's federation keys exist (sealed under the secret the archive carries).
    adaKeyPem = (await source.get('/users/ada', { headers: AP })).body.publicKey.publicKeyPem;
    sourceEnv = { DATA_DIR: source.ctx.config.dataDir, DATABASE_URL: source.ctx.config.databaseUrl, SECRET_KEY: source.ctx.config.secretKey };
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes one private archive while the server runs, with a manifest, every table, the media and the secret', async () => {
    const r = await tribune(['backup', '--output', archive], sourceEnv);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Wrote .*community\.tar\.gz/);
    expect(r.err).toMatch(/statuses: 5 row\(s\)/);
    expect(r.err).toMatch(/Warning: the archive holds the secret key/);
    expect(statSync(archive).mode & 0o777).toBe(0o600);

    const look = join(work, 'look');
    mkdirSync(look);
    await extract({ file: archive, cwd: look });
    const manifest = JSON.parse(readFileSync(join(look, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'tribune-backup', formatVersion: 1, dialect: 'sqlite', tribuneVersion: expect.any(String) });
    expect(manifest.migrations).toContain('0001-core');
    const tables = Object.fromEntries(manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]));
    expect(tables).toMatchObject({ accounts: 3, statuses: 5, follows: 3, favourites: 1 });
    expect(tables).not.toHaveProperty('statuses_fts');
    expect(tables).not.toHaveProperty('tribune_migrations');
    // Dialect-neutral rows: snowflake ids as decimal strings, one JSON object per line.
    const statuses = readFileSync(join(look, 'db/statuses.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(statuses.map((s) => s.id)).toEqual([community.hello, community.portable, community.reply, community.dm, expect.any(String)]);
    expect(readFileSync(join(look, 'secret.key'), 'utf8').trim()).toBe(source.ctx.config.secretKey);
    expect(manifest.media.files).toBeGreaterThan(0);
    expect(existsSync(join(look, 'media/accounts/avatars', community.ada.id))).toBe(true);
  });

  it('takes one consistent snapshot while accounts are being created', async () => {
    // Accounts are exported first and users last: without one snapshot, a user made in between would
    // reference an account missing from the archive, and the restore's foreign-key check would fail.
    const snapshot = join(work, 'snapshot.tar.gz');
    const backup = tribune(['backup', '--output', snapshot, '--page-size', '1'], sourceEnv);
    let running = true;
    void backup.then(() => {
      running = false;
    });
    let made = 0;
    while (running) {
      await source.createUser(`busy${made++}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const r = await backup;
    expect(r.code, r.err).toBe(0);
    expect(made).toBeGreaterThan(3);
    const restored = await tribune(['restore', snapshot], { DATA_DIR: join(work, 'snapshot-host') });
    expect(restored.code, restored.err).toBe(0);
    const db = new Database(join(work, 'snapshot-host', 'tribune.sqlite'), { readonly: true });
    const counts = db.prepare('SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM users) AS users').get() as {
      accounts: number;
      users: number;
    };
    db.close();
    expect(counts.accounts).toBe(counts.users);
  });

  it('restores into a new host that started once, and the community is intact there', async () => {
    // A first start writes settings (VAPID keys) and a secret: the database still counts as empty.
    const once = await tribune(['migrate'], { DATA_DIR: target });
    expect(once.code, once.err).toBe(0);
    const started = await startTestServer({ databaseUrl: `sqlite:${join(target, 'tribune.sqlite')}`, dataDir: target });
    await started.close();
    const r = await tribune(['restore', archive], { DATA_DIR: target });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/row counts match the manifest/);
    expect(r.out).toMatch(/rebuilt search index: statuses_fts/);
    expect(r.out).toMatch(/media file\(s\) into/);
    const secret = readFileSync(join(target, 'secret.key'), 'utf8').trim();
    expect(secret).toBe(source.ctx.config.secretKey);
    expect(statSync(join(target, 'secret.key')).mode & 0o777).toBe(0o600);

    const restored = await startTestServer({ databaseUrl: `sqlite:${join(target, 'tribune.sqlite')}`, dataDir: target, secretKey: secret });
    try {
      await expectCommunityIntact(restored, community, source.url);
      // The sealed private keys open under the restored secret: the actor is served with the same public key.
      const ada = await restored.get('/users/ada', { headers: AP });
      expect(ada.status).toBe(200);
      expect(ada.body.publicKey.publicKeyPem).toBe(adaKeyPem);
    } finally {
      await restored.close();
    }
  });

  it('refuses a database that holds data unless --force, and says so', async () => {
    const refused = await tribune(['restore', archive], { DATA_DIR: target });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/already holds data \(accounts: 3, statuses: 6,/);
    expect(refused.err).toMatch(/--force/);
    const forced = await tribune(['restore', archive, '--force'], { DATA_DIR: target });
    expect(forced.code, forced.err).toBe(0);
    expect(forced.err).toMatch(/Erased the existing database/);
    // The post made on the restored host before is gone: the archive replaced everything.
    const check = await startTestServer({ databaseUrl: `sqlite:${join(target, 'tribune.sqlite')}`, dataDir: target });
    try {
      const home = await check.get('/api/v1/timelines/home', { token: community.bea.token });
      expect(home.body.map((x: { id: string }) => x.id)).toEqual((community.views['bea home'] as Array<{ id: string }>).map((x) => x.id));
    } finally {
      await check.close();
    }
  });

  it('says what to do with a file that is not a backup', async () => {
    const junk = join(work, 'notes.txt');
    writeFileSync(junk, 'just some notes\n'.repeat(100));
    const r = await tribune(['restore', junk], { DATA_DIR: join(work, 'junk-host') });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not a Tribune backup .*Pass the \.tar\.gz file written by `tribune backup`/);
    const missing = await tribune(['restore', join(work, 'nope.tar.gz')], { DATA_DIR: join(work, 'junk-host') });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No such file/);
    const none = await tribune(['restore'], { DATA_DIR: join(work, 'junk-host') });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/Which archive\?/);
  });

  it('refuses an archive from a newer schema, naming the version to upgrade to', async () => {
    const dir = join(work, 'future');
    mkdirSync(dir);
    await extract({ file: archive, cwd: dir });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.migrations.push('9999-future-feature');
    manifest.tribuneVersion = '9.0.0';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const future = join(work, 'future.tar.gz');
    await createTar({ gzip: true, file: future, cwd: dir }, ['manifest.json', 'db', 'secret.key']);
    const r = await tribune(['restore', future], { DATA_DIR: join(work, 'future-host') });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/newer than this code's .*9999-future-feature.*Upgrade Tribune on this host to 9\.0\.0 or later/);
  });

  it('restores an archive from an older schema, then applies the newer migrations', async () => {
    // As if taken before Web Push existed: no 06xx migrations, no push_subscriptions table.
    const dir = join(work, 'older');
    mkdirSync(dir);
    await extract({ file: archive, cwd: dir });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.migrations = manifest.migrations.filter((m: string) => !m.startsWith('06'));
    manifest.tables = manifest.tables.filter((t: { name: string }) => t.name !== 'push_subscriptions');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    rmSync(join(dir, 'db/push_subscriptions.jsonl'));
    const older = join(work, 'older.tar.gz');
    await createTar({ gzip: true, file: older, cwd: dir }, ['manifest.json', 'db', 'media', 'secret.key']);
    const host = join(work, 'older-host');
    const r = await tribune(['restore', older], { DATA_DIR: host });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/then applied 1 newer migration\(s\): 0600-web-push-subscriptions/);
    const restored = await startTestServer({ databaseUrl: `sqlite:${join(host, 'tribune.sqlite')}`, dataDir: host });
    try {
      const home = await restored.get('/api/v1/timelines/home', { token: community.bea.token });
      expect(home.body.map((x: { id: string }) => x.id)).toEqual((community.views['bea home'] as Array<{ id: string }>).map((x) => x.id));
    } finally {
      await restored.close();
    }
  });

  it('refuses a damaged archive before touching the database', async () => {
    const dir = join(work, 'damaged');
    mkdirSync(dir);
    await extract({ file: archive, cwd: dir });
    writeFileSync(join(dir, 'db/statuses.jsonl'), '');
    const damaged = join(work, 'damaged.tar.gz');
    await createTar({ gzip: true, file: damaged, cwd: dir }, ['manifest.json', 'db', 'secret.key']);
    const host = join(work, 'damaged-host');
    const r = await tribune(['restore', damaged], { DATA_DIR: host });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/damaged: db\/statuses\.jsonl does not match its checksum/);
    const db = new Database(join(host, 'tribune.sqlite'), { readonly: true });
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    db.close();
    expect(tables.n).toBe(0);
  });

  it('does not overwrite an existing archive', async () => {
    const r = await tribune(['backup', '--output', archive], sourceEnv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/already exists: choose another --output/);
  });
});
