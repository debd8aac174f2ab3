import type { AppContext } from '../context.js';

// Repeated sign-in failures for one login slow down that login from every address: after
// `signInFailures.points` failures in `duration` seconds, sign-in waits until the window passes.
// The wait is bounded by the window, so the owner is never locked out for good; a success clears it.

export interface SignInVerdict {
  allowed: boolean;
  /** When refused: seconds until the next attempt is accepted. */
  retryAfterSeconds: number;
}

const keyOf = (login: string) => `signin:${login.trim().toLowerCase()}`;

/** Call before checking the password of `login` (username or email). */
export async function checkSignInAllowed(ctx: AppContext, login: string): Promise<SignInVerdict> {
  const shield = ctx.shield;
  if (!shield.enabled) return { allowed: true, retryAfterSeconds: 0 };
  const w = shield.options.signInFailures;
  const res = await shield.limiter.peekWindow('sign-in-failures', keyOf(login), w);
  if (res && res.consumed >= w.points) {
    shield.metrics.count('limited', 'sign-in');
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }
  return { allowed: true, retryAfterSeconds: 0 };
}

/** Call after a wrong password for `login`. */
export async function recordSignInFailure(ctx: AppContext, login: string): Promise<void> {
  const shield = ctx.shield;
  if (!shield.enabled) return;
  await shield.limiter.consumeWindow('sign-in-failures', keyOf(login), shield.options.signInFailures);
}

/** Call after a successful sign-in: the owner starts afresh. */
export async function recordSignInSuccess(ctx: AppContext, login: string): Promise<void> {
  const shield = ctx.shield;
  if (!shield.enabled) return;
  await shield.limiter.resetWindow('sign-in-failures', keyOf(login), shield.options.signInFailures);
}
