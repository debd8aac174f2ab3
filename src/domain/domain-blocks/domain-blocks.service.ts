import type { Kysely } from 'kysely';
import type { Page } from '../../db/pagination.js';
import type { DB } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { type ChangeDeps, changed, changedEverything } from '../../infra/versions.js';
import { endRelationsWithDomain, type RelationshipsDeps } from '../relationships/relationships.service.js';
import { nowIso } from '../time.js';
import {
  type DomainBlockRow,
  deleteAccountDomainBlock,
  deleteDomainBlockRow,
  domainBlockCovering,
  findDomainBlock,
  findDomainBlockByDomain,
  insertAccountDomainBlock,
  insertDomainBlock,
  listAccountDomainBlocks,
  markAccount,
  markDomainAccounts,
  type Severity,
  unmarkDomainAccounts,
  updateDomainBlockRow,
} from './domain-blocks.store.js';

export type DomainBlocksDeps = ChangeDeps & { ids: { next(): string } };

export interface DomainBlockInput {
  severity?: Severity;
  reject_media?: boolean;
  reject_reports?: boolean;
  obfuscate?: boolean;
  private_comment?: string | null;
  public_comment?: string | null;
}

const flag = (b: boolean | undefined) => (b === undefined ? undefined : b ? 1 : 0);

/**
 * Blocks a server (Mastodon's admin domain block): its accounts here are suspended or limited with it, in one
 * transaction, and new ones take the same limit when they are stored. https://docs.joinmastodon.org/methods/admin/domain_blocks/
 */
export async function createDomainBlock(deps: DomainBlocksDeps, domain: string, input: DomainBlockInput): Promise<DomainBlockRow> {
  const now = nowIso();
  const row = await deps.db.transaction().execute(async (trx) => {
    if (await findDomainBlockByDomain(trx, domain)) throw new ValidationError(`Validation failed: Domain ${domain} is already blocked`, 'domain');
    const row: DomainBlockRow = {
      id: deps.ids.next(),
      domain,
      severity: input.severity ?? 'silence',
      reject_media: flag(input.reject_media) ?? 0,
      reject_reports: flag(input.reject_reports) ?? 0,
      obfuscate: flag(input.obfuscate) ?? 0,
      private_comment: input.private_comment ?? null,
      public_comment: input.public_comment ?? null,
      applied_at: now,
      created_at: now,
    };
    await insertDomainBlock(trx, row);
    await markDomainAccounts(trx, domain, row.severity, now);
    return row;
  });
  // Any rendered page may show the domain's accounts: a sweeping change, as a moderation action is.
  await changedEverything(deps);
  return row;
}

/** Changes a block; a new severity lifts what the old one did to the domain's accounts and applies itself. */
export async function updateDomainBlock(deps: DomainBlocksDeps, id: string, input: DomainBlockInput): Promise<DomainBlockRow> {
  const now = nowIso();
  const row = await deps.db.transaction().execute(async (trx) => {
    const old = await findDomainBlock(trx, id);
    if (!old) throw new NotFoundError();
    const patch = {
      severity: input.severity,
      reject_media: flag(input.reject_media),
      reject_reports: flag(input.reject_reports),
      obfuscate: flag(input.obfuscate),
      private_comment: input.private_comment,
      public_comment: input.public_comment,
    };
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<DomainBlockRow>;
    if (input.severity && input.severity !== old.severity) {
      await unmarkDomainAccounts(trx, old.domain, old.severity, old.applied_at);
      await markDomainAccounts(trx, old.domain, input.severity, now);
      set.applied_at = now;
    }
    if (Object.keys(set).length > 0) await updateDomainBlockRow(trx, id, set);
    return (await findDomainBlock(trx, id))!;
  });
  await changedEverything(deps);
  return row;
}

export async function deleteDomainBlock(deps: DomainBlocksDeps, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const old = await findDomainBlock(trx, id);
    if (!old) throw new NotFoundError();
    await unmarkDomainAccounts(trx, old.domain, old.severity, old.applied_at);
    await deleteDomainBlockRow(trx, id);
  });
  await changedEverything(deps);
}

/** Whether activities from `host` are refused at the inbox. */
export async function isDomainSuspended(db: Kysely<DB>, host: string): Promise<boolean> {
  return (await domainBlockCovering(db, host))?.severity === 'suspend';
}

/** A remote account just stored takes on its domain's block. */
export async function applyDomainBlockToAccount(db: Kysely<DB>, accountId: string, host: string): Promise<void> {
  const block = await domainBlockCovering(db, host);
  if (block) await markAccount(db, accountId, block.severity, block.applied_at);
}

/**
 * Mastodon's obfuscated domain: the middle half hidden with stars, dots kept (DomainBlock#public_domain).
 */
export function obfuscatedDomain(domain: string): string {
  const visible = Math.floor(domain.length / 4);
  return [...domain].map((ch, i) => (i > visible && i < domain.length - visible && ch !== '.' ? '*' : ch)).join('');
}

// People's own blocks: https://docs.joinmastodon.org/methods/domain_blocks/

export async function blockedDomains(db: Kysely<DB>, accountId: string, page: Page) {
  return listAccountDomainBlocks(db, accountId, page);
}

/** Also ends the person's follows with that server's accounts both ways, with the block in one transaction. */
export async function blockDomain(deps: DomainBlocksDeps & RelationshipsDeps, accountId: string, domain: string): Promise<void> {
  await endRelationsWithDomain(deps, accountId, domain, (trx) =>
    insertAccountDomainBlock(trx, { id: deps.ids.next(), account_id: accountId, domain, created_at: nowIso() }),
  );
  await changed(deps, { homes: [accountId] });
}

export async function unblockDomain(deps: DomainBlocksDeps, accountId: string, domain: string): Promise<void> {
  await deleteAccountDomainBlock(deps.db, accountId, domain);
  await changed(deps, { homes: [accountId] });
}
