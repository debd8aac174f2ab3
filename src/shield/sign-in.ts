import { addressKeys } from './ip.js';
import type { Shield } from './shield.service.js';

export type SignInShieldDeps = { shield: Shield };

// Failed sign-ins are limited per login from one address (`signInFailures`) and per login from every address
// together (`signInAccountFailures`): one person's typos, or a guess at one account, are refused until the window
// passes, without checking the password, while other people behind the same address (a school, carrier NAT) sign
// in as usual. Failures across many logins from one address are the `auth` policy's (only failures count there).
// Waits are bounded by the windows: an owner is slowed down, never locked out for good.

export interface SignInVerdict {
  allowed: boolean;
  /** When refused: seconds until the next attempt is accepted. */
  retryAfterSeconds: number;
}

function keysOf(login: string, address: string | undefined): { pair: string; account: string } {
  const name = login.trim().toLowerCase();
  return { pair: `signin:${name}@${address ? addressKeys(address).address : '-'}`, account: `signin:${name}` };
}

/** Call before checking the password of `login` (username or email) sent from `address`. */
export async function checkSignInAllowed(ctx: SignInShieldDeps, login: string, address?: string): Promise<SignInVerdict> {
  const shield = ctx.shield;
  if (!shield.enabled) return { allowed: true, retryAfterSeconds: 0 };
  const k = keysOf(login, address);
  const { signInFailures: pairWindow, signInAccountFailures: accountWindow } = shield.options;
  const [pair, account] = await Promise.all([
    shield.limiter.peekWindow('sign-in-failures', k.pair, pairWindow),
    shield.limiter.peekWindow('sign-in-account-failures', k.account, accountWindow),
  ]);
  const waits = [
    pair && pair.consumed >= pairWindow.points ? pair.msBeforeNext : 0,
    account && account.consumed >= accountWindow.points ? account.msBeforeNext : 0,
  ];
  const wait = Math.max(...waits);
  if (wait > 0) {
    shield.metrics.count('limited', 'sign-in');
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
  }
  return { allowed: true, retryAfterSeconds: 0 };
}

/** Call after a wrong password for `login` from `address`. */
export async function recordSignInFailure(ctx: SignInShieldDeps, login: string, address?: string): Promise<void> {
  const shield = ctx.shield;
  if (!shield.enabled) return;
  const k = keysOf(login, address);
  await Promise.all([
    shield.limiter.consumeWindow('sign-in-failures', k.pair, shield.options.signInFailures),
    shield.limiter.consumeWindow('sign-in-account-failures', k.account, shield.options.signInAccountFailures),
  ]);
}

/**
 * Call after a successful sign-in: the person's own typos from that address are forgotten. The count for the
 * login from every address stays until its window passes, so a guesser cannot reset it with the owner's success.
 */
export async function recordSignInSuccess(ctx: SignInShieldDeps, login: string, address?: string): Promise<void> {
  const shield = ctx.shield;
  if (!shield.enabled) return;
  await shield.limiter.resetWindow('sign-in-failures', keysOf(login, address).pair, shield.options.signInFailures);
}
