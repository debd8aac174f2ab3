// Open streaming connections per account in this process (WebSocket and server-sent events together):
// each holds listeners and renders every event, so one token must not open them without end.
export const MAX_STREAMS_PER_ACCOUNT = 50;

export interface StreamSlotsDeps {
  streamSlots: Map<string, number>;
}

/** Takes a connection slot for the account; returns its release function, or null when the account is at its limit. */
export function acquireStreamSlot(ctx: StreamSlotsDeps, accountId: string): (() => void) | null {
  const m = ctx.streamSlots;
  const n = m.get(accountId) ?? 0;
  if (n >= MAX_STREAMS_PER_ACCOUNT) return null;
  m.set(accountId, n + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (m.get(accountId) ?? 1) - 1;
    if (left <= 0) m.delete(accountId);
    else m.set(accountId, left);
  };
}
