/** What search asks of federation: an account of another server, by handle, stored here; its id or null. */
export interface RemoteLookup {
  resolveAccount(username: string, domain: string): Promise<string | null>;
}

export interface RemoteLookupDeps {
  federation: RemoteLookup;
}
