import type { AppContext } from '../../context.js';

/**
 * The conversations area learns of direct posts through this hook (registered at start, kept in
 * ctx.directStatusHooks so nothing is a module-level singleton). Hooks run after the post is committed and fanned out.
 */
export type DirectStatusHook = (ctx: AppContext, statusId: string) => Promise<void>;

export function onDirectStatus(ctx: AppContext, hook: DirectStatusHook): void {
  ctx.directStatusHooks.push(hook);
}

export function directStatusHooks(ctx: AppContext): readonly DirectStatusHook[] {
  return ctx.directStatusHooks;
}
