import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createContext } from '../context.js';
import { createLocalAccount } from '../domain/accounts/accounts.service.js';
import { createStatus, type PostInput } from '../domain/statuses/posting.js';
import { createLogger } from '../logger.js';
import { createReport } from '../moderation/reports.service.js';

// `tribune admin` accounts, search, suspend, unsuspend, silence, unsilence, delete, reports, instance and stats,
// each run as a real process against a SQLite DATA_DIR: what it prints, and the audit log rows it writes.
const dataDir = mkdtempSync(join(tmpdir(), 'tribune-admin-ops-'));
const bin = join(import.meta.dirname, '../../bin/tribune.js');
const SECRET = 'y'.repeat(64);

function admin(...args: string[]) {
  const res = spawnSync(process.execPath, [bin, 'admin', ...args], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SECRET_KEY: SECRET },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const d = new Database(join(dataDir, 'tribune.sqlite'), { readonly: true });
  d.defaultSafeIntegers(false);
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

interface AuditRow {
  action: string;
  actor: string | null;
  target: string | null;
  reason: string;
  before: string | null;
  after: string | null;
}
const audit = (action: string) =>
  query<AuditRow>(
    `SELECT l.action, ra.username AS actor, ta.username AS target, l.reason, l.before, l.after FROM moderation_audit_log l
     LEFT JOIN accounts ra ON ra.id = l.actor_id LEFT JOIN accounts ta ON ta.id = l.target_id WHERE l.action = ? ORDER BY l.id`,
    action,
  );
const account = (username: string) =>
  query<{ suspended_at: string | null; limited_at: string | null; display_name: string; statuses: number }>(
    'SELECT a.suspended_at, a.limited_at, a.display_name, (SELECT COUNT(*) FROM statuses s WHERE s.account_id = a.id) AS statuses FROM accounts a WHERE username = ?',
    username,
  )[0]!;

describe('tribune admin for operators', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    // Accounts, a post and a report, written through the services as the server would (a process per account
    // would take minutes on a loaded machine).
    const config = loadConfig({}, { dataDir, secretKey: SECRET, logLevel: 'silent', passwordCost: { memoryCost: 1024, timeCost: 1 } });
    const ctx = await createContext(config, { logger: createLogger('silent') });
    try {
      const ids: Record<string, string> = {};
      for (const [u, role] of [
        ['root', 'admin'],
        ['mod', 'moderator'],
        ['alice', 'user'],
        ['bob', 'user'],
        ['spammer', 'user'],
      ] as const)
        ids[u] = (await createLocalAccount(ctx, { username: u, email: `${u}@example.org`, password: 'a fine password', role, allowReserved: true })).id;
      const post = await createStatus(ctx, ids.spammer!, { status: 'buy cheap watches', visibility: 'public' } as PostInput);
      await createReport(ctx, ids.alice!, {
        accountId: ids.spammer!,
        statusIds: [post.id],
        comment: 'pure spam',
        category: 'spam',
        ruleIds: [],
        forward: false,
      });
      await ctx.jobs.drain();
    } finally {
      await ctx.close();
    }
  }, 300_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists and searches accounts', () => {
    const all = admin('accounts');
    expect(all.code).toBe(0);
    for (const u of ['root', 'mod', 'alice', 'bob', 'spammer']) expect(all.out).toContain(`@${u}\t`);
    expect(all.out).toMatch(/@root\t\d+\troot@example\.org\tadmin\tactive/);
    const found = admin('search', 'ALI');
    expect(found.out).toContain('@alice');
    expect(found.out).not.toContain('@bob');
    const json = JSON.parse(admin('search', 'bob@example', '--json').out) as Array<{ username: string; state: string }>;
    expect(json).toEqual([expect.objectContaining({ username: 'bob', state: 'active' })]);
  });

  it('lists open reports', () => {
    const r = admin('reports');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 open report\(s\)/);
    expect(r.out).toMatch(/@alice reported @spammer\tspam\t1 post\(s\) "pure spam"/);
  });

  it('suspends and unsuspends, writing the audit log with the acting moderator', () => {
    const missing = admin('suspend', '--username', 'bob');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--reason option is required/);
    const r = admin('suspend', '--username', 'bob', '--reason', 'ban evasion', '--days', '7', '--by', 'mod');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/Suspended @bob for 7 day\(s\) by @mod\. Written to the audit log\./);
    expect(account('bob').suspended_at).toBeTruthy();
    expect(audit('account.suspend')).toEqual([expect.objectContaining({ actor: 'mod', target: 'bob', reason: 'ban evasion' })]);

    const u = admin('unsuspend', '--username', 'bob');
    expect(u.out).toMatch(/Lifted the suspension of @bob\./);
    expect(account('bob').suspended_at).toBeNull();
    expect(audit('account.unsuspend')).toEqual([expect.objectContaining({ actor: null, target: 'bob' })]);
  });

  it('refuses a --by that is not staff, and a moderator acting against an admin', () => {
    const notStaff = admin('silence', '--username', 'bob', '--reason', 'x', '--by', 'alice');
    expect(notStaff.code).toBe(2);
    expect(notStaff.err).toMatch(/@alice is not a moderator or admin/);
    const againstAdmin = admin('suspend', '--username', 'root', '--reason', 'x', '--by', 'mod');
    expect(againstAdmin.code).toBe(1);
    expect(againstAdmin.err).toMatch(/Only an admin can act against an admin/);
    expect(account('root').suspended_at).toBeNull();
  });

  it('silences and unsilences', () => {
    const r = admin('silence', '--username', 'alice', '--reason', 'reply guy', '--rule', 'spam');
    expect(r.out).toMatch(/Silenced @alice: kept out of public timelines/);
    expect(account('alice').limited_at).toBeTruthy();
    expect(audit('account.limit')).toEqual([expect.objectContaining({ target: 'alice', reason: 'reply guy' })]);
    expect(admin('unsilence', '--username', 'alice').out).toMatch(/Lifted the silence on @alice/);
    expect(account('alice').limited_at).toBeNull();
    expect(audit('account.unlimit')).toHaveLength(1);
  });

  it('deletes an account only with --yes, suspending it first', () => {
    const unconfirmed = admin('delete', '--username', 'spammer', '--reason', 'spam');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toMatch(/add --yes to confirm/);
    expect(account('spammer').statuses).toBe(1);
    const r = admin('delete', '--username', 'spammer', '--reason', 'spam', '--yes', '--by', 'root');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/Suspended @spammer by @root/);
    expect(r.out).toMatch(/Deleted the posts and profile of @spammer by @root/);
    expect(account('spammer')).toMatchObject({ statuses: 0 });
    expect(account('spammer').suspended_at).toBeTruthy();
    expect(audit('account.delete_data')).toEqual([expect.objectContaining({ actor: 'root', target: 'spammer' })]);
  });

  it('shows and changes the instance settings, audited', () => {
    const rules = join(dataDir, 'rules.txt');
    writeFileSync(rules, '# our rules\nBe kind | No insults, no pile-ons\n\nNo spam\n');
    const r = admin(
      'instance',
      '--title',
      'Harbour',
      '--description',
      'A port town',
      '--contact-email',
      'desk@harbour.example',
      '--contact-account',
      'mod',
      '--rules-file',
      rules,
    );
    expect(r.err).toBe('');
    expect(r.out).toMatch(/Updated title, description, contactEmail, contactAccountId, rules\. Written to the audit log/);
    expect(r.out).toMatch(/Title: +Harbour/);
    expect(r.out).toMatch(/Contact: +desk@harbour\.example, @mod/);
    expect(r.out).toMatch(/1\. Be kind \| No insults, no pile-ons\n {2}2\. No spam/);
    const shown = admin('instance');
    expect(shown.out).toMatch(/Description: +A port town/);
    const [row] = audit('instance.update');
    expect(JSON.parse(row!.before!)).toMatchObject({ title: 'Tribune' });
    expect(JSON.parse(row!.after!)).toMatchObject({
      title: 'Harbour',
      contactEmail: 'desk@harbour.example',
      rules: [
        { id: '1', text: 'Be kind' },
        { id: '2', text: 'No spam' },
      ],
    });
    const bad = admin('instance', '--contact-email', 'not an address');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/contact e-mail is not an e-mail address/);
  });

  it('prints the instance statistics', () => {
    const r = admin('stats');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Accounts: +5 \(2 staff, 0 awaiting approval\)/);
    expect(r.out).toMatch(/Moderated: +1 suspended, 0 silenced, 0 disabled/);
    // The report about the deleted account's post stays open until a moderator closes it.
    expect(r.out).toMatch(/Open reports: +1/);
    expect(r.out).toMatch(/Posts: +0/);
    expect(r.out).toMatch(/Database: +sqlite, [\d.]+ MB/);
  });
});
