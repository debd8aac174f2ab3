import cluster from 'node:cluster';
import { loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { serve } from '../main.js';
import { runPrimary } from './primary.js';

/** `tribune serve [--workers N]`: one process, or a primary with N HTTP processes on one port (WORKERS=N). */
export async function serveCommand(args: string[]): Promise<number> {
  const flag = args.indexOf('--workers');
  if (cluster.isWorker) {
    try {
      return await serve();
    } catch (err) {
      // A worker's channel to the primary keeps its event loop alive: a start that failed ends the process itself
      // (after its error is printed), so the primary sees it die and can give up on a crash loop.
      setTimeout(() => process.exit(1), 1_000).unref();
      cluster.worker?.disconnect();
      throw err;
    }
  }
  const config = loadConfig(readEnv());
  let workers = config.workers;
  if (flag >= 0) {
    const n = Number(args[flag + 1]);
    if (!Number.isInteger(n) || n < 1 || n > 256) {
      console.error('tribune serve: --workers needs a whole number from 1 to 256, e.g. --workers 4');
      return 2;
    }
    workers = n;
  }
  return workers > 1 ? runPrimary(config, workers) : serve();
}
