/**
 * What the accounts area asks of federation when a local profile changes: tell the account's remote followers
 * (Update(Person)). The composition root wires the federation area's implementation in.
 */
export interface RemoteProfile {
  announceProfile(accountId: string): Promise<void>;
}

export interface RemoteProfileDeps {
  federation: RemoteProfile;
}
