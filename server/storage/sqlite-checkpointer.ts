/**
 * SQLite's WAL checkpoints, off the event loop. By default the connection that commits
 * checkpoints the WAL into the database file once it passes 1000 pages, inside that
 * commit — copying megabytes and waiting on fsync (`synchronous = NORMAL` syncs only
 * there). With every request on one thread, that stalls them all, tens of milliseconds at
 * a time, several times a second under load (bench/README.md, "Text chat").
 *
 * Here a worker thread with its own connection runs a PASSIVE checkpoint every
 * `intervalMs`: it never waits for the writer, nor the writer for it, and the main
 * connection stops checkpointing by itself. Under steady writes one pass rarely copies
 * the WAL's last frame before the next commit lands, and SQLite starts the WAL over only
 * when a writer finds every frame copied. So once the WAL holds more than
 * `restartFrames` pages, passes run back to back, each copying the few frames committed
 * during the last, until two in a row find every frame copied and nothing new; the
 * writer's next transaction then starts the WAL over by itself, with nothing held back.
 *
 * A RESTART checkpoint would do the same in one call, but it holds writers back while it
 * copies and syncs, and the main thread waits that out asleep in SQLite's busy handler:
 * ~20 ms of a stopped server every second or two under load (measured, bench/README.md
 * "The paced run's stalls"). It remains the last resort, should the WAL pass
 * `stuckFrames` because writes outran every pass. Durability is SQLite's own: a commit
 * is in the WAL either way. Should the worker die, the main connection checkpoints by
 * itself again.
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
  let previous = -1;
  for (let pass = 0; pass < workerData.catchUpPasses; pass++) {
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
    // Small enough to wait for the next tick (or just started over).
    if (log <= workerData.restartFrames) return;
    // Every frame copied and none committed since the last pass: the next write starts
    // the WAL over. (A pass's own "all copied" is as of its start: a commit may have
    // landed while it copied, so it takes two passes that agree.)
    if (checkpointed === log && log === previous) return;
    // Writes outran the passes for long: hold writers back for what is left, once.
    if (log > workerData.stuckFrames) {
      db.pragma('wal_checkpoint(RESTART)');
      return;
    }
    previous = log;
  }
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

export interface CheckpointerOptions {
  /** How often a pass runs while the WAL is small (ms). */
  intervalMs?: number;
  /** Past this many pages, passes run back to back until every frame is copied and nothing new was committed. */
  restartFrames?: number;
  /** At most this many passes a tick; the next tick goes on. */
  catchUpPasses?: number;
  /** Past this many pages, one RESTART checkpoint, holding writers back. */
  stuckFrames?: number;
}

export function startSqliteCheckpointer(sqlite: SqliteDatabase.Database, path: string, options: CheckpointerOptions = {}): SqliteCheckpointer {
  const restartFrames = options.restartFrames ?? 8192;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path,
      intervalMs: options.intervalMs ?? 200,
      // 8192 pages of 4 KB: a WAL of 32 MB, give or take what is written while passes catch up.
      restartFrames,
      catchUpPasses: options.catchUpPasses ?? 50,
      stuckFrames: options.stuckFrames ?? 4 * restartFrames,
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
