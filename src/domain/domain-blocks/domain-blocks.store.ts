import type { Kysely, Selectable, Transaction } from 'kysely';
import { fetchPage, type Page } from '../../db/pagination.js';
import type { DB, DomainBlocksTable } from '../../db/schema.js';

export type DomainBlockRow = Selectable<DomainBlocksTable>;
export type Severity = DomainBlockRow['severity'];

/** The domain and every parent of it ("a.b.example" -> a.b.example, b.example, example): a block covers subdomains. */
export function domainAndParents(host: string): string[] {
  const parts = host.toLowerCase().split('.');
  return parts.map((_, i) => parts.slice(i).join('.')).filter(Boolean);
}

export async function listDomainBlocks(db: Kysely<DB>, page: Page): Promise<DomainBlockRow[]> {
  return fetchPage(db.selectFrom('domain_blocks').selectAll(), 'id', page);
}

/** Every admin block with a limit people see (suspend, silence), as the public list shows them. */
export async function limitingDomainBlocks(db: Kysely<DB>): Promise<DomainBlockRow[]> {
  return db.selectFrom('domain_blocks').selectAll().where('severity', 'in', ['suspend', 'silence']).orderBy('domain').execute();
}

export async function findDomainBlock(db: Kysely<DB>, id: string): Promise<DomainBlockRow | undefined> {
  return db.selectFrom('domain_blocks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDomainBlockByDomain(db: Kysely<DB>, domain: string): Promise<DomainBlockRow | undefined> {
  return db.selectFrom('domain_blocks').selectAll().where('domain', '=', domain).executeTakeFirst();
}

/** The admin block that covers `host` (its own or a parent domain's), the most specific first. */
export async function domainBlockCovering(db: Kysely<DB>, host: string): Promise<DomainBlockRow | undefined> {
  const candidates = domainAndParents(host);
  const rows = await db.selectFrom('domain_blocks').selectAll().where('domain', 'in', candidates).execute();
  return rows.sort((x, y) => y.domain.length - x.domain.length)[0];
}

export async function insertDomainBlock(db: Kysely<DB>, row: DomainBlockRow): Promise<void> {
  await db.insertInto('domain_blocks').values(row).execute();
}

export async function updateDomainBlockRow(db: Kysely<DB>, id: string, patch: Partial<Omit<DomainBlockRow, 'id' | 'domain'>>): Promise<void> {
  await db.updateTable('domain_blocks').set(patch).where('id', '=', id).execute();
}

export async function deleteDomainBlockRow(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('domain_blocks').where('id', '=', id).execute();
}

const onDomain = (domain: string) => (eb: any) => eb.or([eb('domain', '=', domain), eb('domain', 'like', `%.${domain.replace(/[%_\\]/g, '')}`)]);

/**
 * Puts a severity on the domain's accounts (and its subdomains'): suspended or limited at `at`, unless they already
 * were. Lifting it with the same `at` clears only what this block set.
 */
export async function markDomainAccounts(db: Kysely<DB>, domain: string, severity: Severity, at: string): Promise<void> {
  if (severity === 'noop') return;
  const column = severity === 'suspend' ? 'suspended_at' : 'limited_at';
  await db
    .updateTable('accounts')
    .set({ [column]: at })
    .where(onDomain(domain))
    .where(column, 'is', null)
    .execute();
}

export async function unmarkDomainAccounts(db: Kysely<DB>, domain: string, severity: Severity, at: string): Promise<void> {
  if (severity === 'noop') return;
  const column = severity === 'suspend' ? 'suspended_at' : 'limited_at';
  await db
    .updateTable('accounts')
    .set({ [column]: null })
    .where(onDomain(domain))
    .where(column, '=', at)
    .execute();
}

/** One remote account newly stored: it takes on the block its domain already has. */
export async function markAccount(db: Kysely<DB>, accountId: string, severity: Severity, at: string): Promise<void> {
  if (severity === 'noop') return;
  const column = severity === 'suspend' ? 'suspended_at' : 'limited_at';
  await db
    .updateTable('accounts')
    .set({ [column]: at })
    .where('id', '=', accountId)
    .where(column, 'is', null)
    .execute();
}

// People's own blocks.

export async function listAccountDomainBlocks(db: Kysely<DB>, accountId: string, page: Page): Promise<Array<{ id: string; domain: string }>> {
  return fetchPage(db.selectFrom('account_domain_blocks').select(['id', 'domain']).where('account_id', '=', accountId), 'id', page);
}

export async function insertAccountDomainBlock(
  db: Kysely<DB> | Transaction<DB>,
  row: { id: string; account_id: string; domain: string; created_at: string },
): Promise<void> {
  await db
    .insertInto('account_domain_blocks')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'domain']).doNothing())
    .execute();
}

export async function deleteAccountDomainBlock(db: Kysely<DB>, accountId: string, domain: string): Promise<void> {
  await db.deleteFrom('account_domain_blocks').where('account_id', '=', accountId).where('domain', '=', domain).execute();
}
