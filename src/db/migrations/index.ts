import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Dialect } from '../create-db.js';
import * as core0001 from './0001-core.js';
import * as accountsAuth0100 from './0100-accounts-auth.js';
import * as accountsNotes0101 from './0101-accounts-notes.js';
import * as statusesExtras0200 from './0200-statuses-extras.js';
import * as statusesPublicIndex0201 from './0201-statuses-public-index.js';
import * as statusesSearchFolded0202 from './0202-statuses-search-folded.js';
import * as statusesQuoteState0203 from './0203-statuses-quote-state.js';
import * as statusesFtsSecureDelete0204 from './0204-statuses-fts-secure-delete.js';
import * as notificationsConversations0300 from './0300-notifications-conversations.js';
import * as moderation0400 from './0400-moderation-core.js';
import * as webPush0600 from './0600-web-push-subscriptions.js';
import * as notificationsOnce0800 from './0800-notifications-once.js';
import * as polls0910 from './0910-polls.js';
import * as lists0920 from './0920-lists.js';
import * as filters0930 from './0930-filters.js';
import * as scheduledStatuses0940 from './0940-scheduled-statuses.js';
import * as previewCards0950 from './0950-preview-cards.js';
import * as moderationLanguageForm0960 from './0960-moderation-language-form.js';
import * as hashLists0970 from './0970-hash-lists.js';
import * as fanoutOnRead0980 from './0980-fanout-on-read.js';
import * as notificationPolicies0990 from './0990-notification-policies.js';
import * as media1000 from './1000-media.js';
import * as clients1010 from './1010-clients.js';
import * as customEmojis1020 from './1020-custom-emojis.js';
import * as mediaOrderReserved1021 from './1021-media-order-reserved.js';
import * as accountData1075 from './1075-account-data.js';
import * as federation1100 from './1100-federation.js';
import * as domainBlocks1110 from './1110-domain-blocks.js';
import * as remoteProfiles1120 from './1120-remote-profiles.js';
import * as federatedReports1130 from './1130-federated-reports.js';
import * as accountMoves1140 from './1140-account-moves.js';
import * as remoteMedia1141 from './1141-remote-media.js';

export interface MigrationContext {
  dialect: Dialect;
}

type MigrationModule = {
  up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
  down?(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
};

// Listed here, in order, so migrations ship inside the code with no file-system lookup.
// Never edit a migration that has landed: add a new one.
const MIGRATIONS: Record<string, MigrationModule> = {
  '0001-core': core0001,
  '0100-accounts-auth': accountsAuth0100,
  '0101-accounts-notes': accountsNotes0101,
  '0200-statuses-extras': statusesExtras0200,
  '0201-statuses-public-index': statusesPublicIndex0201,
  '0202-statuses-search-folded': statusesSearchFolded0202,
  '0203-statuses-quote-state': statusesQuoteState0203,
  '0204-statuses-fts-secure-delete': statusesFtsSecureDelete0204,
  '0300-notifications-conversations': notificationsConversations0300,
  '0400-moderation-core': moderation0400,
  '0600-web-push-subscriptions': webPush0600,
  '0800-notifications-once': notificationsOnce0800,
  '0910-polls': polls0910,
  '0920-lists': lists0920,
  '0930-filters': filters0930,
  '0940-scheduled-statuses': scheduledStatuses0940,
  '0950-preview-cards': previewCards0950,
  '0960-moderation-language-form': moderationLanguageForm0960,
  '0970-hash-lists': hashLists0970,
  '0980-fanout-on-read': fanoutOnRead0980,
  '0990-notification-policies': notificationPolicies0990,
  '1010-clients': clients1010,
  '1020-custom-emojis': customEmojis1020,
  '1021-media-order-reserved': mediaOrderReserved1021,
  '1000-media': media1000,
  '1075-account-data': accountData1075,
  '1100-federation': federation1100,
  '1110-domain-blocks': domainBlocks1110,
  '1120-remote-profiles': remoteProfiles1120,
  '1130-federated-reports': federatedReports1130,
  '1140-account-moves': accountMoves1140,
  '1141-remote-media': remoteMedia1141,
};

/** Every migration this code knows, in order (a backup records which ones its database had run). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

class StaticProvider implements MigrationProvider {
  constructor(
    private readonly dialect: Dialect,
    private readonly only?: ReadonlySet<string>,
  ) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const ctx = { dialect: this.dialect };
    return Object.fromEntries(
      Object.entries(MIGRATIONS)
        .filter(([name]) => !this.only || this.only.has(name))
        .map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, ctx), down: m.down ? (db: Kysely<unknown>) => m.down!(db, ctx) : undefined }]),
    );
  }
}

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema up to date; each migration runs in its own transaction.
 * `only` limits it to those migrations (a restore first builds the schema its archive was taken with).
 */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, opts: { only?: ReadonlySet<string> } = {}): Promise<MigrationReport> {
  // Kysely looks for its tables in every schema unless told which: pin the current one, or a database
  // holding other schemas (parallel test files on one PostgreSQL server) makes it skip creating them.
  const schema = dialect === 'pg' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: new StaticProvider(dialect, opts.only),
    migrationTableName: 'tribune_migrations',
    migrationLockTableName: 'tribune_migrations_lock',
    // Each area numbers its migrations in its own range, so a later one may sort before one already applied.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { applied };
}
