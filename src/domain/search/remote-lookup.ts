/** What search asks of federation: accounts and posts of other servers, stored here. */
export interface RemoteLookup {
  /** An account of another server, by handle; its id or null. */
  resolveAccount(username: string, domain: string): Promise<string | null>;
  /** A remote post or actor by its URL (fetched, screened and stored); null when it is neither or cannot be had. */
  resolveUrl(url: string): Promise<{ statusId: string } | { accountId: string } | null>;
}

export interface RemoteLookupDeps {
  federation: RemoteLookup;
}
