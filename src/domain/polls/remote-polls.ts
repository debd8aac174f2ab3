/** What polls ask of federation (src/federation/polls.ts): a local vote in a remote poll goes to its author. */
export interface RemotePolls {
  deliverVotes(accountId: string, statusId: string, titles: string[]): Promise<void>;
}
