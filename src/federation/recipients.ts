import type { Recipient } from '@fedify/fedify';
import type { AccountRow } from '../domain/accounts/accounts.store.js';

// Remote accounts as Fedify's delivery recipients: their actor id, inbox and shared inbox.

/** An inbox row (remoteFollowerInboxes, a record of recipients) as a recipient. */
export interface InboxRow {
  uri: string;
  inbox: string | null;
  sharedInbox: string | null;
}

export const recipientOfInbox = (r: InboxRow): Recipient => ({
  id: new URL(r.uri),
  inboxId: r.inbox ? new URL(r.inbox) : null,
  endpoints: r.sharedInbox ? { sharedInbox: new URL(r.sharedInbox) } : null,
});

export const recipientsOfInboxes = (rows: InboxRow[]): Recipient[] => rows.map(recipientOfInbox);

/** A stored remote account (its `uri` set) as a recipient. */
export const recipientOfAccount = (a: AccountRow): Recipient => recipientOfInbox({ uri: a.uri!, inbox: a.inbox_url, sharedInbox: a.shared_inbox_url });
