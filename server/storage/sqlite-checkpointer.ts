/**
 * SQLite's WAL checkpoints, off the event loop. By default the connection that commits
 * checkpoints the WAL into the database file once it passes 1000 pages, inside that
 * commit — copying megabytes and waiting on fsync (`synchronous = NORMAL` syncs only
 * there). With every request on one thread, that stalls them all, tens of milliseconds at
 * a time, several times a second under load (bench/README.md, "Text chat").
 *
 * Here a worker thread with its own connection runs a PASSIVE checkpoint every
 * `intervalMs` (it never waits for the writer, nor the writer for it), and the main
 * connection stops checkpointing by itself. Once the WAL holds more than `restartFrames`
 * pages — steady writes keep a passive checkpoint from ever catching up, so SQLite never
 * starts the WAL over — it runs a RESTART checkpoint, which holds writers back while it
 * copies the few pages left and syncs: a stall of one sync every few seconds of heavy
 * writing, instead of a copy and a sync every few hundred turns. Durability is SQLite's
 * own: a commit is in the WAL either way. Should the worker die, the main connection
 * checkpoints by itself again.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/** The worker, as a script: a bundled server has no file of its own to give it. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
  // Under steady writes a passive checkpoint never catches the writer, and the WAL only
  // grows: past a bound, hold new writers back for the little left to copy, so the next
  // write starts the WAL over.
  if (log > workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** SQLite's own default, restored if the worker goes away. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

export interface SqliteCheckpointer {
  /** Stops the worker and closes its connection; the main connection checkpoints by itself again. */
  stop(): Promise<void>;
}

export function startSqliteCheckpointer(sqlite: SqliteDatabase.Database, path: string, options: { intervalMs?: number; restartFrames?: number } = {}): SqliteCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path,
      intervalMs: options.intervalMs ?? 200,
      // 8192 pages of 4 KB: a WAL of 32 MB at most, give or take one interval of writes.
      restartFrames: options.restartFrames ?? 8192,
    },
  });
  // A checkpointer never keeps a process alive on its own.
  worker.unref();
  sqlite.pragma('wal_autocheckpoint = 0');
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const selfCheckpoint = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  worker.once('error', (error) => {
    selfCheckpoint();
    process.emitWarning(`the SQLite checkpoint worker failed (${error.message}); checkpoints run on the main thread again`);
  });
  return {
    async stop() {
      // Waiting for it to finish is what keeps the process alive now.
      worker.ref();
      worker.postMessage('stop');
      await exited;
      selfCheckpoint();
    },
  };
}
