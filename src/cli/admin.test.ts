import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

// Runs `tribune admin` as a real process against a SQLite database in a temp DATA_DIR.
const dataDir = mkdtempSync(join(tmpdir(), 'tribune-admin-'));
const bin = join(import.meta.dirname, '../../bin/tribune.js');

function admin(...args: string[]) {
  const res = spawnSync(process.execPath, [bin, 'admin', ...args], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SECRET_KEY: 'x'.repeat(64) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

function db() {
  return new Database(join(dataDir, 'tribune.sqlite'), { readonly: true });
}

describe('tribune admin', { timeout: 90_000 }, () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a user with a generated password and prints it', () => {
    const r = admin('create-user', '--username', 'admin', '--email', 'admin@example.org', '--role', 'admin');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Created @admin \(id \d+, role admin\)/);
    expect(r.out).toMatch(/Password: \S{20,}/);
    const d = db();
    const row = d.prepare('SELECT u.role, u.approved FROM users u JOIN accounts a ON a.id = u.account_id WHERE a.username = ?').get('admin');
    d.close();
    expect(row).toEqual({ role: 'admin', approved: 1 });
  });

  it('refuses a taken username with a message and a non-zero exit', () => {
    const r = admin('create-user', '--username', 'admin', '--email', 'other@example.org');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Username has already been taken/);
  });

  it('changes a role', () => {
    admin('create-user', '--username', 'mia', '--email', 'mia@example.org', '--password', 'a fine password');
    const r = admin('role', '--username', 'mia', '--role', 'moderator');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/@mia is now a moderator \(was user\)/);
  });

  it('resets a password, printing a generated one and revoking tokens', () => {
    const d0 = new Database(join(dataDir, 'tribune.sqlite'));
    // Snowflakes exceed 2^53: read and bind them as text.
    const id = (d0.prepare("SELECT CAST(id AS TEXT) AS id FROM accounts WHERE username = 'mia'").get() as { id: string }).id;
    d0.prepare(
      "INSERT INTO oauth_tokens (id, token_hash, account_id, scopes, created_at) VALUES (1, 'h', CAST(? AS INTEGER), 'read', '2026-01-01T00:00:00.000Z')",
    ).run(id);
    d0.close();
    const r = admin('reset-password', '--username', 'mia');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/signed out 1 app token/);
    expect(r.out).toMatch(/New password: \S{20,}/);
    const d = db();
    const token = d.prepare('SELECT revoked_at FROM oauth_tokens WHERE id = 1').get() as { revoked_at: string | null };
    d.close();
    expect(token.revoked_at).toBeTruthy();
  });

  it('adds and removes badges', () => {
    expect(admin('badge', '--username', 'mia', '--add', 'verified', '--add', 'news').out).toMatch(/Badges of @mia: verified, news/);
    expect(admin('badge', '--username', 'mia', '--remove', 'news').out).toMatch(/Badges of @mia: verified \(were verified, news\)/);
    const r = admin('badge', '--username', 'mia', '--add', 'royalty');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown badge "royalty"/);
  });

  it('approves a waiting account', () => {
    const d0 = new Database(join(dataDir, 'tribune.sqlite'));
    d0.prepare("UPDATE users SET approved = 0 WHERE email_lower = 'mia@example.org'").run();
    d0.close();
    expect(admin('approve', '--username', 'mia').out).toMatch(/Approved @mia/);
    expect(admin('approve', '--username', 'mia').out).toMatch(/already approved/);
  });

  it('says what to do on unknown accounts, commands and missing options', () => {
    const unknown = admin('role', '--username', 'ghost', '--role', 'admin');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No local account named "ghost"/);
    const missing = admin('role', '--username', 'mia');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--role option is required/);
    const bad = admin('frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Unknown admin command/);
  });
});
