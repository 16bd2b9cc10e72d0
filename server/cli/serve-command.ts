import type { Config } from '../config.ts';
import { startServer } from '../main.ts';
import type { CliIo } from './cli-io.ts';

/** A line an operator (or the load test) can read: memory after a full GC when exposed. */
function reportMemory(io: CliIo): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  io.out(`memory ${JSON.stringify({ rss, heapUsed, heapTotal, external, gc: gc !== undefined })}`);
}

/**
 * `parley serve`: runs until SIGINT/SIGTERM, then drains (turns in progress are answered,
 * within PARLEY_SHUTDOWN_GRACE_MS) and closes. A second signal during the drain is not
 * caught: it stops the process at once. SIGUSR2 reports memory.
 */
export async function runServe(config: Config, io: CliIo): Promise<number> {
  const server = await startServer(config);
  io.out(`Parley is running at ${server.url}  (API reference: ${server.publicUrl}/docs)`);
  // The widget accepts its own pages only from the public URL, so that is the one to open.
  if (server.publicUrl !== server.url) io.out(`Open it in a browser at ${server.publicUrl}`);
  process.on('SIGUSR2', () => reportMemory(io));
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (name: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(name);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.out(`${signal}: finishing work in progress (up to ${config.PARLEY_SHUTDOWN_GRACE_MS} ms), then stopping`);
  await server.close();
  return 0;
}
