import type { AppContext } from '../../context.js';

/**
 * The conversations area learns of direct posts through this hook (registered at start, kept in
 * ctx.services so nothing is a module-level singleton). Hooks run after the post is committed and fanned out.
 */
export type DirectStatusHook = (ctx: AppContext, statusId: string) => Promise<void>;

const KEY = 'statuses.directStatusHooks';

export function onDirectStatus(ctx: AppContext, hook: DirectStatusHook): void {
  const list = (ctx.services[KEY] as DirectStatusHook[] | undefined) ?? [];
  list.push(hook);
  ctx.services[KEY] = list;
}

export function directStatusHooks(ctx: AppContext): DirectStatusHook[] {
  return (ctx.services[KEY] as DirectStatusHook[] | undefined) ?? [];
}
