import type { Infra } from '../infra/infra.js';
import type { AttackSetting } from './attack-mode.js';
import { type AttackController, createAttackController } from './attack-mode.js';
import { connectionHygiene } from './connection-hygiene.js';
import { clusterStore, createPolicyLimiter, type LimiterStore, memoryStore, type PolicyLimiter, redisStore } from './limiter.js';
import { createMetrics, type ShieldMetrics } from './metrics.js';
import { createMicroCache, type MicroCache } from './micro-cache.js';
import { loadAttackSetting, loadMode, type ModeState, NORMAL, type ServerMode, saveAttackSetting, saveMode } from './modes.js';
import { resolveOptions, type ShieldOptions } from './options.js';
import { createSpentSeeds, deriveKey } from './pow.js';

/** The shield's long-lived state, kept in ctx.shield. */
export interface Shield {
  /** False with SHIELD=off: no limits, cache, challenges or shedding (modes still apply). */
  enabled: boolean;
  options: ShieldOptions;
  store: LimiterStore;
  limiter: PolicyLimiter;
  cache: MicroCache;
  attack: AttackController;
  metrics: ShieldMetrics;
  key: Buffer;
  spentSeeds: ReturnType<typeof createSpentSeeds>;
  /** Uncached anonymous renders running now (the work shed first under overload). */
  anonInFlight: number;
  /** Current maintenance/read-only mode, as last read from the database. */
  mode: ModeState;
  refreshMode(): Promise<ModeState>;
  setMode(mode: ServerMode, message?: string, retryAfter?: number): Promise<ModeState>;
  /** Sets under-attack mode (auto, on, off) here and in the database, for every process. */
  setAttack(setting: AttackSetting): Promise<void>;
  /** Internal revalidation requests carry this secret header value, so the outside cannot bypass the cache. */
  revalidateToken: string;
}

/** Builds the shield, with its server hook and its close handler. */
export async function createShield(ctx: Pick<Infra, 'config' | 'db' | 'logger' | 'serverHooks' | 'onClose'>): Promise<Shield> {
  const options = resolveOptions(ctx.config.shield ?? {});
  const enabled = ctx.config.shieldEnabled;
  const store =
    enabled && ctx.config.redisUrl ? redisStore(ctx.config.redisUrl) : enabled && ctx.config.workerSlot !== undefined ? clusterStore() : memoryStore();
  if (enabled && !(await store.ready())) ctx.logger.warn('shield: Redis is not reachable yet; limits are counted in this process until it is');
  const attack = createAttackController(options, enabled);
  let persistedAttack: AttackSetting = 'auto';
  const shield: Shield = {
    enabled,
    options,
    store,
    limiter: createPolicyLimiter(options, store),
    cache: createMicroCache(options.cacheMaxEntries),
    attack,
    metrics: createMetrics(),
    key: deriveKey(ctx.config.secretKey),
    spentSeeds: createSpentSeeds(),
    anonInFlight: 0,
    mode: NORMAL,
    async refreshMode() {
      try {
        shield.mode = await loadMode(ctx.db);
        // Applied only when it changed, so the automatic switch is not overridden every poll.
        const setting = await loadAttackSetting(ctx.db);
        if (setting !== persistedAttack) {
          persistedAttack = setting;
          attack.set(setting);
        }
      } catch (err) {
        ctx.logger.warn({ err }, 'shield: could not read the server mode; keeping the last one');
      }
      return shield.mode;
    },
    async setMode(mode, message, retryAfter) {
      shield.mode = await saveMode(ctx.db, mode, message, retryAfter);
      ctx.logger.warn({ mode, message: shield.mode.message }, 'server mode changed');
      return shield.mode;
    },
    async setAttack(setting) {
      await saveAttackSetting(ctx.db, setting);
      persistedAttack = setting;
      attack.set(setting);
    },
    revalidateToken: deriveKey(`${ctx.config.secretKey}:${Date.now()}:${Math.random()}`).toString('hex'),
  };
  attack.onChange((active) => ctx.logger.warn({ active, load: attack.load }, active ? 'under-attack mode on' : 'under-attack mode off'));
  await shield.refreshMode();
  const poll = setInterval(() => void shield.refreshMode(), options.modePollMs);
  poll.unref();
  if (enabled) ctx.serverHooks.push((server) => connectionHygiene(server, { config: ctx.config, shield }));
  ctx.onClose.push(async () => {
    clearInterval(poll);
    attack.stop();
    await store.close();
  });
  return shield;
}
