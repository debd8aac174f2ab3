import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { AppEnv } from './api/env.js';
import { federationRoutes } from './api/federation.js';
import { mountRoutes } from './api/routes.js';
import type { AppContext } from './context.js';
import { isConcurrencyAbort, isForeignKeyViolation, isUniqueViolation } from './db/constraint-errors.js';
import { ApiError, RateLimitedError, UnavailableError } from './errors.js';
import { authenticate } from './middleware/auth.js';
import { clientAddress } from './middleware/client-address.js';
import { corsHeaders, corsPreflight } from './middleware/cors.js';
import { requestLog } from './middleware/request-log.js';
import { refuseNulInUrl } from './middleware/url-hygiene.js';
import { shieldAfterAuth, shieldBeforeAuth } from './shield/middleware.js';

export function createApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async function provideContext(c, next) {
    c.set('ctx', ctx);
    await next();
  });
  app.use(requestId());
  app.use(requestLog(ctx));
  app.use(clientAddress());
  app.use(corsHeaders());
  app.use(shieldBeforeAuth(ctx, app));
  app.use(corsPreflight());
  app.use(refuseNulInUrl());
  app.use(federationRoutes());
  app.use(authenticate());
  app.use(shieldAfterAuth(ctx));

  mountRoutes(app);

  app.notFound((c) => c.json({ error: 'Not found' }, 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      if (err instanceof RateLimitedError || err instanceof UnavailableError) c.header('Retry-After', String(err.retryAfterSeconds));
      return c.json({ error: err.message, ...(err.details ? { details: err.details } : {}) }, err.status);
    }
    if (err instanceof HTTPException) {
      const res = err.getResponse();
      return c.json({ error: err.message || res.statusText || 'Request refused' }, err.status);
    }
    // A write that met a row taken or deleted by a concurrent request: the state a moment later, not a fault.
    if (isUniqueViolation(err) || isConcurrencyAbort(err)) return c.json({ error: 'The request conflicts with a concurrent change: try again' }, 409);
    if (isForeignKeyViolation(err)) return c.json({ error: 'Record not found' }, 404);
    ctx.logger.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
    return c.json({ error: 'Internal server error' }, 500);
  });
  return app;
}
