import type { AppContext } from '../context.js';
import type { Viewer } from '../domain/auth/tokens.js';

/** Hono's typing for Tribune's app: every handler can reach the context and the viewer. */
export interface AppEnv {
  Variables: {
    ctx: AppContext;
    viewer: Viewer | null;
    requestId: string;
    /** The client's address, from the socket or (behind TRUSTED_PROXIES) X-Forwarded-For. */
    clientIp: string;
    /** The request's parameters as validated by params(): the only query a Link header carries on. */
    params?: Record<string, unknown>;
  };
}
