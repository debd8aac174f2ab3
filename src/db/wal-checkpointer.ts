import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background connection copies the write-ahead log into the database file. */
export const CHECKPOINT_EVERY_MS = 200;

// CommonJS run by the worker thread: its own connection to the file, a PASSIVE checkpoint on a timer (it waits for
// no reader nor writer), closed when told.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
db.pragma('wal_autocheckpoint = 0');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * SQLite copies its write-ahead log into the database file (a checkpoint, with an fsync) inside whichever write
 * commits past 1,000 pages: on a large database that statement held the event loop for 100 to 350 ms (a fan-out's
 * home rows, bench:fanout). The caller turns that off (`wal_autocheckpoint = 0`) and this thread checkpoints instead,
 * off the event loop, every CHECKPOINT_EVERY_MS.
 */
export function startWalCheckpointer(path: string, onFailure: () => void): WalCheckpointer {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { path, module: createRequire(import.meta.url).resolve('better-sqlite3'), everyMs: CHECKPOINT_EVERY_MS },
  });
  // Without the thread the log would grow without end: the caller turns SQLite's own checkpoints back on.
  worker.on('error', (err: Error) => {
    console.warn(`SQLite checkpoint thread stopped (${err.message}); checkpoints run in statements again.`);
    onFailure();
  });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Held until it has ended: an unref'd thread would let a process with nothing else to do end mid-close. Ended
      // outright, as a checkpoint cut short is safe (SQLite resumes it at the next one).
      worker.ref();
      await worker.terminate();
      await exited;
    },
  };
}
