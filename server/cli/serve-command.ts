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

/** `parley serve`: runs until SIGINT/SIGTERM, then closes cleanly. SIGUSR2 reports memory. */
export async function runServe(config: Config, io: CliIo): Promise<number> {
  const server = await startServer(config);
  io.out(`Parley is running at ${server.url}  (API reference: ${server.publicUrl}/docs)`);
  // The widget accepts its own pages only from the public URL, so that is the one to open.
  if (server.publicUrl !== server.url) io.out(`Open it in a browser at ${server.publicUrl}`);
  process.on('SIGUSR2', () => reportMemory(io));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
