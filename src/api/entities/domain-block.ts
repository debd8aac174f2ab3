import { createHash } from 'node:crypto';
import { obfuscatedDomain } from '../../domain/domain-blocks/domain-blocks.service.js';
import type { DomainBlockRow } from '../../domain/domain-blocks/domain-blocks.store.js';

const digest = (domain: string) => createHash('sha256').update(domain).digest('hex');

/** Mastodon's Admin::DomainBlock: https://docs.joinmastodon.org/entities/Admin_DomainBlock/ */
export function serializeAdminDomainBlock(b: DomainBlockRow) {
  return {
    id: b.id,
    domain: b.domain,
    digest: digest(b.domain),
    created_at: b.created_at,
    severity: b.severity,
    reject_media: b.reject_media === 1,
    reject_reports: b.reject_reports === 1,
    private_comment: b.private_comment,
    public_comment: b.public_comment,
    obfuscate: b.obfuscate === 1,
  };
}

/** Mastodon's DomainBlock, as the instance lists it: https://docs.joinmastodon.org/entities/DomainBlock/ */
export function serializePublicDomainBlock(b: DomainBlockRow) {
  return {
    domain: b.obfuscate === 1 ? obfuscatedDomain(b.domain) : b.domain,
    digest: digest(b.domain),
    severity: b.severity,
    comment: b.public_comment ?? '',
  };
}
