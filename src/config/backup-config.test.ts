import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tribune-backup-config-'));
const RECIPIENT = 'age1zn9dvns44psel9rme4fpry8steyv6sfr73x2s243xvkpmfthyd6qjgtrr7';
const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'k'.repeat(64), ...env });

describe('backup settings', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reads the target, the period, the recipients, retention and the S3 connection', () => {
    const c = load({
      BACKUP_TARGET: 's3://backups/example',
      BACKUP_EVERY: '15m',
      BACKUP_RECIPIENT: `${RECIPIENT}, ${RECIPIENT}`,
      BACKUP_KEEP_DAILY: '7',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
    });
    expect(c.backup).toMatchObject({ target: 's3://backups/example', everyMs: 900_000, recipients: [RECIPIENT, RECIPIENT], keepHourly: 24, keepDaily: 7 });
    expect(c.backup.s3).toMatchObject({ endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true });
    expect(load({}).backup).toMatchObject({ target: undefined, everyMs: undefined, recipients: [] });
  });

  it('refuses a schedule without a recipient or a target, and a recipient that is not one, saying what to set', () => {
    expect(() => load({ BACKUP_TARGET: '/backups', BACKUP_EVERY: '1h' })).toThrow(/BACKUP_RECIPIENT is not set.*tribune backup keygen/);
    expect(() => load({ BACKUP_EVERY: '1h', BACKUP_RECIPIENT: RECIPIENT })).toThrow(/BACKUP_EVERY needs BACKUP_TARGET/);
    expect(() => load({ BACKUP_RECIPIENT: 'AGE-SECRET-KEY-1QQQ' })).toThrow(ConfigError);
    expect(() => load({ BACKUP_RECIPIENT: 'AGE-SECRET-KEY-1QQQ' })).toThrow(/BACKUP_RECIPIENT: "AGE-SECRET-K\.\.\." is not an age recipient/);
    expect(() => load({ BACKUP_TARGET: '/backups', BACKUP_EVERY: 'hourly', BACKUP_RECIPIENT: RECIPIENT })).toThrow(/BACKUP_EVERY: must be a number and a unit/);
  });
});
