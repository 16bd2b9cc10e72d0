import type { Config } from '../config.ts';
import { startServer } from '../main.ts';
import type { CliIo } from './cli-io.ts';

/** `parley serve`: runs until SIGINT/SIGTERM, then closes cleanly. */
export async function runServe(config: Config, io: CliIo): Promise<number> {
  const server = await startServer(config);
  io.out(`Parley is running at ${server.url}  (API reference: ${server.url}/docs)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
