import { type Context, Hono } from 'hono';
import { escapeHtml } from '../../domain/accounts/note.js';
import { limitingDomainBlocks } from '../../domain/domain-blocks/domain-blocks.store.js';
import { instanceActivity, instanceContactId, instanceRules, instanceUsage, memoInstanceDocument } from '../../domain/instance/instance.service.js';
import { NotFoundError } from '../../errors.js';
import { publicRoute } from '../../middleware/auth.js';
import { CachedBody, sendCachedJson } from '../cached-body.js';
import { serializePublicDomainBlock } from '../entities/domain-block.js';
import { type InstanceFacts, serializeInstanceV1, serializeInstanceV2 } from '../entities/instance.js';
import type { AppEnv } from '../env.js';
import { loadAccounts } from '../render/accounts.js';

export const instanceRoutes = new Hono<AppEnv>();

async function facts(c: Context<AppEnv>): Promise<InstanceFacts> {
  const ctx = c.var.ctx;
  const [rules, usage, adminId] = await Promise.all([instanceRules(ctx), instanceUsage(ctx), instanceContactId(ctx)]);
  const contact = adminId ? ((await loadAccounts(ctx, [adminId])).get(adminId) ?? null) : null;
  return { rules, usage, contact };
}

// Every client asks for these at start-up, without a token: the serialized documents are kept a few seconds.
const DOCUMENT_TTL_MS = 5_000;
function serveDocument(c: Context<AppEnv>, key: string, serialize: (f: InstanceFacts) => unknown) {
  return memoInstanceDocument(c.var.ctx, key, DOCUMENT_TTL_MS, async () => new CachedBody(JSON.stringify(serialize(await facts(c)))));
}
instanceRoutes.get('/api/v2/instance', publicRoute(), async (c) => sendCachedJson(c, await serveDocument(c, 'v2', (f) => serializeInstanceV2(c.var.ctx, f))));
instanceRoutes.get('/api/v1/instance', publicRoute(), async (c) => sendCachedJson(c, await serveDocument(c, 'v1', (f) => serializeInstanceV1(c.var.ctx, f))));
instanceRoutes.get('/api/v1/instance/rules', publicRoute(), async (c) => c.json(await instanceRules(c.var.ctx)));
// Peers are not listed yet.
instanceRoutes.get('/api/v1/instance/peers', publicRoute(), (c) => c.json([]));
// The servers blocked here, obfuscated where the admin asked: https://docs.joinmastodon.org/methods/instance/#domain_blocks
instanceRoutes.get('/api/v1/instance/domain_blocks', publicRoute(), async (c) =>
  c.json((await limitingDomainBlocks(c.var.ctx.db)).map(serializePublicDomainBlock)),
);
instanceRoutes.get('/api/v1/instance/languages', publicRoute(), (c) => c.json([{ code: 'en', name: 'English' }]));
instanceRoutes.get('/api/v1/instance/activity', publicRoute(), async (c) => c.json(await instanceActivity(c.var.ctx)));
instanceRoutes.get('/api/v1/instance/extended_description', publicRoute(), (c) =>
  c.json({ updated_at: new Date(0).toISOString(), content: `<p>${escapeHtml(c.var.ctx.config.instanceDescription)}</p>` }),
);
// Mastodon answers 404 when no privacy policy or terms have been written.
instanceRoutes.get('/api/v1/instance/privacy_policy', publicRoute(), () => {
  throw new NotFoundError();
});
instanceRoutes.get('/api/v1/instance/terms_of_service', publicRoute(), () => {
  throw new NotFoundError();
});
